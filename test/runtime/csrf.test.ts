import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLinear, type Harness, removeDataDir, startHarness } from './helpers/runtime-harness.ts';

/**
 * The console has no login: every state-changing API call must carry the page's CSRF token (the exact value,
 * compared in constant time) and no foreign Origin. POST matters most: a cross-site form or `fetch` with
 * `text/plain` is a "simple request" a browser sends without a preflight
 * (https://fetch.spec.whatwg.org/#cors-safelisted-request-header), so only the token stops it.
 */
const WHOAMI = '9b6c7d8e-af01-4c12-93e4-5f6071829304';

describe('CSRF and Origin checks on state-changing console API calls', () => {
  let harness: Harness;
  /** Same length as the real token, different value: only a value check refuses it. */
  let forged: string;
  beforeAll(async () => {
    harness = await startHarness();
    await configureLinear(harness);
    forged = [...harness.csrf].map((c) => (c === 'a' ? 'b' : 'a')).join('');
  });
  afterAll(async () => {
    await harness.stop();
    removeDataDir(harness.dataDir);
  });

  const send = (method: string, path: string, headers: Record<string, string>, body: unknown = {}) =>
    fetch(`${harness.baseUrl}${path}`, { method, headers, body: JSON.stringify(body) });
  const runCount = () => harness.services.ctx.runs.recent(500).length;

  const calls: [string, string, unknown][] = [
    ['POST', `/api/functions/${WHOAMI}/run`, { trigger: 'tool', member: 'ada', input: {} }],
    ['POST', '/api/connections', { member: 'ada', provider: 'linear', visibility: 'user' }],
    [
      'POST',
      '/api/events',
      { eventName: 'opportunity.updated', before: { stage: 'A' }, after: { stage: 'B' } },
    ],
    ['PUT', '/api/server-variables', { values: { LINEAR_CLIENT_ID: 'evil' } }],
    ['PATCH', '/api/connections/nope', { name: 'evil' }],
    ['DELETE', '/api/connections/nope', {}],
  ];

  for (const [method, path, body] of calls) {
    it(`refuses ${method} ${path.replace(WHOAMI, ':id')} with a wrong, a missing or a foreign-origin token`, async () => {
      const before = runCount();
      const json = { 'content-type': 'application/json' };
      const answers = [
        await send(method, path, { ...json, 'x-twenty-connect-csrf': forged }, body),
        await send(method, path, { ...json, 'x-twenty-connect-csrf': `${harness.csrf}x` }, body),
        await send(method, path, { ...json, 'x-twenty-connect-csrf': '' }, body),
        await send(method, path, json, body),
        await send(
          method,
          path,
          { ...json, 'x-twenty-connect-csrf': harness.csrf, origin: 'https://evil.example' },
          body,
        ),
      ];
      expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 403]);
      const errors = await Promise.all(answers.map(async (a) => (await a.json()).error));
      const wrongToken = {
        code: 'FORBIDDEN',
        message: 'Missing or wrong x-twenty-connect-csrf header (see GET /api/session).',
      };
      expect(errors).toEqual([
        wrongToken,
        wrongToken,
        wrongToken,
        wrongToken,
        { code: 'FORBIDDEN', message: 'Cross-origin requests are not allowed.' },
      ]);
      expect(runCount()).toBe(before);
      expect(harness.services.ctx.records.serverVariables().get('LINEAR_CLIENT_ID')).toBe('lin-client-id');
      expect(harness.services.ctx.connections.list()).toEqual([]);
    });
  }

  it('refuses a cross-site text/plain POST (no preflight) that would run a function as a member', async () => {
    const before = runCount();
    const response = await fetch(`${harness.baseUrl}/api/functions/${WHOAMI}/run`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://evil.example' },
      body: JSON.stringify({ trigger: 'tool', member: 'ada', input: { note: 'from evil' } }),
    });
    expect(response.status).toBe(403);
    expect(runCount()).toBe(before);
  });

  it('refuses a text/plain POST with no Origin and no token, as a page without Origin would send', async () => {
    const before = runCount();
    const response = await fetch(`${harness.baseUrl}/api/functions/${WHOAMI}/run`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ trigger: 'tool', member: 'ada', input: {} }),
    });
    expect(response.status).toBe(403);
    expect(runCount()).toBe(before);
  });

  it('accepts the page’s own token from its own origin (and from the other loopback names)', async () => {
    const { port } = new URL(harness.baseUrl);
    for (const origin of [harness.baseUrl, `http://localhost:${port}`, `http://[::1]:${port}`]) {
      const response = await send(
        'POST',
        `/api/functions/${WHOAMI}/run`,
        { 'content-type': 'application/json', 'x-twenty-connect-csrf': harness.csrf, origin },
        { trigger: 'tool', member: 'ada', input: {} },
      );
      expect(response.status, origin).toBe(200);
      expect((await response.json()).ok).toBe(true);
    }
    const other = await send(
      'POST',
      `/api/functions/${WHOAMI}/run`,
      {
        'content-type': 'application/json',
        'x-twenty-connect-csrf': harness.csrf,
        origin: `http://localhost:${Number(port) + 1}`,
      },
      { trigger: 'tool', member: 'ada', input: {} },
    );
    expect(other.status).toBe(403);
  });

  it('needs no token for reads', async () => {
    expect((await fetch(`${harness.baseUrl}/api/runs`)).status).toBe(200);
    expect((await fetch(`${harness.baseUrl}/api/session`)).status).toBe(200);
  });
});
