import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createGithubSandbox } from '../../local/sandboxes/github/github.sandbox.ts';
import {
  githubAppRedirectMatch,
  githubOAuthAppRedirectMatch,
} from '../../local/sandboxes/github/redirect-uri.ts';
import { readConsentForm } from '../../local/sandboxes/shared/consent-form.ts';

const CALLBACK = 'http://127.0.0.1:4020/apps/oauth/callback';
const CLIENT = {
  clientId: 'Ov23liSandboxClient',
  clientSecret: 'sandbox-secret-0123456789abcdef',
  redirectUris: [CALLBACK],
};
const VERIFIER = `${'a'.repeat(20)}Verifier-._~0123456789abcdefghij`;
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

function authorizeUrl(params: Record<string, string>): string {
  const url = new URL('https://github.com/login/oauth/authorize');
  for (const [key, value] of Object.entries({
    client_id: CLIENT.clientId,
    redirect_uri: CALLBACK,
    ...params,
  })) {
    url.searchParams.set(key, value);
  }
  return url.toString();
}

/** Opens the consent page and clicks a button, as a person would; returns the redirect target. */
async function consent(
  sandbox: ReturnType<typeof createGithubSandbox>,
  params: Record<string, string>,
  decision: 'approve' | 'cancel' = 'approve',
  account = 'ada-acme',
): Promise<URL> {
  const url = authorizeUrl(params);
  const page = await sandbox.handle(new Request(url));
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('Authorize Twenty Connect');
  expect(html).toContain('>Authorize</button>');
  const form = readConsentForm(html);
  expect(form.accounts).toEqual(['ada-acme', 'grace-acme']);
  const posted = await sandbox.handle(
    new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.fields, account, decision }),
    }),
  );
  expect(posted.status).toBe(302);
  return new URL(posted.headers.get('location')!);
}

function tokenRequest(
  fields: Record<string, string>,
  options: { json?: boolean; accept?: string } = {},
): Request {
  const body = { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, ...fields };
  return new Request('https://github.com/login/oauth/access_token', {
    method: 'POST',
    headers: {
      'content-type': options.json ? 'application/json' : 'application/x-www-form-urlencoded',
      ...(options.accept ? { accept: options.accept } : {}),
    },
    body: options.json ? JSON.stringify(body) : new URLSearchParams(body),
  });
}

function setup(options: { tokenExpiry?: boolean; now?: () => number } = {}) {
  const sandbox = createGithubSandbox(options);
  sandbox.registerClient(CLIENT);
  return sandbox;
}

describe('GitHub sandbox OAuth', () => {
  it('shows an error page for a redirect_uri not under the registered callback URL: no redirect, no code', async () => {
    const sandbox = setup();
    const evil = authorizeUrl({ redirect_uri: 'https://evil.example/cb', state: 's' });
    const page = await sandbox.handle(new Request(evil));
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(await page.text()).toContain('The redirect_uri is not associated with this application.');
    // Approving a genuine page with the redirect_uri swapped is refused the same way.
    const genuine = readConsentForm(await (await sandbox.handle(new Request(authorizeUrl({})))).text());
    const posted = await sandbox.handle(
      new Request(authorizeUrl({}), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          ...genuine.fields,
          redirect_uri: 'https://evil.example/cb',
          account: 'ada-acme',
          decision: 'approve',
        }),
      }),
    );
    expect(posted.status).toBe(400);
    expect(posted.headers.get('location')).toBeNull();
    expect((sandbox.exportState() as { oauth: { codes: unknown[] } }).oauth.codes).toEqual([]);
  });

  it('sends the person to the registered callback URL when redirect_uri is left out, and checks it at the token endpoint', async () => {
    const sandbox = setup();
    const url = new URL(authorizeUrl({ state: 's' }));
    url.searchParams.delete('redirect_uri');
    const page = readConsentForm(await (await sandbox.handle(new Request(url))).text());
    const back = await sandbox.handle(
      new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...page.fields, account: 'ada-acme', decision: 'approve' }),
      }),
    );
    const location = new URL(back.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    const code = location.searchParams.get('code')!;
    const json = { accept: 'application/json' };
    const refused = await sandbox.handle(
      tokenRequest({ code, redirect_uri: 'https://evil.example/cb' }, json),
    );
    expect(await refused.json()).toMatchObject({ error: 'redirect_uri_mismatch' });
  });

  it('matches redirect URIs the way GitHub documents for OAuth Apps (host and port, path under the callback)', () => {
    const callback = 'http://example.com/path';
    const cases: [string, boolean][] = [
      ['http://example.com/path', true],
      ['http://example.com/path/subdir/other', true],
      ['http://oauth.example.com/path', true],
      ['http://example.com/bar', false],
      ['http://example.com/', false],
      ['http://example.com:8080/path', false],
      ['http://oauth.example.com:8080/path', false],
      ['http://example.org', false],
      ['http://example.com/path/../bar', false],
      ['http://evil.example/path', false],
    ];
    for (const [uri, allowed] of cases)
      expect([uri, githubOAuthAppRedirectMatch(callback, uri)]).toEqual([uri, allowed]);
    // Loopback callbacks: any port (the same page's "Loopback redirect urls"), but never another host.
    expect(githubOAuthAppRedirectMatch('http://127.0.0.1/path', 'http://127.0.0.1:1234/path')).toBe(true);
    expect(githubOAuthAppRedirectMatch('http://127.0.0.1/path', 'http://evil.127.0.0.1/path')).toBe(false);
    // GitHub Apps: exact match with one of the registered callback URLs.
    expect(githubAppRedirectMatch(callback, 'http://example.com/path/sub')).toBe(false);
  });

  it('completes the code flow through the consent page with S256 PKCE and a form-encoded token response', async () => {
    const sandbox = setup();
    const state = 'st@te with spaces&symbols';
    const back = await consent(sandbox, {
      scope: 'repo read:org',
      state,
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    });
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    expect(back.searchParams.get('state')).toBe(state);
    const code = back.searchParams.get('code')!;
    const response = await sandbox.handle(
      tokenRequest({ code, redirect_uri: CALLBACK, code_verifier: VERIFIER }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
    const text = await response.text();
    expect(text).toMatch(/scope=repo%2Cread%3Aorg/);
    const form = new URLSearchParams(text);
    expect(form.get('access_token')).toMatch(/^gho_[A-Za-z0-9]{36}$/);
    expect(form.get('token_type')).toBe('bearer');
    expect(form.has('refresh_token')).toBe(false);
    expect(form.has('expires_in')).toBe(false);
  });

  it('accepts commas between scopes and answers JSON when asked with Accept: application/json', async () => {
    const sandbox = setup();
    const back = await consent(sandbox, { scope: 'repo,gist', state: 's1' });
    const response = await sandbox.handle(
      tokenRequest(
        { code: back.searchParams.get('code')!, redirect_uri: CALLBACK },
        { json: true, accept: 'application/json' },
      ),
    );
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = await response.json();
    expect(body).toEqual({
      access_token: expect.stringMatching(/^gho_/),
      scope: 'repo,gist',
      token_type: 'bearer',
    });
  });

  it('returns token errors with HTTP 200 and makes codes single-use', async () => {
    const sandbox = setup();
    const back = await consent(sandbox, { scope: 'repo', state: 's2' });
    const code = back.searchParams.get('code')!;
    const json = { accept: 'application/json' };
    const wrongSecret = await sandbox.handle(
      tokenRequest({ code, client_secret: 'nope', redirect_uri: CALLBACK }, json),
    );
    expect(wrongSecret.status).toBe(200);
    expect(await wrongSecret.json()).toMatchObject({
      error: 'incorrect_client_credentials',
      error_description: expect.any(String),
      error_uri: expect.stringContaining('docs.github.com'),
    });
    const first = await sandbox.handle(tokenRequest({ code, redirect_uri: CALLBACK }, json));
    expect(await first.json()).toHaveProperty('access_token');
    const second = await sandbox.handle(tokenRequest({ code, redirect_uri: CALLBACK }, json));
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ error: 'bad_verification_code' });
    const other = await consent(sandbox, { scope: 'repo', state: 's3' });
    const mismatch = await sandbox.handle(
      tokenRequest(
        { code: other.searchParams.get('code')!, redirect_uri: 'http://127.0.0.1:9/elsewhere' },
        json,
      ),
    );
    expect(await mismatch.json()).toMatchObject({ error: 'redirect_uri_mismatch' });
  });

  it('rejects a wrong PKCE verifier and an expired code', async () => {
    let clock = Date.parse('2026-01-05T10:00:00Z');
    const sandbox = setup({ now: () => clock });
    const json = { accept: 'application/json' };
    const pkce = await consent(sandbox, {
      state: 'p',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    });
    const wrong = await sandbox.handle(
      tokenRequest(
        { code: pkce.searchParams.get('code')!, redirect_uri: CALLBACK, code_verifier: 'b'.repeat(43) },
        json,
      ),
    );
    expect(await wrong.json()).toMatchObject({ error: 'bad_verification_code' });
    const late = await consent(sandbox, { state: 'e' });
    clock += 10 * 60 * 1000 + 1;
    const expired = await sandbox.handle(
      tokenRequest({ code: late.searchParams.get('code')!, redirect_uri: CALLBACK }, json),
    );
    expect(await expired.json()).toMatchObject({ error: 'bad_verification_code' });
  });

  it('redirects with access_denied and a description when the person cancels, keeping state untouched', async () => {
    const sandbox = setup();
    const back = await consent(sandbox, { scope: 'repo', state: 'keep=me' }, 'cancel');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('error_description')).toBeTruthy();
    expect(back.searchParams.get('state')).toBe('keep=me');
    expect(back.searchParams.has('code')).toBe(false);
  });

  it('refuses plain PKCE with an error redirect, and unknown clients or foreign redirect URIs with an error page', async () => {
    const sandbox = createGithubSandbox();
    sandbox.registerClient({ ...CLIENT, redirectUris: ['http://127.0.0.1:4020/apps/oauth'] });
    const plain = await sandbox.handle(
      new Request(authorizeUrl({ state: 'x', code_challenge: VERIFIER, code_challenge_method: 'plain' })),
    );
    expect(plain.status).toBe(302);
    const location = new URL(plain.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('x');
    const subdirectory = await sandbox.handle(new Request(authorizeUrl({ state: 'ok' })));
    expect(subdirectory.status).toBe(200);
    for (const url of [
      authorizeUrl({ client_id: 'unknown-client' }),
      authorizeUrl({ redirect_uri: 'https://evil.example/apps/oauth/callback' }),
      authorizeUrl({ redirect_uri: 'http://127.0.0.1:4020/other' }),
    ]) {
      const response = await sandbox.handle(new Request(url));
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('content-type')).toContain('text/html');
    }
  });
});
