import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltApp, buildApp } from '../../local/twenty/build/build-app.ts';
import { DISPATCH_BACKOFF, dispatchBackoffMs } from '../../local/twenty/functions/function-runner.ts';
import { readHealthResult } from '../../local/twenty/functions/health-check.ts';
import { LEGACY_IDENTIFIER_DEPRECATION } from '../../local/twenty/functions/server-route.ts';
import { STANDARD_IDS } from '../../local/twenty/records/object-model.ts';
import { SEED_IDS } from '../../local/twenty/records/seed.ts';
import { WORKSPACE_ID } from '../../local/twenty/storage/members.ts';
import { EVENT_IDS, writeFixtureApp } from './fixtures/fixture-app.ts';
import { type Harness, removeDataDir, startHarness } from './helpers/runtime-harness.ts';

const OTHER_WORKSPACE = '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f';

describe('server routes, SERVER kv claims and timeline activities (issue #12)', () => {
  let root: string;
  let app: BuiltApp;
  let harness: Harness;
  beforeAll(async () => {
    root = writeFixtureApp({ events: true });
    app = await buildApp(root);
    harness = await startHarness({ app, retryBackoffScale: 0.01 });
  }, 240_000);
  afterAll(async () => {
    await harness?.stop();
    if (harness) removeDataDir(harness.dataDir);
    rmSync(root, { recursive: true, force: true });
  });

  const hook = (body: string | object, headers: Record<string, string> = {}, id = EVENT_IDS.resolver) =>
    fetch(`${harness.baseUrl}/webhooks/server/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  // biome-ignore lint/suspicious/noExplicitAny: run records checked by shape
  const runs = async (): Promise<any[]> => (await harness.api('GET', '/api/runs?limit=100')).body;
  const waitFor = async <T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const dispatchRun = (n: number) =>
    waitFor(async () =>
      (await runs()).find(
        (run) => run.trigger === 'dispatch' && run.result?.got === n && run.ok !== undefined,
      ),
    );

  it('forwards only the listed headers (lower-cased) and the exact raw body; passes a Response with the /s/ header filter', async () => {
    const raw = '{"mode":"echo",  "text":"héllo ✓",\n "n":1}';
    const response = await hook(raw, {
      'X-Signature': 'sig-value',
      'x-delivery': 'd-1',
      'x-other': 'dropped',
      authorization: 'Bearer dropped',
      cookie: 'a=b',
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('deprecation')).toBe(LEGACY_IDENTIFIER_DEPRECATION);
    expect(LEGACY_IDENTIFIER_DEPRECATION).toBe('@1790035200');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-secret')).toBeNull();
    expect(response.headers.get('etag')).toBeNull();
    const { event, context } = await response.json();
    expect(event.headers).toEqual({ 'x-signature': 'sig-value', 'x-delivery': 'd-1' });
    expect(event.rawBody).toBe(raw);
    expect(event.body).toEqual({ mode: 'echo', text: 'héllo ✓', n: 1 });
    expect(event.requestContext.http).toEqual({
      method: 'POST',
      path: `/webhooks/server/${EVENT_IDS.resolver}`,
    });
    expect(context).toMatchObject({ workspaceId: WORKSPACE_ID, userWorkspaceId: null });
    const run = (await runs()).find((r) => r.runId === response.headers.get('x-twenty-connect-run'));
    expect(run).toMatchObject({ trigger: 'server-route', functionName: 'hook-resolver', status: 202 });
  });

  it('lists the server route in /api/state with the URL to register', async () => {
    const { functions } = (await harness.api('GET', '/api/state?member=ada')).body;
    const resolver = functions.find((fn: { id: string }) => fn.id === EVENT_IDS.resolver);
    expect(resolver.triggers.serverRoute).toEqual({
      url: `${harness.baseUrl}/webhooks/server/${EVENT_IDS.resolver}`,
      httpMethods: ['POST'],
      forwardedRequestHeaders: ['X-Signature', 'x-delivery'],
    });
  });

  it('a non-JSON body reaches the resolver as { raw } with rawBody unchanged', async () => {
    const response = await hook('{"mode":"echo"', { 'content-type': 'text/plain' });
    // Not JSON: body is { raw }, so mode is unknown and the resolver dispatches.
    expect(response.status).toBe(200);
    const got = await waitFor(async () =>
      (await runs()).find((run) => run.trigger === 'dispatch' && run.result?.got === null),
    );
    expect(got.ok).toBe(true);
  });

  it('dispatch: 200 {"queued":true} at once, then the target runs queued with the payload', async () => {
    const response = await hook({ n: 2 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ queued: true });
    const run = await dispatchRun(2);
    expect(run).toMatchObject({ ok: true, functionName: 'hook-target', attempts: 1 });
    const stored = harness.services.ctx.records.kvGet('dispatched:2', 'WORKSPACE') as {
      payload: unknown;
      context: Record<string, unknown>;
    };
    expect(stored.payload).toEqual({ n: 2, failTimes: 0, rawBody: '{"n":2}' });
    expect(stored.context).toMatchObject({
      workspaceId: WORKSPACE_ID,
      userWorkspaceId: null,
      workspaceMemberId: null,
      retryCount: 0,
      maxRetries: 3,
    });
  });

  it('without a payload the target gets the whole resolver event', async () => {
    expect((await hook({ noPayload: true }, { 'x-delivery': 'whole' })).status).toBe(200);
    const stored = await waitFor(async () => {
      const value = harness.services.ctx.records.kvGet('dispatched:none', 'WORKSPACE') as {
        payload: { headers?: Record<string, string> };
      } | null;
      return value?.payload?.headers?.['x-delivery'] === 'whole' ? value : undefined;
    });
    expect(stored.payload).toMatchObject({ rawBody: '{"noPayload":true}', body: { noPayload: true } });
  });

  it('retries the target on RetryableLogicFunctionError (3 retries), and its failure never reaches the caller', async () => {
    expect((await hook({ n: 3, failTimes: 2 })).status).toBe(200);
    expect(await dispatchRun(3)).toMatchObject({ ok: true, attempts: 3, result: { retryCount: 2 } });
    const giveUp = await hook({ n: 4, failTimes: 9 });
    expect(giveUp.status).toBe(200);
    const failed = await waitFor(async () =>
      (await runs()).find((run) => run.trigger === 'dispatch' && run.ok === false && run.attempts === 4),
    );
    expect(failed.error).toMatchObject({ name: 'RetryableLogicFunctionError' });
  });

  it("backs off as Twenty's queue: 1 s, 2 s, 4 s with 0.5 jitter, scaled", () => {
    expect(DISPATCH_BACKOFF).toEqual({ delayMs: 1000, jitter: 0.5 });
    expect(dispatchBackoffMs(0, 1, () => 0)).toBe(500);
    expect(dispatchBackoffMs(0, 1, () => 0.999_999)).toBe(999);
    expect(dispatchBackoffMs(2, 1, () => 0)).toBe(2000);
    expect(dispatchBackoffMs(2, 0.01, () => 0)).toBe(20);
  });

  it('maps resolver outcomes: invalid result 502, throw 500, unknown identifier or target 404, wrong method 405', async () => {
    const invalid = await hook({ mode: 'invalid' });
    expect(invalid.status).toBe(502);
    expect((await invalid.json()).error.message).toMatch(/must return either a Response/);
    expect((await hook({ mode: 'plain' })).status).toBe(502);
    const thrown = await hook({ mode: 'throw' });
    expect(thrown.status).toBe(500);
    expect((await thrown.json()).error.message).toContain('resolver broke');
    expect((await hook({}, {}, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    // A function with no server route trigger is no server route.
    expect((await hook({}, {}, EVENT_IDS.target)).status).toBe(404);
    expect((await hook({ target: 'c0ffee00-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await hook({ workspaceId: OTHER_WORKSPACE })).status).toBe(404);
    const wrong = await fetch(`${harness.baseUrl}/webhooks/server/${EVENT_IDS.resolver}`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    const postOnGet = await hook({}, {}, EVENT_IDS.getResolver);
    expect(postOnGet.status).toBe(405);
    const get = await fetch(`${harness.baseUrl}/webhooks/server/${EVENT_IDS.getResolver}?challenge=abc`);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('abc');
    const statuses = (await runs()).filter((run) => run.trigger === 'server-route').map((run) => run.status);
    expect(statuses).toEqual(expect.arrayContaining([502, 500, 404, 200]));
  });

  const kv = async (input: Record<string, unknown>) =>
    (
      await harness.api('POST', `/api/functions/${EVENT_IDS.kvTool}/run`, {
        trigger: 'tool',
        member: null,
        input,
      })
    ).body.result;

  it('SERVER kv: set claims the key for the caller workspace (value ignored); get answers the claimant', async () => {
    expect(await kv({ op: 'set', key: 'linear:org:o1', value: { anything: true }, scope: 'SERVER' })).toEqual(
      {
        value: null,
      },
    );
    expect(await kv({ op: 'get', key: 'linear:org:o1', scope: 'SERVER' })).toEqual({ value: WORKSPACE_ID });
    // Claiming again is fine for the claimant.
    expect(await kv({ op: 'set', key: 'linear:org:o1', value: 1, scope: 'SERVER' })).toEqual({ value: null });
    // WORKSPACE scope keeps values and is a separate space.
    await kv({ op: 'set', key: 'linear:org:o1', value: { w: 1 } });
    expect(await kv({ op: 'get', key: 'linear:org:o1' })).toEqual({ value: { w: 1 } });
    expect(await kv({ op: 'get', key: 'linear:org:o1', scope: 'SERVER' })).toEqual({ value: WORKSPACE_ID });
  });

  it('SERVER kv: a key held by another workspace is FORBIDDEN to claim and cannot be deleted; the claimant can delete', async () => {
    const seeded = await harness.api('PUT', '/api/server-kv', {
      key: 'linear:org:o2',
      workspaceId: OTHER_WORKSPACE,
    });
    expect(seeded.status).toBe(200);
    expect(
      (await harness.api('PUT', '/api/server-kv', { key: 'linear:org:o1', workspaceId: OTHER_WORKSPACE }))
        .status,
    ).toBe(409);
    const refused = await kv({ op: 'set', key: 'linear:org:o2', value: 'x', scope: 'SERVER' });
    expect(refused.error).toContain('Server key "linear:org:o2" is already claimed by another workspace');
    expect(await kv({ op: 'get', key: 'linear:org:o2', scope: 'SERVER' })).toEqual({
      value: OTHER_WORKSPACE,
    });
    expect(await kv({ op: 'delete', key: 'linear:org:o2', scope: 'SERVER' })).toEqual({ value: false });
    expect(await kv({ op: 'get', key: 'linear:org:o2', scope: 'SERVER' })).toEqual({
      value: OTHER_WORKSPACE,
    });
    expect(await kv({ op: 'delete', key: 'linear:org:o1', scope: 'SERVER' })).toEqual({ value: true });
    expect(await kv({ op: 'get', key: 'linear:org:o1', scope: 'SERVER' })).toEqual({ value: null });
    const claims = (await harness.api('GET', '/api/server-kv')).body;
    expect(claims).toEqual({
      workspaceId: WORKSPACE_ID,
      claims: [{ key: 'linear:org:o2', workspaceId: OTHER_WORKSPACE }],
    });
    expect((await harness.api('DELETE', '/api/server-kv?key=linear:org:o2')).body).toEqual({
      ok: true,
      removed: true,
    });
  });

  const timeline = async (input: Record<string, unknown>) =>
    (
      await harness.api('POST', `/api/functions/${EVENT_IDS.timelineTool}/run`, {
        trigger: 'tool',
        member: null,
        input,
      })
    ).body.result;
  const companyTimeline = async (id: string = SEED_IDS.acme) =>
    (await harness.api('GET', `/api/records/company/${id}?member=ada`)).body.timeline;

  it("createTimelineActivity (the SDK's own calls) stores an activity shown on the record, newest first", async () => {
    const older = await timeline({
      timelineActivityTypeUniversalIdentifier: EVENT_IDS.otherTimelineType,
      targetObjectUniversalIdentifier: STANDARD_IDS.company,
      targetRecordId: SEED_IDS.acme,
      happensAt: '2026-01-01T10:00:00.000Z',
      properties: { actor: { name: 'Maya' } },
    });
    expect(older.created).toMatchObject({
      id: expect.any(String),
      timelineActivityTypeId: EVENT_IDS.otherTimelineType,
      timelineActivityTypeSnapshot: { name: 'fixtureCommented', label: 'commented on' },
      workspaceMemberId: null,
    });
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const before = Date.now();
    const newer = await timeline({
      timelineActivityTypeUniversalIdentifier: EVENT_IDS.timelineType,
      targetObjectUniversalIdentifier: STANDARD_IDS.company,
      targetRecordId: SEED_IDS.acme,
      linkedRecordId: SEED_IDS.fleet,
      linkedObjectMetadataUniversalIdentifier: STANDARD_IDS.opportunity,
      happensAt: future,
      properties: { identifier: 'ENG-42', to: 'Done' },
    });
    // A future happensAt is clamped to now.
    expect(Date.parse(newer.created.happensAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(newer.created.happensAt)).toBeLessThanOrEqual(Date.now());
    const rows = await companyTimeline();
    expect(rows.map((row: { id: string }) => row.id)).toEqual([newer.created.id, older.created.id]);
    expect(rows[0]).toEqual({
      id: newer.created.id,
      type: 'fixtureMovedToDone',
      label: 'moved to Done',
      icon: 'IconCheck',
      happensAt: newer.created.happensAt,
      properties: { identifier: 'ENG-42', to: 'Done' },
      workspaceMemberId: null,
      linkedRecord: { object: 'opportunity', id: SEED_IDS.fleet, name: expect.stringContaining('Fleet') },
    });
    expect(rows[1]).toMatchObject({ label: 'commented on', linkedRecord: null, icon: null });
    expect(await companyTimeline(SEED_IDS.globex)).toEqual([]);
  });

  it('the SDK refuses a type the app does not have; /metadata answers its query', async () => {
    const missing = await timeline({
      timelineActivityTypeUniversalIdentifier: '11111111-1111-4111-8111-111111111111',
      targetObjectUniversalIdentifier: STANDARD_IDS.company,
      targetRecordId: SEED_IDS.acme,
    });
    expect(missing.error).toContain('is not installed');
  });

  const rest = (body: unknown, token = harness.services.ctx.secrets.appUserToken) =>
    fetch(`${harness.baseUrl}/rest/timelineActivities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  it("POST /rest/timelineActivities applies the server's rules for apps", async () => {
    const base = { timelineActivityTypeId: EVENT_IDS.timelineType, targetCompanyId: SEED_IDS.globex };
    expect((await rest(base, 'nope')).status).toBe(401);
    const noType = await rest({ targetCompanyId: SEED_IDS.globex });
    expect(noType.status).toBe(400);
    expect((await noType.json()).messages[0]).toBe('A timeline activity type is required on creation');
    const two = await rest({ ...base, targetPersonId: SEED_IDS.maya });
    expect((await two.json()).messages[0]).toBe(
      'A timeline activity requires exactly one target and complete linked record metadata',
    );
    const none = await rest({ timelineActivityTypeId: EVENT_IDS.timelineType });
    expect(none.status).toBe(400);
    const halfLinked = await rest({ ...base, linkedRecordId: SEED_IDS.pilot });
    expect(halfLinked.status).toBe(400);
    const foreignType = await rest({
      ...base,
      timelineActivityTypeId: '22222222-2222-4222-8222-222222222222',
    });
    expect((await foreignType.json()).messages[0]).toBe(
      'An application can only create its own timeline activity types',
    );
    expect((await rest({ ...base, targetCompanyId: '33333333-3333-4333-8333-333333333333' })).status).toBe(
      400,
    );
    const created = await rest({ ...base, workspaceMemberId: 'someone', properties: { a: 1 } });
    expect(created.status).toBe(201);
    const { data } = await created.json();
    expect(data.createTimelineActivity).toMatchObject({ workspaceMemberId: null, targetObject: 'company' });
    expect((await fetch(`${harness.baseUrl}/rest/timelineActivities`)).status).toBe(405);
    expect(await companyTimeline(SEED_IDS.globex)).toHaveLength(1);
  });

  it('reads health check results as current servers: uppercase status, message for non-OK, else UNKNOWN', async () => {
    expect(readHealthResult({ status: 'OK' })).toEqual({ status: 'OK', message: null, action: null });
    expect(
      readHealthResult({
        status: 'WARNING',
        message: 'Polling',
        action: { label: 'Set secret', location: 'variables' },
      }),
    ).toEqual({
      status: 'WARNING',
      message: 'Polling',
      action: { label: 'Set secret', location: 'variables' },
    });
    expect(readHealthResult({ status: 'INFO', message: 'x' })).toMatchObject({
      status: 'INFO',
      action: null,
    });
    for (const bad of [
      { status: 'warning', message: 'lower case' },
      { status: 'ERROR' },
      { status: 'ERROR', message: '' },
      { status: 'ERROR', message: 'x', action: { label: '' } },
      { status: 'ERROR', message: 'x', action: { label: 'y', location: 3 } },
      { status: 'UNKNOWN', message: 'x' },
      null,
      'OK',
    ]) {
      expect(readHealthResult(bad).status).toBe('UNKNOWN');
    }
    const set = (value: unknown) => harness.services.ctx.records.kvSet('health-answer', 'WORKSPACE', value);
    const run = async () => (await harness.api('POST', '/api/health-check')).body;
    set(null);
    expect(await run()).toMatchObject({ status: 'OK', message: null, action: null });
    set({ status: 'ERROR', echoVersion: true, action: { label: 'Set secret', location: 'variables' } });
    expect(await run()).toMatchObject({
      status: 'ERROR',
      message: 'v0.0.1',
      action: { label: 'Set secret', location: 'variables' },
    });
    set({ status: 'error', message: 'old servers only' });
    expect((await run()).status).toBe('UNKNOWN');
    set('throw');
    const thrown = await run();
    expect(thrown.status).toBe('UNKNOWN');
    const record = (await runs()).find((r) => r.runId === thrown.runId);
    expect(record).toMatchObject({ trigger: 'health-check', ok: false });
  });
});
