import type { AdapterPayload } from 'oidc-provider';
import type { RuntimeContext } from '../twenty/runtime-context.ts';
import { inTransaction } from '../twenty/storage/database.ts';
import type { Member } from '../twenty/storage/members.ts';
import { clientIdOf, digest } from './oauth-store.ts';

/** A console request about MCP access that is refused: `code` is the runtime's HTTP error code for it. */
export class McpAccessError extends Error {
  override name = 'McpAccessError';
  constructor(
    readonly code: 'FORBIDDEN' | 'NOT_FOUND',
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_MODELS = ['AccessToken', 'RefreshToken', 'ClientCredentials'] as const;
/** oidc-provider models whose every record belongs to one client (sessions and interactions do not). */
const CLIENT_BOUND_MODELS = [
  'Client',
  'Grant',
  'AuthorizationCode',
  'RegistrationAccessToken',
  ...TOKEN_MODELS,
];

/** One member's access through one client: every grant they approved for it, merged. */
export type McpMemberAccess = {
  memberId: string;
  memberName: string;
  scopes: string[];
  approvedAt: string;
  /** Unexpired access and refresh tokens still usable (rotated refresh tokens are not counted). */
  activeTokens: number;
};

export type McpClientAccess = {
  clientId: string;
  name: string;
  /** "member": authorization code (acts as the approving member); "workspace": client credentials. */
  actsAs: ('member' | 'workspace')[];
  registeredAt: string | null;
  redirectUris: string[];
  members: McpMemberAccess[];
  /** Unexpired client-credentials tokens (workspace clients only). */
  workspaceTokens: number;
  lastToolCallAt: string | null;
};

const iso = (seconds: unknown): string | null =>
  typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : null;

const scopesOf = (grant: AdapterPayload): string[] => {
  const resources = (grant.resources ?? {}) as Record<string, string>;
  return [...new Set(Object.values(resources).flatMap((scope) => scope.split(' ')))]
    .filter((scope) => scope.startsWith('mcp:'))
    .sort();
};

/**
 * Who can reach `/mcp` through which client, and taking that back: the console's list of registered MCP
 * clients, each member's approvals, and revocation per member or per client. Reads the authorization server's
 * own records (decrypted here, never returned: no token value leaves this module).
 */
export const createMcpAccess = (ctx: RuntimeContext) => {
  const { db, box } = ctx;
  const rows = (model: string) =>
    db
      .prepare('SELECT payload, expires_at, consumed_at FROM mcp_oauth_records WHERE model = ?')
      .all(model)
      .filter((row) => row.expires_at === null || Number(row.expires_at) > Date.now())
      .map((row) => ({
        payload: JSON.parse(box.decrypt(String(row.payload))) as AdapterPayload,
        consumed: row.consumed_at !== null,
      }));

  // Records written before the client_id column existed get it once, so revocation by client finds them. Only
  // models that always name a client are read, so once filled in, later starts find nothing to decrypt.
  const backfill = () => {
    const missing = db
      .prepare(
        `SELECT model, key, payload FROM mcp_oauth_records WHERE client_id IS NULL
         AND model IN (${CLIENT_BOUND_MODELS.map(() => '?').join(', ')})`,
      )
      .all(...CLIENT_BOUND_MODELS);
    const update = db.prepare('UPDATE mcp_oauth_records SET client_id = ? WHERE model = ? AND key = ?');
    for (const row of missing) {
      const model = String(row.model);
      const id = clientIdOf(model, JSON.parse(box.decrypt(String(row.payload))) as AdapterPayload);
      if (id) update.run(id, model, String(row.key));
    }
  };
  backfill();

  const list = (): McpClientAccess[] => {
    const grants = rows('Grant').map((row) => row.payload);
    const tokens = TOKEN_MODELS.flatMap((model) =>
      rows(model)
        .filter((row) => !row.consumed)
        .map((row) => ({ model, payload: row.payload })),
    );
    const lastCalls = ctx.runs.lastMcpCalls();
    return rows('Client')
      .map(({ payload: client }) => {
        const clientId = String(client.client_id);
        const grantTypes = (client.grant_types as string[] | undefined) ?? [];
        const byMember = new Map<string, McpMemberAccess>();
        for (const grant of grants.filter((g) => g.clientId === clientId)) {
          const member = ctx.members.byId(String(grant.accountId));
          if (!member) continue;
          const active = tokens.filter((t) => t.payload.grantId === grant.jti).length;
          const approvedAt = iso(grant.iat) ?? '';
          const known = byMember.get(member.id);
          byMember.set(member.id, {
            memberId: member.id,
            memberName: member.name,
            scopes: [...new Set([...(known?.scopes ?? []), ...scopesOf(grant)])].sort(),
            approvedAt: known && known.approvedAt > approvedAt ? known.approvedAt : approvedAt,
            activeTokens: (known?.activeTokens ?? 0) + active,
          });
        }
        return {
          clientId,
          name: typeof client.client_name === 'string' && client.client_name ? client.client_name : clientId,
          actsAs: [
            ...(grantTypes.includes('authorization_code') ? (['member'] as const) : []),
            ...(grantTypes.includes('client_credentials') ? (['workspace'] as const) : []),
          ],
          registeredAt: iso(client.client_id_issued_at),
          redirectUris: (client.redirect_uris as string[] | undefined) ?? [],
          members: [...byMember.values()].sort((a, b) => a.memberName.localeCompare(b.memberName)),
          workspaceTokens: tokens.filter(
            (t) => t.model === 'ClientCredentials' && t.payload.clientId === clientId,
          ).length,
          lastToolCallAt: lastCalls.get(clientId) ?? null,
        };
      })
      .sort((a, b) => (b.registeredAt ?? '').localeCompare(a.registeredAt ?? ''));
  };

  const clientExists = (clientId: string) =>
    db.prepare("SELECT 1 FROM mcp_oauth_records WHERE model = 'Client' AND key = ?").get(digest(clientId)) !==
    undefined;

  /** What `viewer` may see: admins every client; a member only the clients they approved, and only their access. */
  const visibleTo = (viewer: Member): McpClientAccess[] => {
    const all = list();
    if (viewer.isAdmin) return all;
    return all
      .map((client) => ({ ...client, members: client.members.filter((m) => m.memberId === viewer.id) }))
      .filter((client) => client.members.length > 0)
      .map((client) => ({ ...client, workspaceTokens: 0, redirectUris: [] }));
  };

  /** Ends one member's access through a client: their grants and every token issued under them. */
  const revokeMember = (
    viewer: Member,
    clientId: string,
    memberId: string,
  ): { grants: number; tokens: number } => {
    if (viewer.id !== memberId && !viewer.isAdmin)
      throw new McpAccessError('FORBIDDEN', "Only an admin can revoke another member's access.");
    if (!clientExists(clientId)) throw new McpAccessError('NOT_FOUND', 'No such MCP client.');
    const grantIds = rows('Grant')
      .map((row) => row.payload)
      .filter((grant) => grant.clientId === clientId && grant.accountId === memberId)
      .map((grant) => String(grant.jti));
    if (grantIds.length === 0)
      throw new McpAccessError('NOT_FOUND', `${memberId} has no approval of this client to revoke.`);
    // Counted as the console shows them: usable tokens (rotated refresh tokens and used codes go too).
    const countLive = db.prepare(
      `SELECT COUNT(*) AS n FROM mcp_oauth_records WHERE grant_id = ? AND model IN (${TOKEN_MODELS.map(() => '?').join(', ')})
         AND consumed_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`,
    );
    const removeIssued = db.prepare('DELETE FROM mcp_oauth_records WHERE grant_id = ?');
    const removeGrant = db.prepare("DELETE FROM mcp_oauth_records WHERE model = 'Grant' AND key = ?");
    return inTransaction(db, () => {
      let tokens = 0;
      for (const grantId of grantIds) {
        tokens += Number(countLive.get(grantId, ...TOKEN_MODELS, Date.now())?.n ?? 0);
        removeIssued.run(grantId);
        removeGrant.run(digest(grantId));
      }
      return { grants: grantIds.length, tokens };
    });
  };

  /** Removes a client's registration and everything issued to it: grants, codes and tokens. Admins only. */
  const removeClient = (viewer: Member, clientId: string): { records: number } => {
    if (!viewer.isAdmin) throw new McpAccessError('FORBIDDEN', 'Only an admin can remove an MCP client.');
    if (!clientExists(clientId)) throw new McpAccessError('NOT_FOUND', 'No such MCP client.');
    const removed = db.prepare('DELETE FROM mcp_oauth_records WHERE client_id = ?').run(clientId);
    return { records: Number(removed.changes) };
  };

  return { list, visibleTo, revokeMember, removeClient };
};

export type McpAccess = ReturnType<typeof createMcpAccess>;
