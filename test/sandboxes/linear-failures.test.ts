import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { createLinearSandbox } from '../../local/sandboxes/linear/linear.sandbox.ts';

const AUTH_ERROR = {
  errors: [
    {
      message: 'Authentication required, not authenticated',
      extensions: {
        type: 'authentication error',
        code: 'AUTHENTICATION_ERROR',
        statusCode: 401,
        userPresentableMessage: 'You need to authenticate to access this operation.',
      },
    },
  ],
};

const documents = new Set<string>();

const VIEWER = 'query Viewer { viewer { id name } }';
const CREATE = 'mutation ($input: IssueCreateInput!) { issueCreate(input: $input) { success } }';

function setup(clock = { now: Date.now() }) {
  const sandbox = createLinearSandbox({ now: () => clock.now });
  const { accessToken } = sandbox.mintToken();
  const call = (
    query = VIEWER,
    headers: Record<string, string> = { authorization: `Bearer ${accessToken}` },
    variables = {},
  ) => {
    documents.add(query);
    return sandbox.handle(
      new Request('https://api.linear.app/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      }),
    );
  };
  return { sandbox, call, accessToken, clock };
}

describe('Linear sandbox failures and error shapes', () => {
  it.each([
    ['a missing token', {}],
    ['an unknown token', { authorization: 'Bearer lin_oauth_doesnotexist' }],
    ['a personal API key header without Bearer', { authorization: 'lin_api_something' }],
  ])('answers HTTP 401 AUTHENTICATION_ERROR for %s', async (_, headers) => {
    const { call } = setup();
    const response = await call(VIEWER, headers);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(AUTH_ERROR);
  });

  it('answers HTTP 401 for an expired and for a revoked token', async () => {
    const { sandbox, call, clock } = setup();
    clock.now += 86_399_000 + 1;
    expect((await call()).status).toBe(401);
    const fresh = setup();
    fresh.sandbox.revokeToken(fresh.accessToken);
    expect(await (await fresh.call()).json()).toEqual(AUTH_ERROR);
    expect(sandbox.calls().at(-1)?.status).toBe(401);
  });

  it('rate-limits with HTTP 400 RATELIMITED and reset headers in epoch milliseconds', async () => {
    const { sandbox, call, clock } = setup();
    sandbox.failNext({ kind: 'rate-limit', retryAfterSeconds: 30 });
    const response = await call();
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors[0].extensions.code).toBe('RATELIMITED');
    expect(response.headers.get('X-RateLimit-Requests-Remaining')).toBe('0');
    expect(Number(response.headers.get('X-RateLimit-Requests-Reset'))).toBe(clock.now + 30_000);
    expect((await call()).status).toBe(200);
  });

  it('sends X-RateLimit-Requests-* headers on every reply, counting down', async () => {
    const { call } = setup();
    const first = await call();
    const second = await call(VIEWER, {});
    for (const response of [first, second]) {
      expect(Number(response.headers.get('X-RateLimit-Requests-Limit'))).toBeGreaterThan(0);
      expect(Number(response.headers.get('X-RateLimit-Requests-Reset'))).toBeGreaterThan(Date.now() - 1000);
    }
    const remaining = (response: Response) => Number(response.headers.get('X-RateLimit-Requests-Remaining'));
    expect(remaining(second)).toBe(remaining(first) - 1);
  });

  it.each([500, 503])('answers a queued server error with HTTP %i JSON', async (status) => {
    const { sandbox, call } = setup();
    sandbox.failNext({ kind: 'server-error', status });
    const response = await call();
    expect(response.status).toBe(status);
    expect((await response.json()).errors[0].extensions.statusCode).toBe(status);
  });

  it('rejects with a TypeError like fetch on a dropped connection for a queued network failure', async () => {
    const { sandbox, call } = setup();
    sandbox.failNext({ kind: 'network' });
    await expect(call()).rejects.toThrow(TypeError);
    expect((await call()).status).toBe(200);
    expect(sandbox.calls().map((c) => c.status)).toEqual([0, 200]);
  });

  it('answers a queued auth failure with the 401 shape even for a valid token', async () => {
    const { sandbox, call } = setup();
    sandbox.failNext({ kind: 'auth' });
    expect(await (await call()).json()).toEqual(AUTH_ERROR);
  });

  it('applies a failure targeted at one operation only to that operation', async () => {
    const { sandbox, call } = setup();
    sandbox.failNext({ kind: 'server-error', operation: 'issueCreate' });
    expect((await call()).status).toBe(200);
    const created = await call(CREATE, undefined, {
      input: { teamId: '5eed0002-0000-4000-8000-000000000001', title: 't' },
    });
    expect(created.status).toBe(500);
    expect(sandbox.calls().map((c) => c.operation)).toEqual(['viewer', 'issueCreate']);
  });

  it('does not apply failures to OAuth endpoints', async () => {
    const { sandbox } = setup();
    sandbox.failNext({ kind: 'server-error' });
    const token = await sandbox.handle(new Request('https://api.linear.app/oauth/token', { method: 'POST' }));
    expect(token.status).toBe(400);
  });
});

afterAll(() => {
  const schema = buildSchema(
    readFileSync(new URL('../../vendor/contracts/linear/schema.graphql', import.meta.url), 'utf8'),
  );
  for (const document of documents) expect(validate(schema, parse(document)), document).toEqual([]);
});
