import { describe, expect, it } from 'vitest';
import { createGithubSandbox } from '../../local/sandboxes/github/github.sandbox.ts';
import { readConsentForm } from '../../local/sandboxes/shared/consent-form.ts';

const CALLBACK = 'http://127.0.0.1:4020/apps/oauth/callback';
const CLIENT = {
  clientId: 'Ov23liSandboxClient',
  clientSecret: 'sandbox-secret-0123456789abcdef',
  redirectUris: [CALLBACK],
};

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

describe('GitHub sandbox OAuth tokens', () => {
  it('issues expiring GitHub App user tokens and rotates both tokens on refresh', async () => {
    let clock = Date.parse('2026-02-01T08:00:00Z');
    const sandbox = setup({ tokenExpiry: true, now: () => clock });
    const json = { accept: 'application/json' };
    const back = await consent(sandbox, { state: 'app' });
    const issued = await (
      await sandbox.handle(
        tokenRequest({ code: back.searchParams.get('code')!, redirect_uri: CALLBACK }, json),
      )
    ).json();
    expect(issued).toEqual({
      access_token: expect.stringMatching(/^ghu_/),
      expires_in: 28800,
      refresh_token: expect.stringMatching(/^ghr_/),
      refresh_token_expires_in: 15811200,
      scope: '',
      token_type: 'bearer',
    });
    const api = (token: string) =>
      sandbox.handle(
        new Request('https://api.github.com/user', {
          headers: { authorization: `Bearer ${token}`, 'user-agent': 't' },
        }),
      );
    expect((await api(issued.access_token)).status).toBe(200);
    const refreshed = await (
      await sandbox.handle(
        tokenRequest({ grant_type: 'refresh_token', refresh_token: issued.refresh_token }, json),
      )
    ).json();
    expect(refreshed.access_token).toMatch(/^ghu_/);
    expect(refreshed.refresh_token).not.toBe(issued.refresh_token);
    expect((await api(issued.access_token)).status).toBe(401);
    const reused = await sandbox.handle(
      tokenRequest({ grant_type: 'refresh_token', refresh_token: issued.refresh_token }, json),
    );
    expect(reused.status).toBe(200);
    expect(await reused.json()).toMatchObject({ error: 'bad_refresh_token' });
    clock += 28800 * 1000;
    expect((await api(refreshed.access_token)).status).toBe(401);
    const again = await (
      await sandbox.handle(
        tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshed.refresh_token }, json),
      )
    ).json();
    expect((await api(again.access_token)).status).toBe(200);
  });

  it('revokes a token with DELETE /applications/{client_id}/token and Basic client credentials', async () => {
    const sandbox = setup();
    const { accessToken } = sandbox.mintToken({ account: 'grace-acme', scopes: ['repo'] });
    const basic = `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`;
    const revoke = (authorization: string, token: string) =>
      sandbox.handle(
        new Request(`https://api.github.com/applications/${CLIENT.clientId}/token`, {
          method: 'DELETE',
          headers: { authorization, 'user-agent': 't', 'content-type': 'application/json' },
          body: JSON.stringify({ access_token: token }),
        }),
      );
    const wrongSecret = `Basic ${Buffer.from(`${CLIENT.clientId}:wrong`).toString('base64')}`;
    expect((await revoke(wrongSecret, accessToken)).status).toBe(404);
    expect((await revoke(basic, accessToken)).status).toBe(204);
    expect((await revoke(basic, accessToken)).status).toBe(422);
    const user = await sandbox.handle(
      new Request('https://api.github.com/user', {
        headers: { authorization: `token ${accessToken}`, 'user-agent': 't' },
      }),
    );
    expect(user.status).toBe(401);
    const rfc7009 = await sandbox.handle(
      new Request(`https://api.github.com/applications/${CLIENT.clientId}/revoke`, {
        method: 'POST',
        headers: { authorization: basic, 'user-agent': 't' },
        body: new URLSearchParams({ token: accessToken }),
      }),
    );
    expect(rfc7009.status).toBe(404);
    expect(await rfc7009.json()).toMatchObject({ message: 'Not Found' });
  });
  it('keeps 10 tokens per user, app and scope: the 11th silently revokes the oldest, and only that one', async () => {
    const sandbox = setup();
    const api = async (token: string) =>
      (
        await sandbox.handle(
          new Request('https://api.github.com/user', {
            headers: { authorization: `Bearer ${token}`, 'user-agent': 't' },
          }),
        )
      ).status;
    const ada = Array.from(
      { length: 10 },
      () => sandbox.mintToken({ account: 'ada-acme', scopes: ['repo'] }).accessToken,
    );
    const otherScope = sandbox.mintToken({ account: 'ada-acme', scopes: ['public_repo'] }).accessToken;
    const grace = sandbox.mintToken({ account: 'grace-acme', scopes: ['repo'] }).accessToken;
    for (const token of ada) expect(await api(token)).toBe(200);

    // The 11th, through the real flow: consent, then the code exchange.
    const back = await consent(sandbox, { scope: 'repo', state: 's' });
    const json = { accept: 'application/json' };
    const issued = await (
      await sandbox.handle(
        tokenRequest({ code: back.searchParams.get('code')!, redirect_uri: CALLBACK }, json),
      )
    ).json();

    expect(await api(issued.access_token)).toBe(200);
    expect(await api(ada[0]!)).toBe(401);
    for (const token of [...ada.slice(1), otherScope, grace]) expect(await api(token)).toBe(200);
  });

  it('deletes every token of the user for the app with DELETE /applications/{client_id}/grant', async () => {
    const sandbox = setup();
    const first = sandbox.mintToken({ account: 'ada-acme', scopes: ['repo'] }).accessToken;
    const second = sandbox.mintToken({ account: 'ada-acme', scopes: ['read:org'] }).accessToken;
    const grace = sandbox.mintToken({ account: 'grace-acme', scopes: ['repo'] }).accessToken;
    const basic = `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`;
    const deleteGrant = (token: string) =>
      sandbox.handle(
        new Request(`https://api.github.com/applications/${CLIENT.clientId}/grant`, {
          method: 'DELETE',
          headers: { authorization: basic, 'user-agent': 't', 'content-type': 'application/json' },
          body: JSON.stringify({ access_token: token }),
        }),
      );
    const status = async (token: string) =>
      (
        await sandbox.handle(
          new Request('https://api.github.com/user', {
            headers: { authorization: `Bearer ${token}`, 'user-agent': 't' },
          }),
        )
      ).status;
    expect((await deleteGrant(first)).status).toBe(204);
    expect([await status(first), await status(second), await status(grace)]).toEqual([401, 401, 200]);
    expect((await deleteGrant(first)).status).toBe(422);
  });
});
