import { randomBytes } from 'node:crypto';
import { createAuthorizationServer } from './authorization-server.ts';
import { createMcpAccess, type McpAccess } from './mcp-access.ts';
import type { McpDeps } from './mcp-deps.ts';
import { createMcpEndpoint } from './mcp-endpoint.ts';
import { MCP_SCOPES } from './mcp-resource.ts';

export type McpService = {
  issuer: string;
  resource: string;
  /** Needed to register a client-credentials (workspace) client; shown on the console's MCP page. */
  registrationToken: string;
  scopes: readonly string[];
  /** The tools of the build being served. */
  toolNames: () => string[];
  /** Registered clients and members' approvals, with revocation (the console's MCP page). */
  access: McpAccess;
  /**
   * Answers `/mcp`, `/oauth/*` and their `/.well-known/*` metadata; null for any other path (the caller
   * answers it).
   */
  handle: (request: Request) => Promise<Response> | null;
};

/** The MCP endpoint and its authorization server, once the runtime knows its own URL (the OAuth issuer). */
export const startMcp = (deps: McpDeps, issuer: string, accessTokenTtl: number): McpService => {
  const registrationToken = deps.ctx.records.persistentSecret(
    'mcp-registration-token',
    () => `tcr_${randomBytes(24).toString('base64url')}`,
  );
  const auth = createAuthorizationServer(deps.ctx, { issuer, registrationToken, accessTokenTtl });
  const endpoint = createMcpEndpoint(deps, auth);
  return {
    issuer,
    resource: `${issuer}/mcp`,
    registrationToken,
    scopes: MCP_SCOPES,
    toolNames: endpoint.toolNames,
    access: createMcpAccess(deps.ctx),
    handle: (request) => endpoint.handle(request) ?? auth.handle(request),
  };
};
