import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLinearSandbox } from '../../local/sandboxes/linear/linear.sandbox.ts';
import { readConsentForm } from '../../local/sandboxes/shared/index.ts';

const REDIRECT = 'http://127.0.0.1:4020/apps/oauth/callback';
const CLIENT = {
  clientId: 'lin-client-1',
  clientSecret: 'lin-secret-abcdef123456',
  redirectUris: [REDIRECT],
};

function authorizeUrl(params: Record<string, string>): string {
  const url = new URL('https://linear.app/oauth/authorize');
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

function form(fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  };
}

function setup(now = () => Date.now()) {
  const sandbox = createLinearSandbox({ now });
  sandbox.registerClient(CLIENT);
  return sandbox;
}

/** Opens the consent page and clicks a button, as a person would. */
async function consent(
  sandbox: ReturnType<typeof setup>,
  url: string,
  decision: 'approve' | 'cancel' = 'approve',
  accountIndex = 0,
) {
  const page = await sandbox.handle(new Request(url));
  expect(page.status).toBe(200);
  const { fields, accounts } = readConsentForm(await page.text());
  const body = { ...fields, account: accounts[accountIndex]!, decision };
  const response = await sandbox.handle(new Request(url, form(body)));
  return response;
}

async function authorizationCode(sandbox: ReturnType<typeof setup>, extra: Record<string, string> = {}) {
  const url = authorizeUrl({
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'read,write',
    state: 's1',
    ...extra,
  });
  const response = await consent(sandbox, url);
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!).searchParams.get('code')!;
}

describe('Linear sandbox OAuth', () => {
  it('shows an error page for a redirect_uri that is not registered exactly: no redirect, no code', async () => {
    const sandbox = setup();
    const params = { client_id: CLIENT.clientId, response_type: 'code', scope: 'read', state: 's' };
    for (const redirect of ['https://evil.example/cb', `${REDIRECT}/more`, `${REDIRECT}?x=1`]) {
      const page = await sandbox.handle(new Request(authorizeUrl({ ...params, redirect_uri: redirect })));
      expect(page.status).toBe(400);
      expect(page.headers.get('location')).toBeNull();
    }
    // Approving a genuine page with the redirect_uri swapped is refused the same way.
    const url = authorizeUrl({ ...params, redirect_uri: REDIRECT });
    const genuine = readConsentForm(await (await sandbox.handle(new Request(url))).text());
    const body = {
      ...genuine.fields,
      redirect_uri: 'https://evil.example/cb',
      account: genuine.accounts[0]!,
      decision: 'approve',
    };
    const posted = await sandbox.handle(new Request(url, form(body)));
    expect(posted.status).toBe(400);
    expect(posted.headers.get('location')).toBeNull();
    expect((sandbox.exportState() as { oauth: { codes: unknown[] } }).oauth.codes).toEqual([]);
  });

  it('renders a consent page naming the app, the provider, the scopes and the seeded users', async () => {
    const sandbox = setup();
    const url = authorizeUrl({
      client_id: CLIENT.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'read,issues:create comments:create',
    });
    const html = await (await sandbox.handle(new Request(url))).text();
    expect(html).toContain('Authorize Twenty Connect to access your Linear account');
    for (const text of [
      'issues:create',
      'comments:create',
      'Ada Lovelace',
      'Grace Hopper',
      'Approve',
      'Cancel',
    ])
      expect(html).toContain(text);
  });

  it('completes the code flow with S256 PKCE and returns state untouched', async () => {
    const sandbox = setup();
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const state = 'a b&c=d/é';
    const url = authorizeUrl({
      client_id: CLIENT.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'read,write',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const redirect = await consent(sandbox, url, 'approve', 1);
    const location = new URL(redirect.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe(state);
    const code = location.searchParams.get('code')!;

    // With PKCE the client secret is optional.
    const token = await sandbox.handle(
      new Request(
        'https://api.linear.app/oauth/token',
        form({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT,
          client_id: CLIENT.clientId,
          code_verifier: verifier,
        }),
      ),
    );
    expect(token.status).toBe(200);
    const body = await token.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 86399, scope: 'read write' });
    expect(body.access_token).toMatch(/^lin_oauth_[A-Za-z0-9]{40}$/);
    expect(typeof body.refresh_token).toBe('string');

    const viewer = await sandbox.handle(
      new Request('https://api.linear.app/graphql', {
        method: 'POST',
        headers: { authorization: `Bearer ${body.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ viewer { name } }' }),
      }),
    );
    expect((await viewer.json()).data.viewer.name).toBe('Grace Hopper');
  });

  it('accepts plain PKCE and rejects a wrong verifier', async () => {
    const sandbox = setup();
    const verifier = 'v'.repeat(50);
    const good = await authorizationCode(sandbox, {
      code_challenge: verifier,
      code_challenge_method: 'plain',
    });
    const bad = await authorizationCode(sandbox, {
      code_challenge: verifier,
      code_challenge_method: 'plain',
    });
    const exchange = (code: string, codeVerifier: string) =>
      sandbox.handle(
        new Request(
          'https://api.linear.app/oauth/token',
          form({
            grant_type: 'authorization_code',
            code,
            redirect_uri: REDIRECT,
            client_id: CLIENT.clientId,
            code_verifier: codeVerifier,
          }),
        ),
      );
    expect((await exchange(good, verifier)).status).toBe(200);
    const rejected = await exchange(bad, 'w'.repeat(50));
    expect(rejected.status).toBe(400);
    expect((await rejected.json()).error).toBe('invalid_grant');
  });

  it('redirects with access_denied when the person cancels', async () => {
    const sandbox = setup();
    const url = authorizeUrl({
      client_id: CLIENT.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'read',
      state: 'xyz',
    });
    const response = await consent(sandbox, url, 'cancel');
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('shows an error page without redirecting for an unknown client or a redirect_uri that is not registered', async () => {
    const sandbox = setup();
    const unknown = await sandbox.handle(
      new Request(
        authorizeUrl({ client_id: 'nope', redirect_uri: REDIRECT, response_type: 'code', scope: 'read' }),
      ),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('location')).toBeNull();
    expect(await unknown.text()).toContain('Invalid client');

    const registered = { clientId: 'strict', clientSecret: 'strict-secret-123456', redirectUris: [REDIRECT] };
    sandbox.registerClient(registered);
    const mismatch = await sandbox.handle(
      new Request(
        authorizeUrl({
          client_id: 'strict',
          redirect_uri: 'https://evil.test/cb',
          response_type: 'code',
          scope: 'read',
        }),
      ),
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.headers.get('location')).toBeNull();
    expect(await mismatch.text()).toContain('redirect_uri');
  });

  it('refuses a consent POST that did not come from its own page', async () => {
    const sandbox = setup();
    const url = authorizeUrl({
      client_id: CLIENT.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'read',
    });
    const forged = await sandbox.handle(
      new Request(url, form({ decision: 'approve', account: 'x', consent: 'forged' })),
    );
    expect(forged.status).toBe(400);
    expect(forged.headers.get('location')).toBeNull();
  });
});
