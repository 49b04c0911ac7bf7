import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveConsent,
  configureLinear,
  type Harness,
  removeDataDir,
  startHarness,
} from './helpers/runtime-harness.ts';

const startAuthorization = async (harness: Harness) => {
  const response = await harness.api('POST', '/api/connections', {
    member: 'ada',
    provider: 'linear',
    visibility: 'user',
  });
  return String(response.body.authorizeUrl);
};

/** Approves at the provider but stops before the runtime's callback: returns the callback URL. */
const callbackFor = async (harness: Harness, authorizeUrl: string) => {
  const { readConsentForm } = await import('../../local/sandboxes/shared/index.ts');
  const form = readConsentForm(await (await fetch(authorizeUrl)).text());
  const submitted = await fetch(authorizeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form.fields, account: form.accounts[0] ?? '', decision: 'approve' }),
    redirect: 'manual',
  });
  return new URL(submitted.headers.get('location')!, harness.baseUrl);
};

const landOn = async (url: URL) => {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!, 'http://relative.invalid');
};

describe('safety of the runtime surface', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
    await configureLinear(harness);
  });
  afterAll(async () => {
    await harness.stop();
    removeDataDir(harness.dataDir);
  });

  it('builds the authorize URL like Twenty: space-joined scopes, S256 PKCE, then authorizationParams on top', async () => {
    const url = new URL(await startAuthorization(harness));
    expect(url.origin + url.pathname).toBe(`${harness.baseUrl}/_sandbox/linear.app/oauth/authorize`);
    expect(url.searchParams.get('client_id')).toBe('lin-client-id');
    expect(url.searchParams.get('redirect_uri')).toBe(`${harness.baseUrl}/auth/apps/callback`);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')).toBe('read,issues:create');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).not.toContain(url.searchParams.get('code_challenge'));
  });

  it('refuses a reused state', async () => {
    const callback = await callbackFor(harness, await startAuthorization(harness));
    const first = await landOn(callback);
    expect(first.searchParams.get('connected')).toBeTruthy();
    const second = await landOn(callback);
    expect(second.pathname).toBe('/');
    expect(second.searchParams.get('connectionError')).toMatch(/already completed or used/);
  });

  it('refuses a forged state', async () => {
    const callback = await callbackFor(harness, await startAuthorization(harness));
    const state = callback.searchParams.get('state')!;
    const [body] = state.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
    payload.memberId = 'grace';
    callback.searchParams.set(
      'state',
      `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${state.split('.')[1]}`,
    );
    expect((await landOn(callback)).searchParams.get('connectionError')).toMatch(
      /not issued by this runtime/,
    );
    callback.searchParams.set('state', 'garbage');
    expect((await landOn(callback)).searchParams.get('connectionError')).toMatch(/malformed/);
  });

  it('refuses an expired state', async () => {
    const { OAuthStateCodec } = await import('../../local/twenty/oauth/oauth-state.ts');
    const past = new OAuthStateCodec(
      harness.services.ctx.box,
      () => true,
      () => Date.now() - 11 * 60 * 1000,
    );
    const stale = past.issue({
      provider: 'linear',
      memberId: 'ada',
      visibility: 'user',
      name: null,
      reconnectId: null,
      redirectUri: `${harness.baseUrl}/auth/apps/callback`,
      codeVerifier: 'x'.repeat(43),
    });
    const url = new URL(`${harness.baseUrl}/apps/oauth/callback?code=abc&state=${encodeURIComponent(stale)}`);
    expect((await landOn(url)).searchParams.get('connectionError')).toMatch(/longer than 10 minutes/);
  });

  it('shows the provider refusal to the member on the console, with a relative redirect', async () => {
    const landed = await approveConsent(harness, await startAuthorization(harness), 'cancel');
    expect(landed.origin).toBe(harness.baseUrl);
    expect(landed.searchParams.get('connectionError')).toMatch(/access_denied/);
  });

  it('requires the CSRF header and refuses foreign origins on state-changing API calls', async () => {
    const body = JSON.stringify({ values: { LINEAR_CLIENT_ID: 'evil' } });
    const noHeader = await fetch(`${harness.baseUrl}/api/server-variables`, { method: 'PUT', body });
    expect(noHeader.status).toBe(403);
    const foreign = await fetch(`${harness.baseUrl}/api/server-variables`, {
      method: 'PUT',
      body,
      headers: { 'x-twenty-connect-csrf': harness.csrf, origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(harness.services.ctx.records.serverVariables().get('LINEAR_CLIENT_ID')).toBe('lin-client-id');
  });

  it('refuses requests addressed to another host name (DNS rebinding), on every path', async () => {
    const { port } = new URL(harness.baseUrl);
    const statusFor = (host: string, path: string) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest(
          { host: '127.0.0.1', port: Number(port), path, headers: { host } },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.once('error', reject);
        request.end();
      });
    for (const path of ['/api/session', '/mcp', '/oauth/authorize', '/', '/metadata']) {
      expect(await statusFor(`attacker.example:${port}`, path)).toBe(403);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect(await statusFor(host, '/api/session')).toBe(200);
    }
    expect(await statusFor(`localhost:${Number(port) + 1}`, '/api/session')).toBe(403);
  });

  it('answers bad requests with clear 400s and never echoes secrets', async () => {
    const unknown = await harness.api('PUT', '/api/server-variables', { values: { NOPE: 'x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/NOPE/);
    const badVisibility = await harness.api('POST', '/api/connections', {
      member: 'ada',
      provider: 'linear',
      visibility: 'everyone',
    });
    expect(badVisibility.status).toBe(400);
    expect(badVisibility.body.error.message).toMatch(/visibility/);
    const badJson = await fetch(`${harness.baseUrl}/api/connections`, {
      method: 'POST',
      headers: { 'x-twenty-connect-csrf': harness.csrf },
      body: '{',
    });
    expect(badJson.status).toBe(400);
    const state = await harness.api('GET', '/api/state?member=ada');
    expect(JSON.stringify(state.body)).not.toContain('lin-client-secret-value');
    expect(
      state.body.serverVariables.find((v: { name: string }) => v.name === 'LINEAR_CLIENT_SECRET'),
    ).toMatchObject({ isSet: true });
  });

  it('serves the console with the CSRF token filled in, and never serves files outside it', async () => {
    const page = await fetch(`${harness.baseUrl}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).not.toContain('__CSRF_TOKEN__');
    expect(html).toContain(`content="${harness.csrf}"`);
    const outside = await fetch(`${harness.baseUrl}/..%2f..%2fpackage.json`);
    expect(outside.status).toBe(404);
  });

  it('refuses /metadata without the app token', async () => {
    const response = await fetch(`${harness.baseUrl}/metadata`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${harness.services.ctx.members.byId('ada')!.routeToken}`,
      },
      body: JSON.stringify({ query: '{ appConnections { id accessToken } }' }),
    });
    expect(response.status).toBe(401);
  });
});
