import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { SecretBox } from '../twenty/storage/secret-box.ts';

/** Token ids, codes and uids are bearer secrets: rows are keyed by their SHA-256, never by the value. */
export const digest = (value: string): string => createHash('sha256').update(value).digest('base64url');

/**
 * Tokens are kept a day past their expiry so the resource server can say "expired" rather than "unknown";
 * oidc-provider checks `exp` itself on every find.
 */
const EXPIRED_TOKEN_GRACE_MS = 24 * 60 * 60 * 1000;
const TOKEN_MODELS = new Set(['AccessToken', 'ClientCredentials', 'RefreshToken']);
const PRUNE_EVERY = 200;

/** The client a record belongs to: a client's own id, or the client a grant, code or token was issued to. */
export const clientIdOf = (model: string, payload: AdapterPayload): string | null => {
  const id = model === 'Client' ? payload.client_id : payload.clientId;
  return typeof id === 'string' ? id : null;
};

/**
 * oidc-provider's storage on the runtime's SQLite: payloads encrypted at rest (they hold the token values),
 * registered clients' secrets stored as SHA-256 only (the registration response is the one time the secret is
 * shown; `hashedClientSecrets` makes the provider compare against the hash).
 */
export const createOAuthStore = (db: DatabaseSync, box: SecretBox) => {
  let writes = 0;
  const prune = () => {
    db.prepare('DELETE FROM mcp_oauth_records WHERE expires_at IS NOT NULL AND expires_at < ?').run(
      Date.now() - EXPIRED_TOKEN_GRACE_MS,
    );
  };
  const statements = {
    upsert: db.prepare(
      `INSERT INTO mcp_oauth_records (model, key, payload, grant_id, client_id, uid_key, expires_at, consumed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
       ON CONFLICT (model, key) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
         client_id = excluded.client_id, uid_key = excluded.uid_key, expires_at = excluded.expires_at`,
    ),
    find: db.prepare(
      'SELECT payload, expires_at, consumed_at FROM mcp_oauth_records WHERE model = ? AND key = ?',
    ),
    findByUid: db.prepare(
      'SELECT payload, expires_at, consumed_at FROM mcp_oauth_records WHERE model = ? AND uid_key = ?',
    ),
    consume: db.prepare('UPDATE mcp_oauth_records SET consumed_at = ? WHERE model = ? AND key = ?'),
    destroy: db.prepare('DELETE FROM mcp_oauth_records WHERE model = ? AND key = ?'),
    revokeByGrant: db.prepare('DELETE FROM mcp_oauth_records WHERE grant_id = ?'),
  };

  const read = (model: string, row: Record<string, unknown> | undefined): AdapterPayload | undefined => {
    if (!row) return undefined;
    const expiresAt = row.expires_at === null ? null : Number(row.expires_at);
    const grace = TOKEN_MODELS.has(model) ? EXPIRED_TOKEN_GRACE_MS : 0;
    if (expiresAt !== null && expiresAt + grace < Date.now()) return undefined;
    const payload = JSON.parse(box.decrypt(String(row.payload))) as AdapterPayload;
    if (row.consumed_at !== null) payload.consumed = Math.floor(Number(row.consumed_at) / 1000);
    return payload;
  };

  return class OAuthStore implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const stored =
        this.model === 'Client' && typeof payload.client_secret === 'string'
          ? { ...payload, client_secret: digest(payload.client_secret) }
          : payload;
      statements.upsert.run(
        this.model,
        digest(id),
        box.encrypt(JSON.stringify(stored)),
        payload.grantId ?? null,
        clientIdOf(this.model, payload),
        typeof payload.uid === 'string' ? digest(payload.uid) : null,
        expiresIn ? Date.now() + expiresIn * 1000 : null,
      );
      writes += 1;
      if (writes % PRUNE_EVERY === 0) prune();
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return read(this.model, statements.find.get(this.model, digest(id)));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return read(this.model, statements.findByUid.get(this.model, digest(uid)));
    }

    async findByUserCode(): Promise<undefined> {
      return undefined; // the device flow is not enabled
    }

    async consume(id: string): Promise<void> {
      statements.consume.run(Date.now(), this.model, digest(id));
    }

    async destroy(id: string): Promise<void> {
      statements.destroy.run(this.model, digest(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      statements.revokeByGrant.run(grantId);
    }
  };
};
