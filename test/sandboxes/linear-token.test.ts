import { describe, expect, it } from 'vitest';
import { createLinearSandbox } from '../../local/sandboxes/linear/linear.sandbox.ts';
import { submitConsent } from '../../local/sandboxes/shared/index.ts';

const REDIRECT = 'http://127.0.0.1:4020/apps/oauth/callback';
const CLIENT = {
  clientId: 'lin-client-1',
  clientSecret: 'lin-secret-abcdef123456',
  redirectUris: [REDIRECT],
};
const TOKEN_URL = 'https://api.linear.app/oauth/token';

function post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

async function setupWithCode(clock = { now: Date.now() }) {
  const sandbox = createLinearSandbox({ now: () => clock.now });
  sandbox.registerClient(CLIENT);
  const url = new URL('https://linear.app/oauth/authorize');
  url.search = new URLSearchParams({
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'read,write',
    state: 's',
  }).toString();
  const redirect = await submitConsent(sandbox, url.toString());
  const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
  return { sandbox, code, clock };
}

const exchangeFields = (code: string) => ({
  grant_type: 'authorization_code',
  code,
  redirect_uri: REDIRECT,
  ...CLIENT_FIELDS,
});
const CLIENT_FIELDS = { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret };

async function graphqlStatus(sandbox: ReturnType<typeof createLinearSandbox>, token: string) {
  const response = await sandbox.handle(
    new Request('https://api.linear.app/graphql', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    }),
  );
  return response.status;
}

describe('Linear sandbox token endpoint', () => {
  it('rejects a JSON body with an OAuth error, as the endpoint is form-urlencoded only', async () => {
    const { sandbox, code } = await setupWithCode();
    const response = await sandbox.handle(
      new Request(TOKEN_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(exchangeFields(code)),
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('accepts client credentials through HTTP Basic', async () => {
    const { sandbox, code } = await setupWithCode();
    const basic = Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64');
    const response = await sandbox.handle(
      post(
        TOKEN_URL,
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
        { authorization: `Basic ${basic}` },
      ),
    );
    expect(response.status).toBe(200);
  });

  it('rejects a wrong client secret and a code without PKCE exchanged without a secret', async () => {
    const { sandbox, code } = await setupWithCode();
    const wrong = await sandbox.handle(post(TOKEN_URL, { ...exchangeFields(code), client_secret: 'nope' }));
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toBe('invalid_client');
    const { sandbox: other, code: second } = await setupWithCode();
    const noSecret = await other.handle(
      post(TOKEN_URL, {
        grant_type: 'authorization_code',
        code: second,
        redirect_uri: REDIRECT,
        client_id: CLIENT.clientId,
      }),
    );
    expect((await noSecret.json()).error).toBe('invalid_client');
  });

  it('uses a code once, binds it to the redirect_uri, and expires it after 10 minutes', async () => {
    const { sandbox, code, clock } = await setupWithCode();
    expect((await sandbox.handle(post(TOKEN_URL, exchangeFields(code)))).status).toBe(200);
    const reused = await sandbox.handle(post(TOKEN_URL, exchangeFields(code)));
    expect(reused.status).toBe(400);
    expect((await reused.json()).error).toBe('invalid_grant');

    const mismatch = await setupWithCode();
    const wrongUri = await mismatch.sandbox.handle(
      post(TOKEN_URL, { ...exchangeFields(mismatch.code), redirect_uri: 'http://127.0.0.1:9/other' }),
    );
    expect((await wrongUri.json()).error).toBe('invalid_grant');

    const late = await setupWithCode(clock);
    clock.now += 10 * 60 * 1000 + 1;
    expect((await (await late.sandbox.handle(post(TOKEN_URL, exchangeFields(late.code)))).json()).error).toBe(
      'invalid_grant',
    );
  });

  it('rotates refresh tokens and rejects reuse of a used refresh token with invalid_grant', async () => {
    const { sandbox, code } = await setupWithCode();
    const first = await (await sandbox.handle(post(TOKEN_URL, exchangeFields(code)))).json();
    const refreshed = await sandbox.handle(
      post(TOKEN_URL, { grant_type: 'refresh_token', refresh_token: first.refresh_token, ...CLIENT_FIELDS }),
    );
    expect(refreshed.status).toBe(200);
    const second = await refreshed.json();
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second).toMatchObject({ token_type: 'Bearer', expires_in: 86399, scope: 'read write' });

    const reuse = await sandbox.handle(
      post(TOKEN_URL, { grant_type: 'refresh_token', refresh_token: first.refresh_token, ...CLIENT_FIELDS }),
    );
    expect(reuse.status).toBe(400);
    expect((await reuse.json()).error).toBe('invalid_grant');
    expect(await graphqlStatus(sandbox, second.access_token)).toBe(200);
  });

  it('expires access tokens while refresh keeps working', async () => {
    const { sandbox, code } = await setupWithCode();
    const tokens = await (await sandbox.handle(post(TOKEN_URL, exchangeFields(code)))).json();
    sandbox.expireAccessTokens();
    expect(await graphqlStatus(sandbox, tokens.access_token)).toBe(401);
    const refreshed = await sandbox.handle(
      post(TOKEN_URL, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...CLIENT_FIELDS }),
    );
    expect(await graphqlStatus(sandbox, (await refreshed.json()).access_token)).toBe(200);
  });

  it('rejects an unknown grant type', async () => {
    const { sandbox } = await setupWithCode();
    const response = await sandbox.handle(post(TOKEN_URL, { grant_type: 'password', ...CLIENT_FIELDS }));
    expect((await response.json()).error).toBe('unsupported_grant_type');
  });
});

describe('Linear sandbox revoke endpoint', () => {
  const REVOKE_URL = 'https://api.linear.app/oauth/revoke';

  it.each([
    [
      'a Bearer header',
      (t: { access_token: string }) => post(REVOKE_URL, {}, { authorization: `Bearer ${t.access_token}` }),
    ],
    [
      'the access_token field',
      (t: { access_token: string }) => post(REVOKE_URL, { access_token: t.access_token }),
    ],
    [
      'the refresh_token field',
      (t: { refresh_token: string }) => post(REVOKE_URL, { refresh_token: t.refresh_token }),
    ],
  ])('revokes the authorization given %s, then answers 400 on a second revoke', async (_, build) => {
    const { sandbox, code } = await setupWithCode();
    const tokens = await (await sandbox.handle(post(TOKEN_URL, exchangeFields(code)))).json();
    expect((await sandbox.handle(build(tokens))).status).toBe(200);
    expect(await graphqlStatus(sandbox, tokens.access_token)).toBe(401);
    const refresh = await sandbox.handle(
      post(TOKEN_URL, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...CLIENT_FIELDS }),
    );
    expect((await refresh.json()).error).toBe('invalid_grant');
    expect((await sandbox.handle(post(REVOKE_URL, { access_token: tokens.access_token }))).status).toBe(400);
  });

  it('answers 400 to RFC 7009 `token=`, which Linear does not document, and the token keeps working', async () => {
    const { sandbox, code } = await setupWithCode();
    const tokens = await (await sandbox.handle(post(TOKEN_URL, exchangeFields(code)))).json();
    const rfc7009 = post(REVOKE_URL, { token: tokens.access_token, token_type_hint: 'access_token' });
    expect((await sandbox.handle(rfc7009)).status).toBe(400);
    expect(await graphqlStatus(sandbox, tokens.access_token)).toBe(200);
  });

  it('answers 400 to a refresh token sent as access_token, revoking nothing', async () => {
    const { sandbox, code } = await setupWithCode();
    const tokens = await (await sandbox.handle(post(TOKEN_URL, exchangeFields(code)))).json();
    expect((await sandbox.handle(post(REVOKE_URL, { access_token: tokens.refresh_token }))).status).toBe(400);
    expect(await graphqlStatus(sandbox, tokens.access_token)).toBe(200);
  });

  it('answers 401 when the Bearer token is unknown', async () => {
    const { sandbox } = await setupWithCode();
    expect(
      (await sandbox.handle(post(REVOKE_URL, {}, { authorization: 'Bearer lin_oauth_unknown' }))).status,
    ).toBe(401);
  });
});
