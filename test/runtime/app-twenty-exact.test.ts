import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../local/twenty/build/build-app.ts';
import { addConnection, type Harness, removeDataDir, startHarness } from './helpers/runtime-harness.ts';

// The real app under `twentyExact`: refresh exactly as a Twenty server does (by age, no lock, a failed refresh
// drops the row from the read), to pin what members and the AI see there.

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

const runTool = async (harness: Harness, name: string, member: string, input: unknown = {}) => {
  const fn = harness.services.runner.list().find((candidate) => candidate.name === name);
  if (!fn) throw new Error(`the app has no function named ${name}`);
  const run = await harness.api('POST', `/api/functions/${fn.universalIdentifier}/run`, {
    trigger: 'tool',
    member,
    input,
  });
  return run.body as { ok: boolean; result: unknown; error?: { message: string } };
};

const refreshCalls = (harness: Harness) =>
  harness.services.ctx
    .bridge!.forProvider('linear')!
    .calls()
    .filter(
      (call) =>
        call.operation === 'oauth.token' &&
        (call.body as { grant_type?: string }).grant_type === 'refresh_token',
    ).length;

const ageCredentials = (harness: Harness, id: string, minutes: number) =>
  harness.services.ctx.db
    .prepare('UPDATE connections SET credentials_refreshed_at = ? WHERE id = ?')
    .run(new Date(Date.now() - minutes * 60_000).toISOString(), id);

describe('the real app on the runtime in Twenty-exact mode', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ app: await buildApp(PROJECT_ROOT), twentyExact: true });
    const configured = await harness.api('PUT', '/api/server-variables', {
      values: { LINEAR_CLIENT_ID: 'lin-app-id', LINEAR_CLIENT_SECRET: 'lin-app-secret-value' },
    });
    expect(configured.status).toBe(200);
  }, 240_000);
  afterAll(async () => {
    await harness?.stop();
    if (harness) removeDataDir(harness.dataDir);
  });

  it('answers "no Linear connection" when the refresh failed: the server dropped the row, nothing marks it', async () => {
    const id = (await addConnection(harness, { member: 'grace', visibility: 'user' })).searchParams.get(
      'connected',
    )!;
    expect((await runTool(harness, 'linear-list-teams', 'grace')).ok).toBe(true);
    harness.services.ctx
      .bridge!.forProvider('linear')!
      .revokeToken(harness.services.ctx.connections.get(id)!.refreshToken!);
    ageCredentials(harness, id, 56);

    const run = await runTool(harness, 'linear-list-teams', 'grace');

    expect(JSON.stringify(run.result ?? run.error)).toMatch(/You have no Linear connection/);
    // Unlike the default mode, nothing says "reconnect": the row is unmarked and still listed in the console.
    expect(harness.services.ctx.connections.get(id)?.authFailedAt).toBeNull();
  });

  it('lets concurrent tool runs each refresh a due connection; every answer is a result or the app message', async () => {
    const id = (await addConnection(harness, { member: 'alan', visibility: 'user' })).searchParams.get(
      'connected',
    )!;
    ageCredentials(harness, id, 56);
    const before = refreshCalls(harness);

    const runs = await Promise.all(
      Array.from({ length: 4 }, () => runTool(harness, 'linear-list-teams', 'alan')),
    );

    const succeeded = (run: (typeof runs)[number]) =>
      run.ok && (run.result as { success?: boolean } | null)?.success === true;
    expect(refreshCalls(harness) - before).toBeGreaterThanOrEqual(1);
    // A run that lost the race (its refresh token already rotated) sees no connection, as on Twenty.
    for (const run of runs.filter((r) => !succeeded(r)))
      expect(JSON.stringify(run.result ?? run.error)).toMatch(/You have no Linear connection/);
    expect(runs.some(succeeded)).toBe(true);
    // After the race the stored tokens are the winner's: the next run works.
    expect(succeeded(await runTool(harness, 'linear-list-teams', 'alan'))).toBe(true);
  });
});
