import { randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';

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

const toMember = (row: Record<string, unknown>): Member => ({
  id: String(row.id),
  name: String(row.name),
  email: String(row.email),
  isAdmin: row.is_admin === 1,
  userWorkspaceId: String(row.user_workspace_id),
  workspaceMemberId: String(row.workspace_member_id),
  routeToken: String(row.route_token),
});

export class MemberStore {
  #members: Member[] = [];

  constructor(private readonly db: DatabaseSync) {
    const insert = db.prepare(
      `INSERT OR IGNORE INTO members (id, name, email, is_admin, user_workspace_id, workspace_member_id, route_token, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    SEED.forEach((member, position) => {
      insert.run(
        member.id,
        member.name,
        member.email,
        member.isAdmin ? 1 : 0,
        member.userWorkspaceId,
        member.workspaceMemberId,
        `tcm_${randomBytes(24).toString('base64url')}`,
        position,
      );
    });
    this.#members = this.db.prepare('SELECT * FROM members ORDER BY position').all().map(toMember);
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
    return this.#members.find((member) => member.routeToken === token);
  }
}
