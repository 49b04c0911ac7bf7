import { McpAccessError } from '../../mcp/mcp-access.ts';
import { OAUTH_ROUTES, protectedResourceMetadataUrl, SCOPE_DESCRIPTIONS } from '../../mcp/mcp-resource.ts';
import { HttpError } from './http-errors.ts';
import { requireMember, type Services } from './services.ts';

/** What the console's MCP page shows: the endpoint, the OAuth endpoints, scopes and tools. */
/** The MCP door, once loaded: a request in the moment after start-up waits for it, as `/mcp` requests do. */
const started = async (services: Services) => {
  const mcp = services.mcp ?? (await services.mcpStarting);
  if (!mcp) throw new HttpError('NOT_FOUND', 'The MCP endpoint did not start; see the runtime output.');
  return mcp;
};

export const getMcp = async (services: Services): Promise<Response> => {
  const mcp = await started(services);
  return Response.json({
    resource: mcp.resource,
    issuer: mcp.issuer,
    protectedResourceMetadata: protectedResourceMetadataUrl(mcp.resource),
    authorizationServerMetadata: `${mcp.issuer}/.well-known/oauth-authorization-server`,
    endpoints: Object.fromEntries(
      (['registration', 'authorization', 'token', 'revocation'] as const).map((name) => [
        name,
        `${mcp.issuer}${OAUTH_ROUTES[name]}`,
      ]),
    ),
    scopes: mcp.scopes.map((name) => ({ name, description: SCOPE_DESCRIPTIONS[name] ?? '' })),
    tools: mcp.toolNames(),
    registrationToken: mcp.registrationToken,
  });
};

/** Runs a console action on MCP access, with its refusals in the runtime's error vocabulary. */
const refusing = <T>(action: () => T): T => {
  try {
    return action();
  } catch (error) {
    if (error instanceof McpAccessError) throw new HttpError(error.code, error.message);
    throw error;
  }
};

/** The MCP clients `?member=` may see: an admin all of them, a member those they approved. */
export const getMcpClients = async (services: Services, url: URL): Promise<Response> => {
  const viewer = requireMember(services, url.searchParams.get('member'));
  return Response.json({ clients: (await started(services)).access.visibleTo(viewer) });
};

/** Ends one member's access through a client (their own, or anyone's for an admin). */
export const deleteMcpMemberAccess = async (
  services: Services,
  url: URL,
  clientId: string,
  memberId: string,
): Promise<Response> => {
  const viewer = requireMember(services, url.searchParams.get('member'));
  const mcp = await started(services);
  return Response.json({
    ok: true,
    revoked: refusing(() => mcp.access.revokeMember(viewer, clientId, memberId)),
  });
};

/** Removes a client's registration and all it was given (admins). */
export const deleteMcpClient = async (services: Services, url: URL, clientId: string): Promise<Response> => {
  const viewer = requireMember(services, url.searchParams.get('member'));
  const mcp = await started(services);
  return Response.json({
    ok: true,
    removed: refusing(() => mcp.access.removeClient(viewer, clientId)),
  });
};
