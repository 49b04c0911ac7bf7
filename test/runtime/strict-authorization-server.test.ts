import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltApp } from '../../local/twenty/build/build-app.ts';
import { builtFixtureApp, type Harness, removeDataDir, startHarness } from './helpers/runtime-harness.ts';
import { browse, type StrictServer, startStrictServer } from './helpers/strict-authorization-server.ts';

/** The fixture app plus a connection provider pointing at the strict server. */
const withStrictProvider = (app: BuiltApp, issuer: string): BuiltApp => ({
  ...app,
  manifest: {
    ...app.manifest,
    application: {
      ...app.manifest.application,
      serverVariables: {
        ...app.manifest.application.serverVariables,
        IDP_CLIENT_ID: { isSecret: false, isRequired: true },
        IDP_CLIENT_SECRET: { isSecret: true, isRequired: true },
      },
    },
    connectionProviders: [
      {
        universalIdentifier: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        name: 'idp',
        displayName: 'Strict IdP',
        type: 'oauth',
        oauth: {
          authorizationEndpoint: `${issuer}/auth`,
          tokenEndpoint: `${issuer}/token`,
          revokeEndpoint: `${issuer}/token/revocation`,
          scopes: ['openid', 'email', 'offline_access'],
          clientIdVariable: 'IDP_CLIENT_ID',
          clientSecretVariable: 'IDP_CLIENT_SECRET',
          authorizationParams: { prompt: 'consent' },
          tokenRequestContentType: 'form-urlencoded',
          usePkce: true,
        },
      },
    ],
  },
});

describe('the handshake against an independent, standards-strict authorization server', () => {
  let harness: Harness;
  let strict: StrictServer;
  beforeAll(async () => {
    const app = await builtFixtureApp();
    // Live mode: no sandbox mapping, the runtime talks to the server's real URLs.
    harness = await startHarness({ mode: 'live', app });
    strict = await startStrictServer({
      clientId: 'runtime-client',
      clientSecret: 'runtime-client-secret',
      redirectUris: [`${harness.baseUrl}/auth/apps/callback`],
    });
    // The server's port is only known now: give the running runtime the provider (it reads ctx.app live).
    harness.services.ctx.app = withStrictProvider(app, strict.issuer);
  });
  afterAll(async () => {
    await harness?.stop();
    await strict?.close();
    removeDataDir(harness.dataDir);
  });

  it('connects with PKCE and client_secret_post, takes the handle from the id_token, and refreshes', async () => {
    await harness.api('PUT', '/api/server-variables', {
      values: { IDP_CLIENT_ID: 'runtime-client', IDP_CLIENT_SECRET: 'runtime-client-secret' },
    });
    const { body } = await harness.api('POST', '/api/connections', {
      member: 'ada',
      provider: 'idp',
      visibility: 'user',
    });
    const landed = await browse(
      body.authorizeUrl,
      (url) => url.origin === harness.baseUrl && url.pathname === '/',
    );
    expect(landed.searchParams.get('connectionError')).toBeNull();
    const id = landed.searchParams.get('connected')!;
    const connection = harness.services.ctx.connections.get(id)!;
    expect(connection).toMatchObject({
      provider: 'idp',
      handle: 'upstream@idp.example',
      name: 'Strict IdP #1',
    });
    expect(connection.refreshToken).toEqual(expect.any(String));

    harness.services.ctx.db
      .prepare('UPDATE connections SET expires_at = ? WHERE id = ?')
      .run(new Date(0).toISOString(), id);
    const refreshed = await harness.services.connections.refresher.fresh(
      harness.services.ctx.connections.get(id)!,
    );
    expect(refreshed.accessToken).not.toBe(connection.accessToken);
    expect(refreshed.authFailedAt).toBeNull();
  });

  it('reports a wrong client secret from the strict server to the member', async () => {
    await harness.api('PUT', '/api/server-variables', { values: { IDP_CLIENT_SECRET: 'wrong-secret' } });
    const { body } = await harness.api('POST', '/api/connections', {
      member: 'grace',
      provider: 'idp',
      visibility: 'user',
    });
    const landed = await browse(
      body.authorizeUrl,
      (url) => url.origin === harness.baseUrl && url.pathname === '/',
    );
    expect(landed.searchParams.get('connectionError')).toMatch(/invalid_client/);
  });
});
