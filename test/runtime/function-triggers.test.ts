import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addConnection,
  configureLinear,
  type Harness,
  removeDataDir,
  startHarness,
} from './helpers/runtime-harness.ts';

const IDS = {
  whoami: '9b6c7d8e-af01-4c12-93e4-5f6071829304',
  flakyCron: 'bd8e9fa0-c123-4e34-b506-718293041526',
  stageChanged: 'ce9fa0b1-d234-4f45-8617-829304152637',
  slow: 'dfa0b1c2-e345-4056-9728-930415263748',
};

describe('logic functions through their triggers', () => {
  let harness: Harness;
  let adaConnection: string;
  beforeAll(async () => {
    harness = await startHarness();
    await configureLinear(harness);
    adaConnection = (await addConnection(harness, { member: 'ada', visibility: 'user' })).searchParams.get(
      'connected',
    )!;
  });
  afterAll(async () => {
    await harness.stop();
    removeDataDir(harness.dataDir);
  });

  const route = (path: string, token: string | null, body: unknown = {}) =>
    fetch(`${harness.baseUrl}/s${path}?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('serves a route with a member bearer token and Twenty route payload', async () => {
    const ada = harness.services.ctx.members.byId('ada')!;
    const response = await route('/whoami/eng', ada.routeToken, { hello: 'world' });
    expect(response.status).toBe(200);
    const result = await response.json();
    expect(result).toMatchObject({ connected: true, connectionId: adaConnection });
    expect(result.payload).toMatchObject({
      body: { hello: 'world' },
      rawBody: '{"hello":"world"}',
      pathParameters: { team: 'eng' },
      queryStringParameters: { x: '1' },
      isBase64Encoded: false,
      userWorkspaceId: ada.userWorkspaceId,
    });
    expect(result.payload.headers).not.toHaveProperty('authorization');
  });

  it("never hands a member another member's personal connection (route and tool)", async () => {
    const grace = harness.services.ctx.members.byId('grace')!;
    const viaRoute = await (await route('/whoami/eng', grace.routeToken)).json();
    expect(viaRoute.connected).toBe(false);
    const viaTool = await harness.api('POST', `/api/functions/${IDS.whoami}/run`, {
      trigger: 'tool',
      member: 'grace',
      input: {},
    });
    expect(viaTool.body.result.connected).toBe(false);
    const viaApiKey = await (await route('/whoami/eng', harness.services.ctx.secrets.apiKey)).json();
    expect(viaApiKey.payload.userWorkspaceId).toBeNull();
    expect(viaApiKey.connected).toBe(false);
  });

  it('answers 401 without valid auth, 404 for unknown routes and for a method mismatch (as Twenty)', async () => {
    expect((await route('/whoami/eng', null)).status).toBe(401);
    expect((await route('/whoami/eng', 'not-a-token')).status).toBe(401);
    expect((await route('/nowhere', null)).status).toBe(404);
    const wrongMethod = await fetch(`${harness.baseUrl}/s/whoami/eng`, { method: 'GET' });
    expect(wrongMethod.status).toBe(404);
  });

  it("maps the SDK's Response to status and only the headers Twenty passes", async () => {
    const response = await route('/whoami/eng', harness.services.ctx.secrets.apiKey, { teapot: true });
    expect(response.status).toBe(418);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.headers.get('x-secret')).toBeNull();
    expect(await response.json()).toEqual({ error: 'teapot' });
  });

  it('retries a queued cron run on RetryableLogicFunctionError with retryCount and maxRetries', async () => {
    const run = await harness.api('POST', `/api/functions/${IDS.flakyCron}/run`, { trigger: 'cron' });
    expect(run.body).toMatchObject({ ok: true, attempts: 3, result: { retryCount: 2 } });
  });

  it("emits database events with Twenty's payload and respects the updatedFields filter", async () => {
    const before = { id: 'r1', name: 'Deal', stage: 'NEW', amount: 10 };
    const changed = await harness.api('POST', '/api/events', {
      eventName: 'opportunity.updated',
      recordId: 'r1',
      before,
      after: { ...before, stage: 'WON' },
    });
    expect(changed.body.runs).toHaveLength(1);
    expect(changed.body.runs[0].result).toMatchObject({
      name: 'opportunity.updated',
      recordId: 'r1',
      objectMetadata: { nameSingular: 'opportunity' },
      properties: { diff: { stage: { before: 'NEW', after: 'WON' } }, updatedFields: ['stage'] },
    });
    const unrelated = await harness.api('POST', '/api/events', {
      eventName: 'opportunity.updated',
      before,
      after: { ...before, amount: 20 },
    });
    expect(unrelated.body.runs).toHaveLength(0);
    const direct = await harness.api('POST', `/api/functions/${IDS.stageChanged}/run`, {
      trigger: 'databaseEvent',
      event: { before, after: { ...before, amount: 30 } },
    });
    expect(direct.body.skipped).toMatch(/stage/);
  });

  it('stops a function that runs past timeoutSeconds', async () => {
    const started = Date.now();
    const run = await harness.api('POST', `/api/functions/${IDS.slow}/run`, {
      trigger: 'tool',
      member: null,
      input: {},
    });
    expect(run.body.ok).toBe(false);
    expect(run.body.error.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('lists runs newest first with redacted logs', async () => {
    const runs = await harness.api('GET', '/api/runs?limit=5');
    expect(runs.body.length).toBeGreaterThan(0);
    const token = harness.services.ctx.connections.get(adaConnection)!.accessToken;
    expect(JSON.stringify(runs.body)).not.toContain(token);
  });
});
