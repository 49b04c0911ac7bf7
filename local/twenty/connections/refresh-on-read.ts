import { TokenRequestError, type TokenSet } from '../oauth/token-client.ts';
import type { Connection, ConnectionStore } from '../storage/connections.ts';

/** Refresh when the token expires within this margin. */
export const REFRESH_MARGIN_MS = 60_000;
/** Twenty assumes one-hour tokens when it knows nothing better. */
export const DEFAULT_TOKEN_LIFETIME_MS = 60 * 60 * 1000;
/**
 * Twenty-exact mode: Twenty refreshes a token once its credentials are older than this, whatever `expires_in`
 * said (twentyhq/twenty `packages/twenty-server/src/modules/connected-account/refresh-tokens-manager/services/
 * connected-account-refresh-tokens.service.ts`, called per row by `.../connection-provider/connections/services/
 * application-connections-list.service.ts`, which drops a row whose refresh failed).
 */
export const TWENTY_REFRESH_AGE_MS = 55 * 60 * 1000;

export type RefreshOptions = {
  /**
   * Behave exactly as Twenty: refresh by age (55 minutes), no single flight, no re-read before refreshing,
   * and a failed refresh (any failure) drops the row from that read instead of marking it.
   */
  twentyExact?: boolean;
};

export const expiresAtFrom = (expiresInSeconds: number | null, now = Date.now()): string =>
  new Date(
    now + (expiresInSeconds === null ? DEFAULT_TOKEN_LIFETIME_MS : expiresInSeconds * 1000),
  ).toISOString();

/**
 * Refresh on read, done right where Twenty is loose: honours `expires_in`, runs ONE refresh per connection
 * however many reads arrive together (single flight), keeps the old refresh token when the provider returns
 * none, and marks the row `authFailedAt` on a dead grant instead of silently dropping it.
 */
export class RefreshOnRead {
  readonly #inFlight = new Map<string, Promise<Connection>>();

  constructor(
    private readonly store: ConnectionStore,
    private readonly refresh: (connection: Connection, refreshToken: string) => Promise<TokenSet>,
    private readonly log: (message: string) => void = () => {},
    private readonly options: RefreshOptions = {},
  ) {}

  get twentyExact(): boolean {
    return this.options.twentyExact === true;
  }

  needsRefresh(connection: Connection, now = Date.now()): boolean {
    if (this.twentyExact) {
      // Twenty: a refresh token and credentials older than 55 minutes; `authFailedAt` does not stop it.
      return (
        connection.refreshToken !== null &&
        now - Date.parse(connection.credentialsRefreshedAt ?? connection.updatedAt) > TWENTY_REFRESH_AGE_MS
      );
    }
    if (!connection.refreshToken || connection.authFailedAt) return false;
    const expiresAt = connection.expiresAt
      ? Date.parse(connection.expiresAt)
      : Date.parse(connection.updatedAt) + DEFAULT_TOKEN_LIFETIME_MS;
    return expiresAt - now < REFRESH_MARGIN_MS;
  }

  /**
   * What `/metadata` serves for a row: `fresh` in the default mode; in Twenty-exact mode the row refreshed by
   * this read alone (no lock), or `null` when that refresh failed (Twenty leaves such a row out of
   * `listConnections` and answers NOT_FOUND for `getConnection`).
   */
  async read(connection: Connection): Promise<Connection | null> {
    if (!this.twentyExact) return this.fresh(connection);
    if (!this.needsRefresh(connection)) return connection;
    try {
      this.#save(connection, await this.refresh(connection, connection.refreshToken!));
      return this.store.get(connection.id) ?? null;
    } catch (error) {
      this.log(
        `Refreshing connection ${connection.id} failed; left out of this read (Twenty-exact mode): ${(error as Error).message}`,
      );
      return null;
    }
  }

  /** The connection with a usable token (refreshed if due); unchanged when refreshing is not possible now. */
  async fresh(connection: Connection): Promise<Connection> {
    if (!this.needsRefresh(connection)) return connection;
    const running = this.#inFlight.get(connection.id);
    if (running) return running;
    const job = this.#run(connection).finally(() => this.#inFlight.delete(connection.id));
    this.#inFlight.set(connection.id, job);
    return job;
  }

  /** Stores a refresh's answer. Providers that do not rotate return no refresh token: the old one stays valid
   *  (as Twenty's app-oauth-refresh-tokens.service.ts keeps it); no scopes in the answer keep the old ones. */
  #save(connection: Connection, tokens: TokenSet): void {
    this.store.updateTokens(
      connection.id,
      {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken ?? connection.refreshToken,
        scopes: tokens.scopes.length > 0 ? tokens.scopes : connection.scopes,
        expiresAt: expiresAtFrom(tokens.expiresInSeconds),
      },
      { clearAuthFailure: false },
    );
  }

  async #run(connection: Connection): Promise<Connection> {
    // Re-read: another process or an earlier flight may have refreshed it already.
    const current = this.store.get(connection.id);
    if (!current || !this.needsRefresh(current)) return current ?? connection;
    try {
      this.#save(current, await this.refresh(current, current.refreshToken!));
    } catch (error) {
      if (error instanceof TokenRequestError && error.isDeadGrant) {
        this.store.markAuthFailed(current.id, `Refreshing the token failed: ${error.message}`);
      } else {
        this.log(
          `Refreshing connection ${current.id} failed (will retry on next read): ${(error as Error).message}`,
        );
      }
    }
    return this.store.get(current.id) ?? current;
  }
}
