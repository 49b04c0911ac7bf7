import { randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { SecretBox } from './secret-box.ts';

/** Small key/value tables: runtime meta, server and application variables, the app's KV store, sandbox state. */
export class RecordStore {
  constructor(
    private readonly db: DatabaseSync,
    private readonly box: SecretBox,
  ) {}

  /** A value generated once and kept (e.g. the workspace API key), encrypted at rest. */
  persistentSecret(
    key: string,
    generate: () => string = () => randomBytes(24).toString('base64url'),
  ): string {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key);
    if (row) return this.box.decrypt(String(row.value));
    const value = generate();
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(key, this.box.encrypt(value));
    return value;
  }

  serverVariables(): Map<string, string> {
    const rows = this.db.prepare('SELECT name, value, is_encrypted FROM server_variables').all();
    return new Map(
      rows.map((row) => [
        String(row.name),
        row.is_encrypted === 1 ? this.box.decrypt(String(row.value)) : String(row.value),
      ]),
    );
  }

  /** Sets server variables; an empty string clears one. Secret ones are encrypted at rest. */
  setServerVariables(values: Record<string, string>, isSecret: (name: string) => boolean): void {
    for (const [name, value] of Object.entries(values)) {
      if (value === '') {
        this.db.prepare('DELETE FROM server_variables WHERE name = ?').run(name);
        continue;
      }
      const secret = isSecret(name);
      this.db
        .prepare('INSERT OR REPLACE INTO server_variables (name, value, is_encrypted) VALUES (?, ?, ?)')
        .run(name, secret ? this.box.encrypt(value) : value, secret ? 1 : 0);
    }
  }

  applicationVariables(): Map<string, string> {
    const rows = this.db.prepare('SELECT name, value FROM application_variables').all();
    return new Map(rows.map((row) => [String(row.name), String(row.value)]));
  }

  setApplicationVariables(values: Record<string, string>): void {
    for (const [name, value] of Object.entries(values)) {
      this.db
        .prepare('INSERT OR REPLACE INTO application_variables (name, value) VALUES (?, ?)')
        .run(name, value);
    }
  }

  kvGet(key: string, scope: string): unknown {
    const row = this.db.prepare('SELECT value FROM kv WHERE key = ? AND scope = ?').get(key, scope);
    return row ? JSON.parse(String(row.value)) : null;
  }

  kvSet(key: string, scope: string, value: unknown): void {
    this.db
      .prepare('INSERT OR REPLACE INTO kv (key, scope, value) VALUES (?, ?, ?)')
      .run(key, scope, JSON.stringify(value ?? null));
  }

  kvDelete(key: string, scope: string): boolean {
    return Number(this.db.prepare('DELETE FROM kv WHERE key = ? AND scope = ?').run(key, scope).changes) > 0;
  }

  /**
   * SERVER scope is a first-come claim registry (Twenty `application-key-value.service.ts` `claimServerKey`): the
   * stored value is the claiming workspace's id, inserted only when absent; returns the claimant afterwards.
   */
  kvClaim(key: string, workspaceId: string): string {
    this.db
      .prepare("INSERT OR IGNORE INTO kv (key, scope, value) VALUES (?, 'SERVER', ?)")
      .run(key, JSON.stringify(workspaceId));
    return this.kvGet(key, 'SERVER') as string;
  }

  /** Removes a SERVER claim only when `workspaceId` holds it (the service's delete matches the value). */
  kvRelease(key: string, workspaceId: string): boolean {
    const result = this.db
      .prepare("DELETE FROM kv WHERE key = ? AND scope = 'SERVER' AND value = ?")
      .run(key, JSON.stringify(workspaceId));
    return Number(result.changes) > 0;
  }

  /** Every SERVER claim, for the console and tests. */
  kvClaims(): { key: string; workspaceId: unknown }[] {
    return this.db
      .prepare("SELECT key, value FROM kv WHERE scope = 'SERVER' ORDER BY key")
      .all()
      .map((row) => ({ key: String(row.key), workspaceId: JSON.parse(String(row.value)) }));
  }

  /** Sandbox state holds provider tokens, so it is encrypted as a whole. */
  sandboxState(provider: string): unknown {
    const row = this.db.prepare('SELECT state FROM sandbox_state WHERE provider = ?').get(provider);
    return row ? JSON.parse(this.box.decrypt(String(row.state))) : undefined;
  }

  saveSandboxState(provider: string, state: unknown): void {
    this.db
      .prepare('INSERT OR REPLACE INTO sandbox_state (provider, state, updated_at) VALUES (?, ?, ?)')
      .run(provider, this.box.encrypt(JSON.stringify(state)), new Date().toISOString());
  }

  /** Marks an OAuth state id used; false when it already was (single use). */
  consumeOAuthState(id: string, expiresAt: number): boolean {
    this.db.prepare('DELETE FROM used_oauth_states WHERE expires_at < ?').run(Date.now());
    const result = this.db
      .prepare('INSERT OR IGNORE INTO used_oauth_states (id, expires_at) VALUES (?, ?)')
      .run(id, expiresAt);
    return Number(result.changes) === 1;
  }
}
