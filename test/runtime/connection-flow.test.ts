import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addConnection,
  configureLinear,
  type Harness,
  removeDataDir,
  startHarness,
} from './helpers/runtime-harness.ts';

const WHOAMI = '9b6c7d8e-af01-4c12-93e4-5f6071829304';

describe('adding a connection through a sandbox provider', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
    expect((await configureLinear(harness)).status).toBe(200);
  });
  afterAll(async () => {
    await harness.stop();
    removeDataDir(harness.dataDir);
  });

  it('completes the OAuth handshake, runs onConnect and lets a tool call Linear with the token', async () => {
    const landed = await addConnection(harness, { member: 'ada', visibility: 'user' });
    const connectionId = landed.searchParams.get('connected');
    expect(landed.pathname).toBe('/');
    expect(landed.searchParams.get('connectionError')).toBeNull();
    expect(connectionId).toBeTruthy();

    const state = await harness.api('GET', '/api/state?member=ada');
    const connection = state.body.connections.find((c: { id: string }) => c.id === connectionId);
    expect(connection).toMatchObject({
      providerName: 'linear',
      name: 'Linear #1',
      visibility: 'user',
      mine: true,
      handle: 'ada@example.com',
    });
    expect(connection.account).toEqual({ name: 'fixture-account', provider: 'linear' });

    const run = await harness.api('POST', `/api/functions/${WHOAMI}/run`, {
      trigger: 'tool',
      member: 'ada',
      input: { note: 'hi' },
    });
    expect(run.status).toBe(200);
    expect(run.body.ok).toBe(true);
    expect(run.body.result).toMatchObject({
      connected: true,
      connectionId,
      status: 200,
      payload: { note: 'hi' },
    });
    expect(run.body.result.viewer).toBeTruthy();
    expect(run.body.result.context).toMatchObject({
      retryCount: 0,
      userWorkspaceId: '0b5a1d2e-7c3f-4a8b-9d6e-1f2a3b4c5d01',
    });
    expect(run.body.result.env).toMatchObject({
      shared: 'from-app',
      clientId: 'lin-client-id',
      apiUrl: harness.baseUrl,
    });
    expect(run.body.logs.some((log: { message: string }) => log.message === 'token is [redacted]')).toBe(
      true,
    );
  });
});
