import { ownOrigins } from '../twenty/own-origin.ts';

/** The paths the MCP door answers: `/mcp`, its authorization server's `/oauth/*` and `/.well-known/*` documents. */
export const isMcpDoorPath = (path: string): boolean => /^\/(mcp(\/|$)|oauth\/|\.well-known\/)/.test(path);

/** The authorization server's endpoints (here, apart from `oidc-provider`, so the console's API names them without loading it). */
export const OAUTH_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  registration: '/oauth/register',
  revocation: '/oauth/revoke',
  jwks: '/oauth/jwks',
  userinfo: '/oauth/userinfo',
  end_session: '/oauth/logout',
  pushed_authorization_request: '/oauth/par',
} as const;

/** What the MCP endpoint is, as OAuth sees it: its resource identifiers and scopes. */
export const SCOPES = {
  read: 'mcp:tools:read',
  execute: 'mcp:tools:execute',
} as const;
export const MCP_SCOPES: readonly string[] = [SCOPES.read, SCOPES.execute];

export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  [SCOPES.read]: 'Connect and list the tools (names, descriptions, input schemas).',
  [SCOPES.execute]: 'Run the tools: read and create items at the providers the workspace connected.',
  offline_access: 'Stay connected: refresh the access when it expires.',
  openid: 'Know which member approved (member id).',
  profile: "Read the member's name.",
  email: "Read the member's email address.",
};

/**
 * The MCP resource's identifiers (RFC 8707): `<origin>/mcp` for each of the runtime's own origins, since a
 * client may be pointed at any loopback name. A token is bound to exactly the identifier it was requested for.
 */
export const mcpResources = (baseUrl: string): string[] =>
  ownOrigins(baseUrl).map((origin) => `${origin}/mcp`);

/** The resource identifier for a request that arrived with this Host header, if it is one of ours. */
export const resourceForHost = (baseUrl: string, host: string | undefined): string => {
  const own = `${new URL(baseUrl).protocol}//${host ?? ''}/mcp`;
  return mcpResources(baseUrl).includes(own) ? own : `${new URL(baseUrl).origin}/mcp`;
};

export const protectedResourceMetadataUrl = (resource: string): string => {
  const url = new URL(resource);
  return `${url.origin}/.well-known/oauth-protected-resource${url.pathname}`;
};
