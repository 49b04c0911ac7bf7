import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readConsentForm, submitConsent } from '../../local/sandboxes/shared/index.ts';
import { createSlackSandbox, type SlackSandboxOptions } from '../../local/sandboxes/slack/slack.sandbox.ts';

const REDIRECT = 'http://127.0.0.1:4020/apps/oauth/callback';
const CLIENT = {
  clientId: '1234567890.987654321',
  clientSecret: 'slack-secret-0123456789abcdef',
  redirectUris: [REDIRECT],
};
const ACCESS_URL = 'https://slack.com/api/oauth.v2.access';

function post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

function authorizeUrl(extra: Record<string, string> = {}) {
  const url = new URL('https://slack.com/oauth/v2/authorize');
  url.search = new URLSearchParams({
    client_id: CLIENT.clientId,
    scope: 'channels:read,groups:read,chat:write,team:read',
    redirect_uri: REDIRECT,
    state: 'st',
    ...extra,
  }).toString();
  return url.toString();
}

async function setup(options: SlackSandboxOptions = {}, extra: Record<string, string> = {}) {
  const sandbox = createSlackSandbox(options);
  sandbox.registerClient(CLIENT);
  const redirect = await submitConsent(sandbox, authorizeUrl(extra));
  const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
  return { sandbox, code };
}

const exchange = (code: string) => ({
  code,
  redirect_uri: REDIRECT,
  client_id: CLIENT.clientId,
  client_secret: CLIENT.clientSecret,
});

describe('Slack sandbox OAuth v2', () => {
  it('shows an error page for a redirect_uri that is not registered exactly: no redirect, no code', async () => {
    const sandbox = createSlackSandbox();
    sandbox.registerClient(CLIENT);
    for (const redirect of ['https://evil.example/cb', `${REDIRECT}/more`]) {
      const page = await sandbox.handle(new Request(authorizeUrl({ redirect_uri: redirect })));
      expect(page.status).toBe(400);
      expect(page.headers.get('location')).toBeNull();
      const approved = await submitConsent(sandbox, authorizeUrl({ redirect_uri: redirect }));
      expect(approved.headers.get('location')).toBeNull();
    }
    // Approving a genuine page with the redirect_uri swapped is refused the same way.
    const genuine = readConsentForm(await (await sandbox.handle(new Request(authorizeUrl()))).text());
    const posted = await sandbox.handle(
      post(authorizeUrl(), {
        ...genuine.fields,
        redirect_uri: 'https://evil.example/cb',
        account: genuine.accounts[0]!,
        decision: 'approve',
      }),
    );
    expect(posted.status).toBe(400);
    expect(posted.headers.get('location')).toBeNull();
    expect((sandbox.exportState() as { oauth: { codes: unknown[] } }).oauth.codes).toEqual([]);
  });

  it("sends the person to the app's registered Redirect URL when redirect_uri is left out", async () => {
    const sandbox = createSlackSandbox();
    sandbox.registerClient(CLIENT);
    const url = new URL(authorizeUrl());
    url.searchParams.delete('redirect_uri');
    const approved = await submitConsent(sandbox, url.toString());
    const location = new URL(approved.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('code')).toBeTruthy();
  });

  it('shows the seeded workspace on the consent page and returns state untouched', async () => {
    const sandbox = createSlackSandbox();
    sandbox.registerClient(CLIENT);
    const html = await (await sandbox.handle(new Request(authorizeUrl()))).text();
    expect(html).toContain('Authorize Twenty Connect to access your Slack account');
    expect(html).toContain('Acme Robotics');
    expect(html).toContain('chat:write');
    const cancel = await submitConsent(sandbox, authorizeUrl({ state: 'keep me=as is' }), {
      decision: 'cancel',
    });
    const location = new URL(cancel.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('keep me=as is');
  });

  it('exchanges a code for a bot token with Slack’s response shape, over HTTP Basic', async () => {
    const { sandbox, code } = await setup();
    const basic = Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64');
    const response = await sandbox.handle(
      post(ACCESS_URL, { code, redirect_uri: REDIRECT }, { authorization: `Basic ${basic}` }),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      ok: true,
      token_type: 'bot',
      scope: 'channels:read,groups:read,chat:write,team:read',
      bot_user_id: expect.stringMatching(/^U/),
      app_id: expect.stringMatching(/^A/),
      team: { id: expect.stringMatching(/^T0ACME/), name: 'Acme Robotics' },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: expect.stringMatching(/^U/) },
    });
    expect(body.access_token).toMatch(/^xoxb-\d+-\d+-[A-Za-z0-9]{24}$/);
    expect(body.refresh_token).toBeUndefined();
    expect(body.expires_in).toBeUndefined();
  });

  it.each([
    [
      'a reused code',
      async (s: Awaited<ReturnType<typeof setup>>) => {
        await s.sandbox.handle(post(ACCESS_URL, exchange(s.code)));
        return post(ACCESS_URL, exchange(s.code));
      },
      'invalid_code',
    ],
    [
      'a wrong client secret',
      async (s: Awaited<ReturnType<typeof setup>>) =>
        post(ACCESS_URL, { ...exchange(s.code), client_secret: 'nope' }),
      'bad_client_secret',
    ],
    [
      'an unknown client id',
      async (s: Awaited<ReturnType<typeof setup>>) =>
        post(ACCESS_URL, { ...exchange(s.code), client_id: '42' }),
      'invalid_client_id',
    ],
    [
      'another redirect_uri',
      async (s: Awaited<ReturnType<typeof setup>>) =>
        post(ACCESS_URL, { ...exchange(s.code), redirect_uri: 'http://127.0.0.1:1/x' }),
      'bad_redirect_uri',
    ],
    [
      'an unknown grant_type',
      async (s: Awaited<ReturnType<typeof setup>>) =>
        post(ACCESS_URL, { ...exchange(s.code), grant_type: 'password' }),
      'invalid_grant_type',
    ],
  ])('answers HTTP 200 ok:false for %s', async (_, build, error) => {
    const state = await setup();
    const response = await state.sandbox.handle(await build(state));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: false, error });
  });

  it('verifies PKCE and then needs no client secret', async () => {
    const verifier = 'pkce-verifier-'.repeat(4);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const good = await setup({}, { code_challenge: challenge, code_challenge_method: 'S256' });
    const ok = await good.sandbox.handle(
      post(ACCESS_URL, {
        code: good.code,
        redirect_uri: REDIRECT,
        client_id: CLIENT.clientId,
        code_verifier: verifier,
      }),
    );
    expect((await ok.json()).ok).toBe(true);
    const bad = await setup({}, { code_challenge: challenge, code_challenge_method: 'S256' });
    const rejected = await bad.sandbox.handle(
      post(ACCESS_URL, {
        code: bad.code,
        redirect_uri: REDIRECT,
        client_id: CLIENT.clientId,
        code_verifier: `${verifier}x`,
      }),
    );
    expect((await rejected.json()).ok).toBe(false);
  });

  it('with token rotation, issues expiring tokens and xoxe- refresh tokens that rotate once', async () => {
    const clock = { now: Date.now() };
    const { sandbox, code } = await setup({ tokenRotation: true, now: () => clock.now });
    const first = await (await sandbox.handle(post(ACCESS_URL, exchange(code)))).json();
    expect(first.expires_in).toBe(43200);
    expect(first.refresh_token).toMatch(/^xoxe-/);
    const authTest = (token: string) =>
      sandbox
        .handle(post('https://slack.com/api/auth.test', {}, { authorization: `Bearer ${token}` }))
        .then((r) => r.json());

    clock.now += 43_200_000 + 1;
    expect(await authTest(first.access_token)).toEqual({ ok: false, error: 'token_expired' });
    const refresh = (token: string) =>
      sandbox.handle(
        post(ACCESS_URL, {
          grant_type: 'refresh_token',
          refresh_token: token,
          client_id: CLIENT.clientId,
          client_secret: CLIENT.clientSecret,
        }),
      );
    const second = await (await refresh(first.refresh_token)).json();
    expect(second).toMatchObject({ ok: true, token_type: 'bot', expires_in: 43200 });
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await authTest(second.access_token)).ok).toBe(true);
    expect(await (await refresh(first.refresh_token)).json()).toEqual({
      ok: false,
      error: 'invalid_refresh_token',
    });
  });

  it('refuses refresh when token rotation is off', async () => {
    const { sandbox } = await setup();
    const response = await sandbox.handle(
      post(ACCESS_URL, {
        grant_type: 'refresh_token',
        refresh_token: 'xoxe-1-abc',
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
      }),
    );
    expect((await response.json()).ok).toBe(false);
  });

  it('shows an error page, not a redirect, for an unknown client', async () => {
    const sandbox = createSlackSandbox();
    const response = await sandbox.handle(new Request(authorizeUrl()));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });
});
