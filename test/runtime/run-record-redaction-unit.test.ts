import { describe, expect, it } from 'vitest';
import type { LogicFunctionManifest } from '../../local/twenty/build/manifest.ts';
import { FunctionRunner } from '../../local/twenty/functions/function-runner.ts';
import type { WorkerOutcome, WorkerPool } from '../../local/twenty/functions/worker-pool.ts';
import type { RuntimeContext } from '../../local/twenty/runtime-context.ts';
import type { RunRecord } from '../../local/twenty/storage/runs.ts';

/**
 * What the run record keeps of a function's outcome, with the worker replaced by a stub that returns exactly the
 * outcome under test: the error a function threw and the lines it logged are redacted like its result, and only
 * the values that are secrets are (a secret server variable, not an ordinary one; no value too short to be one).
 * The end-to-end counterpart, through real workers, is run-redaction.test.ts.
 */
const SECRETS = {
  access: 'lin_oauth_access_0123456789',
  refresh: 'lin_refresh_9876543210',
  clientSecret: 'client-secret-value',
  apiKey: 'tck_workspace_api_key',
  appToken: 'tca_application_token',
  appUserToken: 'tcu_app_user_token',
  routeToken: 'tcm_route_token_of_ada',
};
const CLIENT_ID = 'lin-client-id-visible';

type Setup = { serverVariables?: Record<string, string>; refreshToken?: string | null };

const makeRunner = (outcome: WorkerOutcome, setup: Setup = {}) => {
  const saved: RunRecord[] = [];
  const serverVariables = new Map(
    Object.entries(
      setup.serverVariables ?? { LINEAR_CLIENT_ID: CLIENT_ID, LINEAR_CLIENT_SECRET: SECRETS.clientSecret },
    ),
  );
  const ctx = {
    settings: { maxConcurrentRuns: 4 },
    app: {
      outputDir: '/nowhere',
      manifest: {
        application: {
          serverVariables: {
            LINEAR_CLIENT_ID: { isSecret: false },
            LINEAR_CLIENT_SECRET: { isSecret: true },
            SHORT_SECRET: { isSecret: true },
          },
          applicationVariables: {},
          universalIdentifier: 'app-id',
        },
        logicFunctions: [],
      },
    },
    secrets: {
      csrfToken: 'csrf',
      apiKey: SECRETS.apiKey,
      appToken: SECRETS.appToken,
      appUserToken: SECRETS.appUserToken,
    },
    connections: {
      list: () => [
        {
          accessToken: SECRETS.access,
          refreshToken: setup.refreshToken === undefined ? SECRETS.refresh : setup.refreshToken,
        },
      ],
    },
    records: { serverVariables: () => serverVariables, applicationVariables: () => new Map() },
    members: { list: () => [{ routeToken: SECRETS.routeToken }] },
    runs: { save: (record: RunRecord) => saved.push(record) },
    baseUrl: () => 'http://127.0.0.1:1',
    log: () => {},
  } as unknown as RuntimeContext;
  const pool = { run: async () => outcome } as unknown as WorkerPool;
  const runner = new FunctionRunner(ctx, pool, async () => {});
  const fn = {
    universalIdentifier: 'fn-id',
    name: 'fn',
    builtHandlerPath: 'fn.mjs',
    handlerName: 'main',
    timeoutSeconds: 5,
  } as LogicFunctionManifest;
  const invoke = () =>
    runner.invoke(fn, { trigger: 'tool', payload: {}, userWorkspaceId: null, workspaceMemberId: null });
  return { invoke, saved };
};

const at = '2026-01-01T00:00:00.000Z';
const everySecret = Object.values(SECRETS).join(' ');

describe('a run record redacts what the function produced', () => {
  it('redacts a thrown error’s message and keeps its name', async () => {
    const { invoke, saved } = makeRunner({
      ok: false,
      error: { name: 'UpstreamError', message: `failed with ${everySecret}` },
      logs: [],
    });
    const { record } = await invoke();
    expect(record.ok).toBe(false);
    expect(record.error).toEqual({
      name: 'UpstreamError',
      message: `failed with ${Object.keys(SECRETS)
        .map(() => '[redacted]')
        .join(' ')}`,
    });
    expect(saved[0]).toEqual(record);
  });

  it('redacts every log line and keeps level and time', async () => {
    const { invoke } = makeRunner({
      ok: true,
      value: { fine: true },
      logs: [
        { level: 'info', message: `token is ${SECRETS.access}`, at },
        { level: 'warn', message: `refresh ${SECRETS.refresh} / secret ${SECRETS.clientSecret}`, at },
      ],
    });
    const { record } = await invoke();
    expect(record.logs).toEqual([
      { level: 'info', message: 'token is [redacted]', at },
      { level: 'warn', message: 'refresh [redacted] / secret [redacted]', at },
    ]);
    expect(record.result).toEqual({ fine: true });
  });

  it('hands the caller the raw value and records the redacted one', async () => {
    const { invoke } = makeRunner({ ok: true, value: { token: SECRETS.access }, logs: [] });
    const outcome = await invoke();
    expect(outcome.value).toEqual({ token: SECRETS.access });
    expect(outcome.record.result).toEqual({ token: '[redacted]' });
  });

  it('records a function that returned nothing', async () => {
    const { invoke } = makeRunner({ ok: true, value: undefined, logs: [] });
    const { record } = await invoke();
    expect(record.ok).toBe(true);
    expect(record.result).toBeUndefined();
  });

  it('works for a connection without a refresh token', async () => {
    const { invoke } = makeRunner({ ok: true, value: `${SECRETS.access}`, logs: [] }, { refreshToken: null });
    const { record } = await invoke();
    expect(record.result).toBe('[redacted]');
  });

  it('leaves a non-secret server variable (the client id) as it is', async () => {
    const { invoke } = makeRunner({ ok: true, value: `id ${CLIENT_ID}`, logs: [] });
    expect((await invoke()).record.result).toBe(`id ${CLIENT_ID}`);
  });

  it('redacts a secret of 6 characters, and leaves shorter values (they would blank ordinary words)', async () => {
    const six = makeRunner(
      { ok: true, value: 'say abcdef here', logs: [] },
      { serverVariables: { SHORT_SECRET: 'abcdef' } },
    );
    expect((await six.invoke()).record.result).toBe('say [redacted] here');
    const five = makeRunner(
      { ok: true, value: 'say abcde here', logs: [] },
      { serverVariables: { SHORT_SECRET: 'abcde' } },
    );
    expect((await five.invoke()).record.result).toBe('say abcde here');
  });
});
