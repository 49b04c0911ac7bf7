import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { loadSecretBox } from '../twenty/storage/secret-box.ts';

/** What the doctor may know about a connection without its tokens. */
export type ConnectionFacts = {
  id: string;
  provider: string;
  name: string;
  visibility: 'user' | 'workspace';
  owner: string | null;
  expiresAt: string | null;
  hasRefreshToken: boolean;
  authFailedAt: string | null;
  authFailedReason: string | null;
};

export class DoctorSetupError extends Error {
  override name = 'DoctorSetupError';
}

/**
 * Reads the runtime's data dir read-only: the app token (the credential the runtime gives every function for
 * `/metadata`), which server variables are filled, application variables, and per connection only facts that
 * are not secrets (expiry, whether a refresh token exists). Tokens are never selected here: the doctor gets
 * them through `/metadata` like a function, so a due refresh happens in the runtime (one refresh per
 * connection, rotating refresh tokens kept consistent) and not in a second process.
 */
export const openRuntimeRecords = (dataDir: string, env: NodeJS.ProcessEnv) => {
  const path = join(dataDir, 'runtime.sqlite');
  if (!existsSync(path)) {
    throw new DoctorSetupError(
      `No runtime data in ${dataDir}: start the runtime once (npm start), add the OAuth apps and connect.`,
    );
  }
  if (!env.TWENTY_CONNECT_SECRET_KEY && !existsSync(join(dataDir, 'secret.key'))) {
    throw new DoctorSetupError(
      `No data key: ${join(dataDir, 'secret.key')} is missing and TWENTY_CONNECT_SECRET_KEY is not set.`,
    );
  }
  const db = new DatabaseSync(path, { readOnly: true });
  db.exec('PRAGMA busy_timeout = 5000;');
  const box = loadSecretBox(dataDir, env);
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    appToken: (): string => {
      const row = db.prepare("SELECT value FROM meta WHERE key = 'app-application-token'").get();
      if (!row) throw new DoctorSetupError('The runtime has not started with this data dir yet.');
      return box.decrypt(String(row.value));
    },
    /** Names of the server variables that hold a value (an empty value removes the row). */
    filledServerVariables: (): Set<string> =>
      new Set(
        db
          .prepare('SELECT name FROM server_variables')
          .all()
          .map((row) => String(row.name)),
      ),
    applicationVariable: (name: string): string | null =>
      text(db.prepare('SELECT value FROM application_variables WHERE name = ?').get(name)?.value),
    connections: (): ConnectionFacts[] =>
      db
        .prepare(
          `SELECT c.id, c.provider, c.name, c.visibility, m.name AS owner, c.expires_at,
             c.refresh_token IS NOT NULL AS has_refresh_token, c.auth_failed_at, c.auth_failed_reason
           FROM connections c LEFT JOIN members m ON m.user_workspace_id = c.user_workspace_id
           ORDER BY c.provider, c.created_at`,
        )
        .all()
        .map((row) => ({
          id: String(row.id),
          provider: String(row.provider),
          name: String(row.name),
          visibility: row.visibility === 'workspace' ? 'workspace' : 'user',
          owner: text(row.owner),
          expiresAt: text(row.expires_at),
          hasRefreshToken: Number(row.has_refresh_token) === 1,
          authFailedAt: text(row.auth_failed_at),
          authFailedReason: text(row.auth_failed_reason),
        })),
    close: () => db.close(),
  };
};

export type RuntimeRecords = ReturnType<typeof openRuntimeRecords>;
