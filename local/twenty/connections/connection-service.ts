import type { ConnectionProviderManifest } from '../build/manifest.ts';
import { buildAuthorizeUrl } from '../oauth/authorize-url.ts';
import { newCodeVerifier, OAuthStateCodec, OAuthStateError } from '../oauth/oauth-state.ts';
import {
  exchangeCode,
  refreshTokens,
  revokeToken,
  type TokenEndpointOptions,
} from '../oauth/token-client.ts';
import { findProvider, providerCredentials, providerUrl, type RuntimeContext } from '../runtime-context.ts';
import type { Connection, Visibility } from '../storage/connections.ts';
import { hasApplicationsPermission, type Member } from '../storage/members.ts';
import { expiresAtFrom, RefreshOnRead } from './refresh-on-read.ts';

/** A problem to show the member (or API caller) as is. */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
  constructor(
    readonly code: 'BAD_REQUEST' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'UPSTREAM',
    message: string,
  ) {
    super(message);
  }
}

export type ConnectionHook = (
  hook: 'onConnect' | 'onDisconnect',
  provider: ConnectionProviderManifest,
  connectionId: string,
) => Promise<void>;

/** Twenty's "Add connection", reconnect, rename and disconnect, plus refresh on read for `/metadata`. */
export class ConnectionService {
  readonly #states: OAuthStateCodec;
  readonly refresher: RefreshOnRead;

  constructor(
    private readonly ctx: RuntimeContext,
    private readonly runHook: ConnectionHook,
  ) {
    this.#states = new OAuthStateCodec(ctx.box, (id, exp) => ctx.records.consumeOAuthState(id, exp));
    this.refresher = new RefreshOnRead(
      ctx.connections,
      (connection, refreshToken) => {
        const provider = this.#provider(connection.provider);
        return refreshTokens({ ...this.#tokenEndpoint(provider), refreshToken });
      },
      ctx.log,
      { twentyExact: ctx.settings.twentyExact },
    );
  }

  #provider(name: string): ConnectionProviderManifest {
    const provider = findProvider(this.ctx, name);
    if (!provider) throw new ConnectionError('BAD_REQUEST', `Unknown provider "${name}".`);
    return provider;
  }

  #tokenEndpoint(provider: ConnectionProviderManifest): TokenEndpointOptions {
    const credentials = providerCredentials(this.ctx, provider);
    if (!credentials) {
      throw new ConnectionError(
        'CONFLICT',
        `${provider.displayName} is not configured yet: an admin must fill ${provider.oauth.clientIdVariable} and ${provider.oauth.clientSecretVariable}.`,
      );
    }
    return {
      ...credentials,
      tokenEndpoint: providerUrl(this.ctx, provider.oauth.tokenEndpoint),
      authorizationEndpoint: providerUrl(this.ctx, provider.oauth.authorizationEndpoint),
      contentType: provider.oauth.tokenRequestContentType,
    };
  }

  /** Starts Add connection (or Reconnect with `reconnectId`); returns the provider's authorize URL. */
  startAuthorization(options: {
    member: Member;
    provider: string;
    visibility: Visibility;
    name: string | null;
    reconnectId: string | null;
  }): string {
    const provider = this.#provider(options.provider);
    const endpoint = this.#tokenEndpoint(provider);
    const redirectUri = `${this.ctx.baseUrl()}/auth/apps/callback`;
    const codeVerifier = provider.oauth.usePkce ? newCodeVerifier() : null;
    const state = this.#states.issue({
      provider: provider.name,
      memberId: options.member.id,
      visibility: options.visibility,
      name: options.name,
      reconnectId: options.reconnectId,
      redirectUri,
      codeVerifier,
    });
    return buildAuthorizeUrl({
      provider,
      authorizationEndpoint: endpoint.authorizationEndpoint,
      clientId: endpoint.clientId,
      redirectUri,
      state,
      codeVerifier,
    });
  }

  /** The provider redirected back: verify state, exchange the code, store, run onConnect. Returns the id. */
  async complete(callbackUrl: URL): Promise<string> {
    const params = callbackUrl.searchParams;
    const rawState = params.get('state');
    if (!rawState) throw new ConnectionError('BAD_REQUEST', 'The provider redirected back without a state.');
    let state: ReturnType<OAuthStateCodec['redeem']>;
    try {
      state = this.#states.redeem(rawState);
    } catch (error) {
      if (error instanceof OAuthStateError) throw new ConnectionError('BAD_REQUEST', error.message);
      throw new ConnectionError('BAD_REQUEST', 'The sign-in state is malformed.');
    }
    const provider = this.#provider(state.provider);
    const providerError = params.get('error');
    if (providerError) {
      const description = params.get('error_description');
      throw new ConnectionError(
        'UPSTREAM',
        `${provider.displayName} did not grant access (${providerError}${description ? `: ${description}` : ''}).`,
      );
    }
    if (!params.get('code'))
      throw new ConnectionError('BAD_REQUEST', 'The provider redirected back without a code.');
    const member = this.ctx.members.byId(state.memberId);
    if (!member)
      throw new ConnectionError('BAD_REQUEST', 'The member who started this sign-in no longer exists.');
    // openid-client checks redirect_uri against the URL it is given: rebuild it on the path the state names.
    const currentUrl = new URL(state.redirectUri);
    currentUrl.search = callbackUrl.search;
    let tokens: Awaited<ReturnType<typeof exchangeCode>>;
    try {
      tokens = await exchangeCode({
        ...this.#tokenEndpoint(provider),
        callbackUrl: currentUrl,
        state: rawState,
        codeVerifier: state.codeVerifier,
      });
    } catch (error) {
      throw new ConnectionError('UPSTREAM', `${provider.displayName}: ${(error as Error).message}`);
    }
    const stored = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      scopes: tokens.scopes.length > 0 ? tokens.scopes : provider.oauth.scopes,
      // Kept only when it can be used: a token without a refresh token is never refreshed (as in Twenty).
      expiresAt:
        tokens.refreshToken || tokens.expiresInSeconds !== null
          ? expiresAtFrom(tokens.expiresInSeconds)
          : null,
    };
    let connectionId: string;
    if (state.reconnectId) {
      const existing = this.ctx.connections.get(state.reconnectId);
      if (!existing) throw new ConnectionError('NOT_FOUND', 'The connection to reconnect no longer exists.');
      this.ctx.connections.updateTokens(existing.id, stored, { clearAuthFailure: true });
      connectionId = existing.id;
    } else {
      // Twenty numbers default names over the provider's connections in the whole workspace.
      const number = this.ctx.connections.count(provider.name) + 1;
      connectionId = this.ctx.connections.create({
        ...stored,
        provider: provider.name,
        name: state.name ?? `${provider.displayName} #${number}`,
        visibility: state.visibility,
        userWorkspaceId: member.userWorkspaceId,
        workspaceMemberId: member.workspaceMemberId,
        // Twenty: the email from an id_token, else the Twenty user's own email.
        handle: tokens.idTokenEmail ?? member.email,
      }).id;
    }
    await this.runHook('onConnect', provider, connectionId);
    return connectionId;
  }

  /**
   * As current Twenty: onDisconnect first, inline and without retries, while the connection and its token are
   * still readable through `/metadata` (so the hook can release what onConnect set up at the provider); then
   * the best-effort revoke; then the row is deleted. A failing hook is logged and does not stop the disconnect.
   * (twentyhq/twenty `connection-provider-lifecycle-hook.service.ts` `runOnDisconnect`.)
   */
  async disconnect(connection: Connection): Promise<boolean> {
    const provider = findProvider(this.ctx, connection.provider);
    if (provider) await this.runHook('onDisconnect', provider, connection.id);
    // The hook may have read (and so refreshed) the connection: revoke the token as it is now.
    const current = this.ctx.connections.get(connection.id) ?? connection;
    const revokeEndpoint = provider?.oauth.revokeEndpoint;
    const revoked = revokeEndpoint
      ? await revokeToken(providerUrl(this.ctx, revokeEndpoint), current.accessToken)
      : false;
    this.ctx.connections.delete(connection.id);
    return revoked;
  }

  /** The member may use this connection: their own, or a workspace-shared one. */
  assertVisibleTo(connection: Connection | undefined, member: Member): Connection {
    if (!connection) throw new ConnectionError('NOT_FOUND', 'No such connection.');
    if (connection.visibility === 'user' && connection.userWorkspaceId !== member.userWorkspaceId) {
      throw new ConnectionError('FORBIDDEN', "This is another member's personal connection.");
    }
    return connection;
  }

  /**
   * Creating, repairing (reconnect) or removing a workspace-shared connection is an Applications-settings
   * action in Twenty; a personal connection stays under its owner's control (twentyhq/twenty
   * `connection-provider/app-connection-access.service.ts` `validateCallerCanManageConnection`). Here the
   * admin (Ada) has the Applications permission and the other members do not.
   */
  assertCanManage(visibility: Visibility, member: Member, action: string): void {
    if (visibility !== 'workspace' || hasApplicationsPermission(member)) return;
    throw new ConnectionError(
      'FORBIDDEN',
      `Only members with the Applications permission can ${action} a connection shared with the workspace; ask a workspace admin. ${member.name} can still manage their own "Just for me" connections.`,
    );
  }
}
