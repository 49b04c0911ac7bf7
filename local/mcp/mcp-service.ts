import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../twenty/http/services.ts';
import { createAuthorizationServer } from './authorization-server.ts';
import { createMcpAccess, type McpAccess } from './mcp-access.ts';
import { createMcpEndpoint } from './mcp-endpoint.ts';
import { MCP_SCOPES } from './mcp-resource.ts';

export type McpService = {
  issuer: string;
  resource: string;
  /** Needed to register a client-credentials (workspace) client; shown on the console's MCP page. */
  registrationToken: string;
  scopes: readonly string[];
  toolNames: string[];
  /** Registered clients and members' approvals, with revocation (the console's MCP page). */
  access: McpAccess;
  handle: (req: IncomingMessage, res: ServerResponse) => boolean;
};

/** The MCP endpoint and its authorization server, once the runtime knows its own URL (the OAuth issuer). */
export const startMcp = (services: Services, issuer: string, accessTokenTtl: number): McpService => {
  const registrationToken = services.ctx.records.persistentSecret(
    'mcp-registration-token',
    () => `tcr_${randomBytes(24).toString('base64url')}`,
  );
  const auth = createAuthorizationServer(services.ctx, { issuer, registrationToken, accessTokenTtl });
  const endpoint = createMcpEndpoint(services, auth);
  return {
    issuer,
    resource: `${issuer}/mcp`,
    registrationToken,
    scopes: MCP_SCOPES,
    toolNames: endpoint.tools.map((tool) => tool.name),
    access: createMcpAccess(services.ctx),
    handle: (req, res) => endpoint.handle(req, res) || auth.handle(req, res),
  };
};
