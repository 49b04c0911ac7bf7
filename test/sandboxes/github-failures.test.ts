import { describe, expect, it } from 'vitest';
import { createGithubSandbox } from '../../local/sandboxes/github/github.sandbox.ts';

const NOW = Date.parse('2026-03-20T12:00:00Z');

function setup() {
  const sandbox = createGithubSandbox({ now: () => NOW });
  const client = {
    clientId: 'Ov23liFail',
    clientSecret: 'fail-secret-0123456789abcdef',
    redirectUris: ['http://127.0.0.1:4020/apps/oauth/callback'],
  };
  sandbox.registerClient(client);
  const token = sandbox.mintToken({ account: 'ada-acme', scopes: ['repo'] }).accessToken;
  const get = (path: string, headers: Record<string, string> = {}) =>
    sandbox.handle(
      new Request(`https://api.github.com${path}`, {
        headers: { 'user-agent': 'tests', authorization: `Bearer ${token}`, ...headers },
      }),
    );
  return { sandbox, token, client, get };
}

describe('GitHub sandbox errors and failures', () => {
  it('rejects a request without User-Agent with a plain-text 403', async () => {
    const { sandbox, token } = setup();
    const response = await sandbox.handle(
      new Request('https://api.github.com/user', { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Please make sure your request has a User-Agent header');
    expect(response.headers.get('x-ratelimit-limit')).toBeTruthy();
  });

  it('rejects an unknown X-GitHub-Api-Version with 400 and accepts both supported versions', async () => {
    const { get } = setup();
    const bad = await get('/user', { 'x-github-api-version': '2021-01-01' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toContain('2021-01-01');
    for (const version of ['2022-11-28', '2026-03-10']) {
      const ok = await get('/user', { 'x-github-api-version': version });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-github-api-version-selected')).toBe(version);
    }
  });

  it('answers 401 Bad credentials for unknown, revoked and malformed tokens', async () => {
    const { sandbox, token, get } = setup();
    for (const authorization of ['Bearer gho_unknown', 'Basic abc', 'token gho_nope']) {
      const response = await get('/user', { authorization });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    }
    sandbox.revokeToken(token);
    expect((await get('/user')).status).toBe(401);
  });

  it('fails the next call with a primary rate limit: 403, remaining 0 and the reset time', async () => {
    const { sandbox, get } = setup();
    sandbox.failNext({ kind: 'rate-limit', operation: 'GET /user' });
    expect((await get('/user/repos')).status).toBe(200);
    const limited = await get('/user');
    expect(limited.status).toBe(403);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(NOW / 1000);
    expect((await limited.json()).message).toMatch(/^API rate limit exceeded for user ID 58213771\./);
    expect((await get('/user')).status).toBe(200);
  });

  it('fails with a secondary rate limit when retryAfterSeconds is given: 429 with retry-after', async () => {
    const { sandbox, get } = setup();
    sandbox.failNext({ kind: 'rate-limit', retryAfterSeconds: 42 });
    const limited = await get('/user');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('42');
    expect(Number(limited.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
    expect((await limited.json()).message).toContain('secondary rate limit');
  });

  it('fails with auth, server errors and a dropped connection', async () => {
    const { sandbox, get } = setup();
    sandbox.failNext({ kind: 'auth' });
    expect((await get('/user')).status).toBe(401);
    sandbox.failNext({ kind: 'server-error', status: 502 });
    const bad = await get('/user');
    expect(bad.status).toBe(502);
    expect(await bad.json()).toHaveProperty('message');
    sandbox.failNext({ kind: 'server-error' });
    expect((await get('/user')).status).toBe(500);
    sandbox.failNext({ kind: 'network', operation: 'search/issues-and-pull-requests' });
    expect((await get('/user')).status).toBe(200);
    await expect(get('/search/issues?q=bug')).rejects.toThrow(TypeError);
    expect((await get('/search/issues?q=bug')).status).toBe(200);
  });

  it('counts requests against the primary limit and refuses with 403 once it is spent', async () => {
    const { sandbox } = setup();
    const search = () =>
      sandbox.handle(
        new Request('https://api.github.com/search/issues?q=bug', { headers: { 'user-agent': 't' } }),
      );
    for (let i = 0; i < 10; i += 1) expect((await search()).status).toBe(200);
    const spent = await search();
    expect(spent.status).toBe(403);
    expect(spent.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(spent.headers.get('x-ratelimit-limit')).toBe('10');
  });

  it('never records a token, client secret, code or verifier in clear', async () => {
    const { sandbox, token, client } = setup();
    sandbox.failNext({ kind: 'network' });
    await expect(
      sandbox.handle(
        new Request('https://api.github.com/user', {
          headers: { 'user-agent': 't', authorization: `Bearer ${token}` },
        }),
      ),
    ).rejects.toThrow();
    const secrets = [token, client.clientSecret, 'the-code-0123456789', 'v'.repeat(50)];
    await sandbox.handle(
      new Request('https://github.com/login/oauth/access_token?code=the-code-0123456789', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          client_id: client.clientId,
          client_secret: client.clientSecret,
          code: 'the-code-0123456789',
          code_verifier: 'v'.repeat(50),
        }),
      }),
    );
    await sandbox.handle(
      new Request(`https://api.github.com/applications/${client.clientId}/token`, {
        method: 'DELETE',
        headers: {
          'user-agent': 't',
          authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
        },
        body: JSON.stringify({ access_token: token }),
      }),
    );
    const calls = sandbox.calls();
    expect(calls.map((call) => call.operation)).toEqual(['GET /user', 'oauth.token', 'oauth.revoke']);
    const recorded = JSON.stringify(calls);
    for (const secret of secrets) expect(recorded).not.toContain(secret);
  });
});
