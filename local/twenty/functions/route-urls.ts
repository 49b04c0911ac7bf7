/**
 * Where Twenty serves routes (twentyhq/twenty `.../logic-function-trigger/triggers/route/route-trigger.service.ts`,
 * `.../domain/workspace-domains/services/workspace-domains.service.ts` `buildPublicFunctionUrl`):
 * - `legacy`: `<server>/s<path>`, the only form on self-hosted servers; on Twenty Cloud functions created after
 *   `LOGIC_FUNCTION_LEGACY_ROUTE_CUTOFF` answer 410 there.
 * - `functions`: the workspace's isolated public function domain, `https://<workspace>.<public domain><path>`,
 *   given to functions as `TWENTY_FUNCTIONS_URL`.
 * Locally the public function domain is emulated by a path prefix on the runtime's own origin
 * (`<runtime>/_functions`): one port, no extra host name to resolve, and the loopback Host check still applies.
 */
export type RouteUrlForm = 'legacy' | 'functions';

export const LEGACY_ROUTE_PREFIX = '/s';
export const FUNCTIONS_ROUTE_PREFIX = '/_functions';

/** `TWENTY_FUNCTIONS_URL` for a runtime at `baseUrl`. */
export const functionsBaseUrl = (baseUrl: string): string => `${baseUrl}${FUNCTIONS_ROUTE_PREFIX}`;

/** Which form a request path is in, or null when it is not a route URL. */
export const routeUrlForm = (pathname: string): RouteUrlForm | null => {
  if (pathname === LEGACY_ROUTE_PREFIX || pathname.startsWith(`${LEGACY_ROUTE_PREFIX}/`)) return 'legacy';
  if (pathname === FUNCTIONS_ROUTE_PREFIX || pathname.startsWith(`${FUNCTIONS_ROUTE_PREFIX}/`))
    return 'functions';
  return null;
};
