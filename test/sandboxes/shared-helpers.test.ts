import { describe, expect, it } from 'vitest';
import {
  createConsentFlow,
  FailureQueue,
  maskSecret,
  maskSecrets,
  maskUrl,
  OAuthServer,
  readBasicAuth,
  readBody,
  readConsentForm,
  s256Challenge,
  submitConsent,
  verifyPkce,
} from '../../local/sandboxes/shared/index.ts';

function server(clock = { now: 1_000_000 }) {
  let n = 0;
  const oauth = new OAuthServer(
    {
      accessToken: () => `at_${++n}_abcdefgh`,
      accessTtlSeconds: 60,
      refreshToken: () => `rt_${++n}_abcdefgh`,
      refreshTtlSeconds: null,
    },
    () => clock.now,
  );
  oauth.registerClient({
    clientId: 'c1',
    clientSecret: 's1-secret',
    redirectUris: ['http://app.test/cb?keep=1'],
  });
  return { oauth, clock };
}

describe('PKCE', () => {
  it('matches the RFC 7636 appendix B example for S256', () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(s256Challenge(verifier)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(
      verifyPkce({ verifier, challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', method: 'S256' }),
    ).toBe(true);
    expect(verifyPkce({ verifier, challenge: verifier, method: 'plain' })).toBe(true);
    expect(verifyPkce({ verifier: 'short', challenge: 'short', method: 'plain' })).toBe(false);
  });
});

describe('OAuthServer', () => {
  it('binds codes to client and redirect URI, uses them once, and expires them after 10 minutes', () => {
    const { oauth, clock } = server();
    const grant = { clientId: 'c1', account: 'a', scopes: ['read'] };
    const code = oauth.issueCode({ ...grant, redirectUri: 'http://x/cb' });
    expect(oauth.redeemCode({ code, clientId: 'other', redirectUri: 'http://x/cb' })).toEqual({
      ok: false,
      error: 'client_mismatch',
    });
    expect(oauth.redeemCode({ code, clientId: 'c1', redirectUri: 'http://x/cb' })).toEqual({
      ok: false,
      error: 'invalid_code',
    });
    const second = oauth.issueCode({ ...grant, redirectUri: 'http://x/cb' });
    expect(oauth.redeemCode({ code: second, clientId: 'c1', redirectUri: 'http://x/other' }).ok).toBe(false);
    const third = oauth.issueCode(grant);
    clock.now += 10 * 60 * 1000;
    expect(oauth.redeemCode({ code: third, clientId: 'c1' })).toEqual({ ok: false, error: 'expired_code' });
  });

  it('rotates refresh tokens, expires access tokens and revokes a whole grant', () => {
    const { oauth, clock } = server();
    const issued = oauth.issueTokens({ clientId: 'c1', account: 'a', scopes: ['read'] });
    expect(issued.expiresIn).toBe(60);
    const rotated = oauth.rotateRefreshToken(issued.refreshToken!, 'c1');
    expect(rotated.ok).toBe(true);
    expect(oauth.rotateRefreshToken(issued.refreshToken!, 'c1')).toEqual({ ok: false, error: 'revoked' });
    clock.now += 60_000;
    expect(oauth.lookup(issued.accessToken).state).toBe('expired');
    if (!rotated.ok) throw new Error('unreachable');
    expect(oauth.revoke(rotated.tokens.refreshToken!, { wholeGrant: true })).toBe(true);
    expect(oauth.lookup(rotated.tokens.accessToken).state).toBe('revoked');
    expect(oauth.revoke(rotated.tokens.accessToken)).toBe(false);
  });

  it('accepts only a registered redirect URI, compared exactly, and none for a client that registered none', () => {
    const { oauth } = server();
    expect(oauth.acceptsRedirectUri('c1', 'http://app.test/cb?keep=1')).toBe(true);
    expect(oauth.acceptsRedirectUri('c1', 'http://app.test/cb')).toBe(false);
    expect(oauth.acceptsRedirectUri('c1', 'http://127.0.0.1:1/cb?x=1')).toBe(false);
    expect(oauth.acceptsRedirectUri('c1', 'javascript:alert(1)')).toBe(false);
    oauth.registerClient({ clientId: 'c2', clientSecret: 's', redirectUris: ['https://app.test/cb'] });
    expect(oauth.acceptsRedirectUri('c2', 'https://app.test/cb')).toBe(true);
    expect(oauth.acceptsRedirectUri('c2', 'https://app.test/cb2')).toBe(false);
    expect(oauth.acceptsRedirectUri('c2', 'https://app.test/cb#frag')).toBe(false);
    oauth.registerClient({ clientId: 'c3', clientSecret: 's', redirectUris: [] });
    expect(oauth.acceptsRedirectUri('c3', 'https://app.test/cb')).toBe(false);
    expect(oauth.acceptsRedirectUri('unknown', 'https://app.test/cb')).toBe(false);
  });

  it('refuses a code exchange whose redirect_uri is not registered, even when it was sent at authorize', () => {
    const { oauth } = server();
    const code = oauth.issueCode({
      clientId: 'c1',
      account: 'a',
      scopes: [],
      redirectUri: 'https://evil.example/cb',
    });
    expect(oauth.redeemCode({ code, clientId: 'c1', redirectUri: 'https://evil.example/cb' })).toEqual({
      ok: false,
      error: 'redirect_uri_mismatch',
    });
  });
});

describe('consent flow', () => {
  const flowFor = (oauth: OAuthServer) =>
    createConsentFlow({
      server: oauth,
      providerName: 'Example',
      accent: '#000',
      accountLabel: 'Account',
      accounts: () => [{ id: 'u1', name: 'User <One>' }],
      parseParams: (params) => ({ ok: true, scopes: (params.get('scope') ?? '').split(',') }),
      describeScope: (scope) => scope,
      redirectUriRequired: true,
    });

  it('escapes every reflected value and keeps the redirect URI query', async () => {
    const { oauth } = server();
    const flow = flowFor(oauth);
    const state = '"><script>alert(1)</script>';
    const url = `https://example.test/authorize?client_id=c1&redirect_uri=${encodeURIComponent('http://app.test/cb?keep=1')}&scope=${encodeURIComponent('<b>read</b>')}&state=${encodeURIComponent(state)}`;
    const page = (await flow.handle(new Request(url))).response;
    const html = await page.clone().text();
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>read</b>');
    expect(readConsentForm(html).fields.state).toBe(state);
    const redirect = await submitConsent(
      { handle: async (request) => (await flow.handle(request)).response },
      url,
    );
    const location = new URL(redirect.headers.get('location')!);
    expect(location.searchParams.get('keep')).toBe('1');
    expect(location.searchParams.get('state')).toBe(state);
  });
});

describe('request helpers and masking', () => {
  it('reads form-urlencoded Basic credentials and form/JSON bodies', async () => {
    const header = `Basic ${Buffer.from(`${encodeURIComponent('id:with colon')}:${encodeURIComponent('p@ss')}`).toString('base64')}`;
    expect(readBasicAuth(new Request('https://x.test', { headers: { authorization: header } }))).toEqual({
      clientId: 'id:with colon',
      clientSecret: 'p@ss',
    });
    const form = await readBody(
      new Request('https://x.test', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1&b=2',
      }),
    );
    expect(form).toEqual({ kind: 'form', fields: { a: '1', b: '2' } });
    const broken = await readBody(
      new Request('https://x.test', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{',
      }),
    );
    expect(broken.kind).toBe('invalid-json');
  });

  it('masks secret fields, provider tokens inside text, and secret query parameters', () => {
    expect(maskSecret('abcdefghij1234')).toBe('xxxx…1234');
    expect(maskSecret('short')).toBe('xxxx…');
    const masked = JSON.stringify(
      maskSecrets({
        client_secret: 'supersecret99',
        nested: { note: 'used xoxb-123-456-abcdefABCDEF and lin_oauth_abcdef123456' },
      }),
    );
    expect(masked).not.toContain('supersecret99');
    expect(masked).not.toContain('abcdefABCDEF');
    expect(masked).not.toContain('lin_oauth_abcdef123456');
    expect(maskUrl('https://x.test/cb?code=abcdefgh12345&state=s')).not.toContain('abcdefgh12345');
  });

  it('hands out queued failures in order, matching an operation or any', () => {
    const queue = new FailureQueue();
    queue.push({ kind: 'rate-limit', operation: 'chat.postMessage' });
    queue.push({ kind: 'server-error' });
    expect(queue.take('auth.test')).toEqual({ kind: 'server-error' });
    expect(queue.take('auth.test')).toBeUndefined();
    expect(queue.take('chat.postMessage')?.kind).toBe('rate-limit');
  });
});
