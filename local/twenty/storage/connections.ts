import { randomUUID } from 'node:crypto';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { SecretBox } from './secret-box.ts';

export type Visibility = 'user' | 'workspace';

/** A stored connection with its tokens decrypted (never leaves the runtime except to the app via /metadata). */
export type Connection = {
  id: string;
  provider: string;
  name: string;
  visibility: Visibility;
  userWorkspaceId: string;
  workspaceMemberId: string;
  handle: string;
  accessToken: string;
  refreshToken: string | null;
  scopes: string[];
  expiresAt: string | null;
  authFailedAt: string | null;
  authFailedReason: string | null;
  /**
   * When the tokens were last obtained (connect, reconnect or refresh); Twenty's `lastCredentialsRefreshedAt`.
   * Always set on stored rows; optional so hand-built rows (tests) need not carry it (readers fall back to
   * `updatedAt`).
   */
  credentialsRefreshedAt?: string;
  createdAt: string;
  updatedAt: string;
};

export type NewConnection = Pick<
  Connection,
  'provider' | 'name' | 'visibility' | 'userWorkspaceId' | 'workspaceMemberId' | 'handle' | 'accessToken'
> &
  Pick<Connection, 'refreshToken' | 'scopes' | 'expiresAt'>;

export type TokenUpdate = Pick<Connection, 'accessToken' | 'refreshToken' | 'scopes' | 'expiresAt'>;

type Rows = { changes: number; version: number; rows: readonly Connection[]; byId: Map<string, Connection> };

/** How stale the copy may be after another process wrote the same database file. */
const OUTSIDE_WRITES_CHECK_MS = 100;

/**
 * Connections with their tokens decrypted, kept in memory: `/metadata` reads them on every call. The copy is
 * reloaded whenever the database changed since it was read (any write on this connection, or another process's
 * commit), so a write that bypasses this store (a test setting `expires_at`) is seen too. Cached rows are
 * frozen: callers share the same objects.
 */
export class ConnectionStore {
  readonly #statements = new Map<string, StatementSync>();
  /** `changes` starts at -1 so the first read loads the rows. */
  readonly #cache: Rows = { changes: -1, version: 0, rows: [], byId: new Map() };
  #version = 0;
  #versionCheckedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: DatabaseSync,
    private readonly box: SecretBox,
  ) {}

  #prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #toConnection(row: Record<string, unknown>): Connection {
    const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
    return Object.freeze({
      id: String(row.id),
      provider: String(row.provider),
      name: String(row.name),
      visibility: row.visibility === 'workspace' ? 'workspace' : 'user',
      userWorkspaceId: String(row.user_workspace_id),
      workspaceMemberId: String(row.workspace_member_id),
      handle: String(row.handle),
      accessToken: this.box.decrypt(String(row.access_token)),
      refreshToken: this.box.decryptOptional(text(row.refresh_token)),
      scopes: Object.freeze(JSON.parse(String(row.scopes))) as string[],
      expiresAt: text(row.expires_at),
      authFailedAt: text(row.auth_failed_at),
      authFailedReason: text(row.auth_failed_reason),
      credentialsRefreshedAt: String(row.credentials_refreshed_at ?? row.updated_at),
      createdAt: String(row.created_at),
      updatedAt: String(row.updated_at),
    });
  }

  /**
   * Whether nothing was written to the database since `cache` was loaded (and marks it loaded now). This
   * connection's writes are counted on every call (`total_changes()`, under a microsecond); another process's
   * commits (`data_version`, several microseconds in WAL mode) are looked for at most every
   * OUTSIDE_WRITES_CHECK_MS.
   */
  #isCurrent(cache: { changes: number; version: number }): boolean {
    const changes = Number(this.#prepare('SELECT total_changes() AS n').get()?.n);
    const now = Date.now();
    if (now - this.#versionCheckedAt >= OUTSIDE_WRITES_CHECK_MS) {
      this.#version = Number(this.#prepare('PRAGMA data_version').get()?.data_version);
      this.#versionCheckedAt = now;
    }
    const current = changes === cache.changes && this.#version === cache.version;
    cache.changes = changes;
    cache.version = this.#version;
    return current;
  }

  #rows(): Rows {
    if (this.#isCurrent(this.#cache)) return this.#cache;
    try {
      const rows = this.#prepare('SELECT * FROM connections ORDER BY created_at, id')
        .all()
        .map((row) => this.#toConnection(row));
      Object.assign(this.#cache, { rows, byId: new Map(rows.map((row) => [row.id, row])) });
      return this.#cache;
    } catch (error) {
      this.#cache.changes = -1;
      throw error;
    }
  }

  list(filter: { provider?: string } = {}): Connection[] {
    const { rows } = this.#rows();
    return filter.provider ? rows.filter((row) => row.provider === filter.provider) : [...rows];
  }

  get(id: string): Connection | undefined {
    return this.#rows().byId.get(id);
  }

  /** The provider's connections in the whole workspace (Twenty numbers default names "#N" from this). */
  count(provider: string): number {
    const row = this.#prepare('SELECT COUNT(*) AS n FROM connections WHERE provider = ?').get(provider);
    return Number(row?.n ?? 0);
  }

  create(input: NewConnection): Connection {
    const id = randomUUID();
    const now = new Date().toISOString();
    this.#prepare(
      `INSERT INTO connections (id, provider, name, visibility, user_workspace_id, workspace_member_id, handle,
          access_token, refresh_token, scopes, expires_at, credentials_refreshed_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      input.provider,
      input.name,
      input.visibility,
      input.userWorkspaceId,
      input.workspaceMemberId,
      input.handle,
      this.box.encrypt(input.accessToken),
      this.box.encryptOptional(input.refreshToken),
      JSON.stringify(input.scopes),
      input.expiresAt,
      now,
      now,
      now,
    );
    return this.get(id)!;
  }

  /** New tokens from a refresh or a reconnect; a reconnect also clears the auth failure. */
  updateTokens(id: string, tokens: TokenUpdate, options: { clearAuthFailure: boolean }): void {
    const statement = this.#prepare(
      `UPDATE connections SET access_token = ?, refresh_token = ?, scopes = ?, expires_at = ?,
          credentials_refreshed_at = ?, updated_at = ?
         ${options.clearAuthFailure ? ', auth_failed_at = NULL, auth_failed_reason = NULL' : ''} WHERE id = ?`,
    );
    const now = new Date().toISOString();
    statement.run(
      this.box.encrypt(tokens.accessToken),
      this.box.encryptOptional(tokens.refreshToken),
      JSON.stringify(tokens.scopes),
      tokens.expiresAt,
      now,
      now,
      id,
    );
  }

  /**
   * The provider's stored tokens as they are after their lifetime ran out: the expiry has passed and they were
   * obtained more than an hour ago, so the next read refreshes them (both refresh rules see it). Used with the
   * sandbox's "expire tokens", which expires them at the provider. Returns how many rows changed.
   */
  markTokensExpired(provider: string, now = Date.now()): number {
    const result = this.#prepare(
      'UPDATE connections SET expires_at = ?, credentials_refreshed_at = ? WHERE provider = ?',
    ).run(new Date(now - 1000).toISOString(), new Date(now - 61 * 60 * 1000).toISOString(), provider);
    return Number(result.changes);
  }

  markAuthFailed(id: string, reason: string): boolean {
    const now = new Date().toISOString();
    const result = this.#prepare(
      'UPDATE connections SET auth_failed_at = ?, auth_failed_reason = ?, updated_at = ? WHERE id = ?',
    ).run(now, reason, now, id);
    return Number(result.changes) === 1;
  }

  rename(id: string, name: string): void {
    this.#prepare('UPDATE connections SET name = ?, updated_at = ? WHERE id = ?').run(
      name,
      new Date().toISOString(),
      id,
    );
  }

  delete(id: string): boolean {
    return Number(this.#prepare('DELETE FROM connections WHERE id = ?').run(id).changes) === 1;
  }
}
