import { describe, expect, it } from 'vitest';
import { submitConsent } from '../../local/sandboxes/shared/index.ts';
import { createSlackSandbox } from '../../local/sandboxes/slack/slack.sandbox.ts';

const REDIRECT = 'http://127.0.0.1:4020/apps/oauth/callback';
const CLIENT = {
  clientId: '1234567890.987654321',
  clientSecret: 'slack-secret-0123456789abcdef',
  redirectUris: [REDIRECT],
};

function post(method: string, fields: Record<string, string>, token?: string) {
  return new Request(`https://slack.com/api/${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
}

async function installed(tokenRotation = false) {
  const sandbox = createSlackSandbox({ tokenRotation });
  sandbox.registerClient(CLIENT);
  const url = `https://slack.com/oauth/v2/authorize?client_id=${CLIENT.clientId}&scope=chat:write,channels:read&user_scope=search:read&redirect_uri=${encodeURIComponent(REDIRECT)}`;
  const code = new URL((await submitConsent(sandbox, url)).headers.get('location')!).searchParams.get(
    'code',
  )!;
  const install = await (
    await sandbox.handle(
      post('oauth.v2.access', {
        code,
        redirect_uri: REDIRECT,
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
      }),
    )
  ).json();
  return { sandbox, install, code };
}

describe('Slack sandbox state', () => {
  it('round-trips tokens, messages and clients through exportState/importState as JSON', async () => {
    const { sandbox, install } = await installed(true);
    await sandbox.handle(
      post('chat.postMessage', { channel: 'general', text: 'Kept across restarts' }, install.access_token),
    );
    const restored = createSlackSandbox({ tokenRotation: true });
    restored.importState(JSON.parse(JSON.stringify(sandbox.exportState())));
    expect(restored.view()).toEqual(sandbox.view());
    expect(await (await restored.handle(post('auth.test', {}, install.access_token))).json()).toMatchObject({
      ok: true,
    });
    const refresh = await restored.handle(
      post('oauth.v2.access', {
        grant_type: 'refresh_token',
        refresh_token: install.refresh_token,
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
      }),
    );
    expect((await refresh.json()).ok).toBe(true);
  });

  it('gives the installing user a user token when user scopes were asked for', async () => {
    const { sandbox, install } = await installed();
    expect(install.authed_user).toMatchObject({
      scope: 'search:read',
      token_type: 'user',
      access_token: expect.stringMatching(/^xoxp-/),
    });
    const who = await (await sandbox.handle(post('auth.test', {}, install.authed_user.access_token))).json();
    expect(who.user_id).toBe(install.authed_user.id);
  });

  it('revokeToken and expireAccessTokens act like the provider side', async () => {
    const { sandbox, install } = await installed();
    sandbox.expireAccessTokens();
    // Without rotation tokens have no expiry; expiring them makes them token_expired.
    expect((await (await sandbox.handle(post('auth.test', {}, install.access_token))).json()).error).toBe(
      'token_expired',
    );
    const fresh = await installed();
    fresh.sandbox.revokeToken(fresh.install.access_token);
    expect(
      (await (await fresh.sandbox.handle(post('auth.test', {}, fresh.install.access_token))).json()).error,
    ).toBe('token_revoked');
  });

  it('never records a token, client secret or code in clear, even a token sent in the query string', async () => {
    const { sandbox, install, code } = await installed();
    await sandbox.handle(new Request(`https://slack.com/api/auth.test?token=${install.access_token}`));
    await sandbox.handle(
      post('chat.postMessage', { channel: 'general', text: 'hi', token: install.access_token }),
    );
    const recorded = JSON.stringify(sandbox.calls());
    for (const secret of [
      install.access_token,
      install.authed_user.access_token,
      CLIENT.clientSecret,
      code,
    ]) {
      expect(recorded).not.toContain(secret);
    }
    expect(sandbox.calls().map((call) => call.operation)).toEqual([
      'oauth.authorize',
      'oauth.authorize',
      'oauth.token',
      'auth.test',
      'chat.postMessage',
    ]);
  });

  it('resets to the seed', async () => {
    const { sandbox, install } = await installed();
    await sandbox.handle(
      post('chat.postMessage', { channel: 'general', text: 'gone after reset' }, install.access_token),
    );
    sandbox.reset();
    expect(JSON.stringify(sandbox.view())).not.toContain('gone after reset');
    expect(sandbox.calls()).toEqual([]);
    expect((await (await sandbox.handle(post('auth.test', {}, install.access_token))).json()).error).toBe(
      'invalid_auth',
    );
  });
});
