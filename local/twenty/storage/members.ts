import { createHash, randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { inTransaction } from './database.ts';
import type { SecretBox } from './secret-box.ts';

export type Member = {
  id: string;
  name: string;
  email: string;
  isAdmin: boolean;
  userWorkspaceId: string;
  workspaceMemberId: string;
  routeToken: string;
};

/** The local workspace: one id for the whole runtime, as a Twenty workspace has. */
export const WORKSPACE_ID = '3b8e6a0c-1f2d-4e5a-9b7c-0d1e2f3a4b5c';

const SEED: Omit<Member, 'routeToken'>[] = [
  {
    id: 'ada',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    isAdmin: true,
    userWorkspaceId: '0b5a1d2e-7c3f-4a8b-9d6e-1f2a3b4c5d01',
    workspaceMemberId: '6c1e2f3a-8d4b-4c9a-8e7f-2a3b4c5d6e01',
  },
  {
    id: 'grace',
    name: 'Grace Hopper',
    email: 'grace@example.com',
    isAdmin: false,
    userWorkspaceId: '0b5a1d2e-7c3f-4a8b-9d6e-1f2a3b4c5d02',
    workspaceMemberId: '6c1e2f3a-8d4b-4c9a-8e7f-2a3b4c5d6e02',
  },
  {
    id: 'alan',
    name: 'Alan Turing',
    email: 'alan@example.com',
    isAdmin: false,
    userWorkspaceId: '0b5a1d2e-7c3f-4a8b-9d6e-1f2a3b4c5d03',
    workspaceMemberId: '6c1e2f3a-8d4b-4c9a-8e7f-2a3b4c5d6e03',
  },
];

/**
 * Twenty gates workspace-shared connections behind the Applications settings permission. The local workspace
 * has no roles: its admin holds that permission, the other members do not.
 */
export const hasApplicationsPermission = (member: Pick<Member, 'isAdmin'>): boolean => member.isAdmin;

/** What `/s/*` authentication compares: the SHA-256 of the presented token (route tokens are 192 random bits). */
const hashRouteToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** `route_token` (schema v1, NOT NULL UNIQUE) keeps only this placeholder once the token is hashed. */
const placeholder = (id: string) => `hashed:${id}`;

/**
 * The runtime's members. A member's route token is stored as its SHA-256 (what authentication looks up) and a
 * copy sealed with the data key (AES-256-GCM, as connection tokens are) so the console can still show it; the
 * clear token is never written to disk.
 */
export class MemberStore {
  #members: Member[] = [];
  #byTokenHash = new Map<string, Member>();

  constructor(
    private readonly db: DatabaseSync,
    private readonly box: SecretBox,
  ) {
    const legacy = db.prepare('SELECT COUNT(*) AS n FROM members WHERE route_token_hash IS NULL').get();
    // Replacing clear tokens: secure_delete zeroes the bytes they leave behind in the page, and the checkpoint
    // writes the pages back so that no copy stays in the WAL.
    if (Number(legacy?.n) > 0) db.exec('PRAGMA secure_delete = ON');
    inTransaction(db, () => {
      const insert = db.prepare(
        `INSERT OR IGNORE INTO members (id, name, email, is_admin, user_workspace_id, workspace_member_id, route_token,
           route_token_hash, route_token_sealed, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      SEED.forEach((member, position) => {
        const token = `tcm_${randomBytes(24).toString('base64url')}`;
        insert.run(
          member.id,
          member.name,
          member.email,
          member.isAdmin ? 1 : 0,
          member.userWorkspaceId,
          member.workspaceMemberId,
          placeholder(member.id),
          hashRouteToken(token),
          box.encrypt(token),
          position,
        );
      });
      this.#hashLegacyTokens();
    });
    if (Number(legacy?.n) > 0) {
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      db.exec('PRAGMA secure_delete = OFF');
    }
    this.#load();
  }

  /** Data dirs from before schema v5 hold clear route tokens: the same tokens go on working, hashed. */
  #hashLegacyTokens(): void {
    const legacy = this.db
      .prepare('SELECT id, route_token FROM members WHERE route_token_hash IS NULL')
      .all();
    const update = this.db.prepare(
      'UPDATE members SET route_token_hash = ?, route_token_sealed = ?, route_token = ? WHERE id = ?',
    );
    for (const row of legacy) {
      const token = String(row.route_token);
      update.run(hashRouteToken(token), this.box.encrypt(token), placeholder(String(row.id)), String(row.id));
    }
  }

  #load(): void {
    const rows = this.db.prepare('SELECT * FROM members ORDER BY position').all();
    this.#byTokenHash.clear();
    this.#members = rows.map((row) => {
      const member: Member = {
        id: String(row.id),
        name: String(row.name),
        email: String(row.email),
        isAdmin: row.is_admin === 1,
        userWorkspaceId: String(row.user_workspace_id),
        workspaceMemberId: String(row.workspace_member_id),
        routeToken: this.box.decrypt(String(row.route_token_sealed)),
      };
      this.#byTokenHash.set(String(row.route_token_hash), member);
      return member;
    });
  }

  list(): Member[] {
    return [...this.#members];
  }

  byId(id: string): Member | undefined {
    return this.#members.find((member) => member.id === id);
  }

  byUserWorkspaceId(userWorkspaceId: string): Member | undefined {
    return this.#members.find((member) => member.userWorkspaceId === userWorkspaceId);
  }

  byRouteToken(token: string): Member | undefined {
    return this.#byTokenHash.get(hashRouteToken(token));
  }
}
