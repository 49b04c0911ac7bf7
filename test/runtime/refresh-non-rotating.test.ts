import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REFRESH_MARGIN_MS, RefreshOnRead } from '../../local/twenty/connections/refresh-on-read.ts';
import { refreshTokens } from '../../local/twenty/oauth/token-client.ts';
import { type Connection, ConnectionStore } from '../../local/twenty/storage/connections.ts';
import { openDatabase } from '../../local/twenty/storage/database.ts';
import { SecretBox } from '../../local/twenty/storage/secret-box.ts';

/**
 * RFC 6749 §6: on a refresh the server "MAY issue a new refresh token"; when it does not, the client keeps
 * the one it has (https://www.rfc-editor.org/rfc/rfc6749#section-6, §5.1: refresh_token is OPTIONAL).
 * The sandboxes always rotate, so these tests stand up a token endpoint that does not.
 */
const TOKEN_ENDPOINT = 'https://auth.non-rotating.test/oauth/token';
const ORIGINAL_REFRESH = 'refresh-original-4d8c2a91e7';

type TokenRequest = { grantType: string | null; refreshToken: string | null; clientSecret: string | null };

/** A token endpoint (as `fetch`) that answers refreshes with a new access token and, unless told, no refresh token. */
const nonRotatingEndpoint = (options: { rotate?: boolean; scope?: string } = {}) => {
  const requests: TokenRequest[] = [];
  let issued = 0;
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url !== TOKEN_ENDPOINT) return new Response('not found', { status: 404 });
    const form = new URLSearchParams(String(init?.body ?? ''));
    requests.push({
      grantType: form.get('grant_type'),
      refreshToken: form.get('refresh_token'),
      clientSecret: form.get('client_secret'),
    });
    issued += 1;
    return Response.json({
      access_token: `access-${issued}-9b7e3c`,
      token_type: 'bearer',
      expires_in: 3600,
      ...(options.scope === undefined ? {} : { scope: options.scope }),
      ...(options.rotate ? { refresh_token: `refresh-rotated-${issued}-5f1a` } : {}),
    });
  }) as typeof fetch;
  return { fetchImpl, requests };
};

let dataDir: string;
let db: DatabaseSync;
let store: ConnectionStore;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'twenty-connect-refresh-'));
  db = openDatabase(dataDir);
  store = new ConnectionStore(db, new SecretBox(randomBytes(32)));
});
afterEach(() => {
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A connection whose access token expires within the refresh margin. */
const dueConnection = (): Connection =>
  store.create({
    provider: 'acme',
    name: 'Acme #1',
    visibility: 'user',
    userWorkspaceId: 'uw-ada',
    workspaceMemberId: 'wm-ada',
    handle: 'ada@acme.test',
    accessToken: 'access-original-0c6d',
    refreshToken: ORIGINAL_REFRESH,
    scopes: ['read', 'write'],
    expiresAt: new Date(Date.now() + REFRESH_MARGIN_MS / 2).toISOString(),
  });

/** Makes the stored access token due again, as time passing would. */
const expire = (id: string) =>
  db
    .prepare('UPDATE connections SET expires_at = ? WHERE id = ?')
    .run(new Date(Date.now() - 1000).toISOString(), id);

const refresherFor = (endpoint: ReturnType<typeof nonRotatingEndpoint>) =>
  new RefreshOnRead(store, (_connection, refreshToken) =>
    refreshTokens({
      tokenEndpoint: TOKEN_ENDPOINT,
      authorizationEndpoint: 'https://auth.non-rotating.test/oauth/authorize',
      clientId: 'acme-client',
      clientSecret: 'acme-client-secret-77aa',
      contentType: 'form-urlencoded',
      refreshToken,
      fetchImpl: endpoint.fetchImpl,
    }),
  );

describe('refresh on read with a provider that does not rotate refresh tokens', () => {
  it('keeps the old refresh token when the answer has none, and uses it again next time', async () => {
    const endpoint = nonRotatingEndpoint();
    const refresher = refresherFor(endpoint);
    const connection = dueConnection();

    const first = await refresher.fresh(connection);
    expect(first.accessToken).toBe('access-1-9b7e3c');
    expect(first.refreshToken).toBe(ORIGINAL_REFRESH);
    expect(store.get(connection.id)!.refreshToken).toBe(ORIGINAL_REFRESH);
    expect(Date.parse(first.expiresAt!)).toBeGreaterThan(Date.now() + 3000_000);
    // Not due any more: a second read does not call the provider.
    expect(refresher.needsRefresh(first)).toBe(false);

    expire(connection.id);
    const second = await refresher.fresh(store.get(connection.id)!);
    expect(second.accessToken).toBe('access-2-9b7e3c');
    expect(second.refreshToken).toBe(ORIGINAL_REFRESH);
    expect(endpoint.requests).toEqual([
      { grantType: 'refresh_token', refreshToken: ORIGINAL_REFRESH, clientSecret: 'acme-client-secret-77aa' },
      { grantType: 'refresh_token', refreshToken: ORIGINAL_REFRESH, clientSecret: 'acme-client-secret-77aa' },
    ]);
    expect(second.authFailedAt).toBeNull();
  });

  it('keeps the granted scopes when the answer names none, and takes new ones when it does', async () => {
    const connection = dueConnection();
    const silent = await refresherFor(nonRotatingEndpoint()).fresh(connection);
    expect(silent.scopes).toEqual(['read', 'write']);
    expire(connection.id);
    const narrowed = await refresherFor(nonRotatingEndpoint({ scope: 'read' })).fresh(
      store.get(connection.id)!,
    );
    expect(narrowed.scopes).toEqual(['read']);
  });

  it('stores the new refresh token when the provider does rotate', async () => {
    const endpoint = nonRotatingEndpoint({ rotate: true });
    const refreshed = await refresherFor(endpoint).fresh(dueConnection());
    expect(refreshed.refreshToken).toBe('refresh-rotated-1-5f1a');
    expect(refreshed.accessToken).toBe('access-1-9b7e3c');
  });
});

describe('refresh on read: when, how often, and what a failure does', () => {
  it('refreshes only a token due within the margin, and never one without a refresh token or marked failed', () => {
    const refresher = refresherFor(nonRotatingEndpoint());
    const connection = dueConnection();
    const expiresAt = Date.parse(connection.expiresAt!);
    expect(refresher.needsRefresh(connection, expiresAt - REFRESH_MARGIN_MS + 1)).toBe(true);
    expect(refresher.needsRefresh(connection, expiresAt - REFRESH_MARGIN_MS)).toBe(false);
    expect(refresher.needsRefresh({ ...connection, refreshToken: null })).toBe(false);
    expect(refresher.needsRefresh({ ...connection, authFailedAt: new Date().toISOString() })).toBe(false);
  });

  it('assumes a one-hour token from the last update when the provider gave no expiry', () => {
    const refresher = refresherFor(nonRotatingEndpoint());
    const updated = Date.now();
    const noExpiry = { ...dueConnection(), expiresAt: null, updatedAt: new Date(updated).toISOString() };
    expect(refresher.needsRefresh(noExpiry, updated + 30 * 60_000)).toBe(false);
    expect(refresher.needsRefresh(noExpiry, updated + 60 * 60_000 - REFRESH_MARGIN_MS + 1)).toBe(true);
  });

  it('returns a connection that is not due as it is, without asking the provider', async () => {
    const endpoint = nonRotatingEndpoint();
    const connection = dueConnection();
    const notDue = { ...connection, expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
    expect(await refresherFor(endpoint).fresh(notDue)).toBe(notDue);
    expect(endpoint.requests).toEqual([]);
  });

  it('runs one refresh for reads that arrive together', async () => {
    const endpoint = nonRotatingEndpoint({ rotate: true });
    const refresher = refresherFor(endpoint);
    const connection = dueConnection();
    const results = await Promise.all([refresher.fresh(connection), refresher.fresh(connection)]);
    expect(endpoint.requests).toHaveLength(1);
    expect(results.map((r) => r.accessToken)).toEqual(['access-1-9b7e3c', 'access-1-9b7e3c']);
  });

  it('keeps a failure recorded while the refresh was in flight', async () => {
    const connection = dueConnection();
    const endpoint = nonRotatingEndpoint();
    const answer = endpoint.fetchImpl;
    endpoint.fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      store.markAuthFailed(connection.id, 'Twenty reported the token refused');
      return answer(input, init);
    }) as typeof fetch;
    const refreshed = await refresherFor(endpoint).fresh(connection);
    expect(refreshed.authFailedAt).not.toBeNull();
    expect(refreshed.authFailedReason).toBe('Twenty reported the token refused');
  });

  const failingEndpoint = (status: number, body: unknown) =>
    (async () => Response.json(body, { status })) as unknown as typeof fetch;

  it('marks the connection failed when the provider says the grant is dead', async () => {
    const connection = dueConnection();
    const logs: string[] = [];
    const refresher = new RefreshOnRead(
      store,
      (_c, refreshToken) =>
        refreshTokens({
          tokenEndpoint: TOKEN_ENDPOINT,
          authorizationEndpoint: 'https://auth.non-rotating.test/oauth/authorize',
          clientId: 'acme-client',
          clientSecret: 'acme-client-secret-77aa',
          contentType: 'form-urlencoded',
          refreshToken,
          fetchImpl: failingEndpoint(400, { error: 'invalid_grant', error_description: 'revoked' }),
        }),
      (message) => logs.push(message),
    );
    const result = await refresher.fresh(connection);
    expect(result.authFailedAt).not.toBeNull();
    expect(result.authFailedReason).toBe(
      'Refreshing the token failed: The provider refused the token request (invalid_grant: revoked).',
    );
    expect(result.accessToken).toBe('access-original-0c6d');
    expect(logs).toEqual([]);
  });

  it('leaves the connection usable and logs (without tokens) when the provider is only unavailable', async () => {
    const connection = dueConnection();
    const logs: string[] = [];
    const refresher = new RefreshOnRead(
      store,
      async () => {
        throw new Error('connect ECONNREFUSED');
      },
      (message) => logs.push(message),
    );
    const result = await refresher.fresh(connection);
    expect(result.authFailedAt).toBeNull();
    expect(result.refreshToken).toBe(ORIGINAL_REFRESH);
    expect(logs).toEqual([
      `Refreshing connection ${connection.id} failed (will retry on next read): connect ECONNREFUSED`,
    ]);
    expect(logs.join()).not.toContain(ORIGINAL_REFRESH);
  });
});
