import { OAUTH_ROUTES } from '../mcp/authorization-server.ts';
import { protectedResourceMetadataUrl, SCOPE_DESCRIPTIONS } from '../mcp/mcp-resource.ts';
import { HttpError } from './http-errors.ts';
import type { Services } from './services.ts';

/** What the console's MCP page shows: the endpoint, the OAuth endpoints, scopes and tools. */
export const getMcp = (services: Services): Response => {
  const mcp = services.mcp;
  if (!mcp) throw new HttpError('NOT_FOUND', 'The MCP endpoint starts once the runtime listens.');
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
    tools: mcp.toolNames,
    registrationToken: mcp.registrationToken,
  });
};
