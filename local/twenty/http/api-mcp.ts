import { McpAccessError } from '../../mcp/mcp-access.ts';
import { OAUTH_ROUTES, protectedResourceMetadataUrl, SCOPE_DESCRIPTIONS } from '../../mcp/mcp-resource.ts';
import { HttpError } from './http-errors.ts';
import { requireMember, type Services } from './services.ts';

/** What the console's MCP page shows: the endpoint, the OAuth endpoints, scopes and tools. */
const started = (services: Services) => {
  if (!services.mcp) throw new HttpError('NOT_FOUND', 'The MCP endpoint starts once the runtime listens.');
  return services.mcp;
};

export const getMcp = (services: Services): Response => {
  const mcp = started(services);
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
export const getMcpClients = (services: Services, url: URL): Response => {
  const viewer = requireMember(services, url.searchParams.get('member'));
  return Response.json({ clients: started(services).access.visibleTo(viewer) });
};

/** Ends one member's access through a client (their own, or anyone's for an admin). */
export const deleteMcpMemberAccess = (
  services: Services,
  url: URL,
  clientId: string,
  memberId: string,
): Response => {
  const viewer = requireMember(services, url.searchParams.get('member'));
  return Response.json({
    ok: true,
    revoked: refusing(() => started(services).access.revokeMember(viewer, clientId, memberId)),
  });
};

/** Removes a client's registration and all it was given (admins). */
export const deleteMcpClient = (services: Services, url: URL, clientId: string): Response => {
  const viewer = requireMember(services, url.searchParams.get('member'));
  return Response.json({
    ok: true,
    removed: refusing(() => started(services).access.removeClient(viewer, clientId)),
  });
};
