import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addConnection,
  builtFixtureApp,
  configureLinear,
  removeDataDir,
  startHarness,
} from './helpers/runtime-harness.ts';

const WHOAMI = '9b6c7d8e-af01-4c12-93e4-5f6071829304';

/** Every byte the database keeps on disk (main file and write-ahead log). */
const databaseBytes = (dataDir: string) =>
  readdirSync(dataDir)
    .filter((name) => name.startsWith('runtime.sqlite'))
    .map((name) => readFileSync(join(dataDir, name)).toString('latin1'))
    .join('');

describe('storage', () => {
  const dirs: string[] = [];
  beforeAll(() => builtFixtureApp());
  afterAll(() => dirs.forEach(removeDataDir));

  it('keeps members, variables, connections and sandbox state across a restart, with secrets encrypted at rest', async () => {
    const first = await startHarness();
    dirs.push(first.dataDir);
    await configureLinear(first);
    const id = (await addConnection(first, { member: 'ada', visibility: 'workspace' })).searchParams.get(
      'connected',
    )!;
    const connection = first.services.ctx.connections.get(id)!;
    const members = first.services.ctx.members.list();
    await first.stop();

    const bytes = databaseBytes(first.dataDir);
    expect(bytes).toContain('lin-client-id');
    expect(bytes).not.toContain(connection.accessToken);
    expect(bytes).not.toContain(connection.refreshToken!);
    expect(bytes).not.toContain('lin-client-secret-value');
    expect(statSync(join(first.dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

    const second = await startHarness({ dataDir: first.dataDir });
    try {
      expect(second.services.ctx.members.list()).toEqual(members);
      expect(second.services.ctx.connections.get(id)?.accessToken).toBe(connection.accessToken);
      const state = await second.api('GET', '/api/state?member=grace');
      expect(state.body.providers[0].configured).toBe(true);
      expect(state.body.connections.map((c: { id: string }) => c.id)).toContain(id);
      // The sandbox remembered the token it issued: the tool still reaches Linear with it.
      const run = await second.api('POST', `/api/functions/${WHOAMI}/run`, {
        trigger: 'tool',
        member: 'grace',
        input: {},
      });
      expect(run.body.result).toMatchObject({ connected: true, status: 200 });
    } finally {
      await second.stop();
    }
  });

  it('records applied migrations once', async () => {
    const harness = await startHarness();
    dirs.push(harness.dataDir);
    const versions = harness.services.ctx.db.prepare('SELECT version FROM schema_migrations').all();
    expect(versions.map((row) => row.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    await harness.stop();
  });

  it('refuses to decrypt with another key', async () => {
    const harness = await startHarness({ env: { TWENTY_CONNECT_SECRET_KEY: 'a'.repeat(64) } });
    dirs.push(harness.dataDir);
    await configureLinear(harness);
    await harness.stop();
    await expect(
      startHarness({ dataDir: harness.dataDir, env: { TWENTY_CONNECT_SECRET_KEY: 'b'.repeat(64) } }),
    ).rejects.toThrow();
  });
});
