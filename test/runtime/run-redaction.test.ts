import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addConnection,
  configureLinear,
  type Harness,
  removeDataDir,
  startHarness,
} from './helpers/runtime-harness.ts';

/**
 * A run's record (its result, error and logs, shown on the console and kept in the database) never holds a
 * secret the runtime knows: connection tokens, the OAuth client secret (a secret server variable), the app
 * tokens and members' route tokens. The fixture functions echo their input, so a secret a function returns
 * is exactly what the test puts in.
 */
const IDS = {
  whoami: '9b6c7d8e-af01-4c12-93e4-5f6071829304',
  stageChanged: 'ce9fa0b1-d234-4f45-8617-829304152637',
};
const CLIENT_SECRET = 'lin-client-secret-value';

describe('secrets in run records', () => {
  let harness: Harness;
  let secrets: Record<string, string>;
  beforeAll(async () => {
    harness = await startHarness();
    await configureLinear(harness);
    await addConnection(harness, { member: 'ada', visibility: 'user' });
    const [connection] = harness.services.ctx.connections.list();
    const { ctx } = harness.services;
    secrets = {
      accessToken: connection!.accessToken,
      refreshToken: connection!.refreshToken!,
      clientSecret: CLIENT_SECRET,
      apiKey: ctx.secrets.apiKey,
      appToken: ctx.secrets.appToken,
      routeToken: ctx.members.byId('ada')!.routeToken,
    };
  });
  afterAll(async () => {
    await harness.stop();
    removeDataDir(harness.dataDir);
  });

  const expectRedacted = (value: unknown) => {
    const text = JSON.stringify(value);
    for (const [name, secret] of Object.entries(secrets)) expect(text, name).not.toContain(secret);
  };

  it('redacts every known secret a tool returns, in the answer and in the stored run', async () => {
    expect(Object.values(secrets).every((s) => s.length >= 6)).toBe(true);
    const run = await harness.api('POST', `/api/functions/${IDS.whoami}/run`, {
      trigger: 'tool',
      member: 'ada',
      input: { note: secrets, clientSecret: CLIENT_SECRET, accessToken: secrets.accessToken },
    });
    expect(run.status).toBe(200);
    expect(run.body.ok).toBe(true);
    expect(run.body.result.connected).toBe(true);
    expect(run.body.result.payload.clientSecret).toBe('[redacted]');
    expect(run.body.result.payload.accessToken).toBe('[redacted]');
    expect(run.body.result.payload.note).toEqual(
      Object.fromEntries(Object.keys(secrets).map((name) => [name, '[redacted]'])),
    );
    expectRedacted(run.body);
    const stored = harness.services.ctx.runs.recent(5).find((r) => r.runId === run.body.runId);
    expect(stored?.result).toEqual(run.body.result);
    expectRedacted(stored);
    expectRedacted((await harness.api('GET', '/api/runs')).body);
  });

  it('redacts the client secret and tokens in a database-event run’s result', async () => {
    const emitted = await harness.api('POST', '/api/events', {
      eventName: 'opportunity.updated',
      before: { stage: 'MEETING' },
      after: { stage: 'PROPOSAL', notes: `pasted ${CLIENT_SECRET} and ${secrets.accessToken}` },
    });
    expect(emitted.status).toBe(200);
    const run = emitted.body.runs.find((r: { functionId: string }) => r.functionId === IDS.stageChanged);
    expect(run).toBeDefined();
    expect(JSON.stringify(run.result)).toContain('pasted [redacted] and [redacted]');
    expectRedacted(emitted.body);
    expectRedacted(harness.services.ctx.runs.recent(10));
  });

  it('keeps values that are not secrets as they are', async () => {
    const run = await harness.api('POST', `/api/functions/${IDS.whoami}/run`, {
      trigger: 'tool',
      member: 'ada',
      input: { note: 'lin-client-id and an ordinary sentence' },
    });
    expect(run.body.result.payload.note).toBe('lin-client-id and an ordinary sentence');
    expect(run.body.result.env.clientId).toBe('lin-client-id');
  });
});
