import { isMcpDoorPath } from '../../mcp/mcp-resource.ts';
import { SANDBOX_PREFIX } from '../../sandbox-bridge/sandbox-bridge.ts';
import { serveRoute } from '../functions/route-trigger.ts';
import { routeUrlForm } from '../functions/route-urls.ts';
import { SERVER_ROUTE_PREFIX, serveServerRoute } from '../functions/server-route.ts';
import { ownOrigins, sameSecret } from '../own-origin.ts';
import { BodyTooLargeError } from '../request-limits.ts';
import {
  deleteConnection,
  oauthCallback,
  patchConnection,
  postConnection,
  postReconnect,
  toHttpError,
} from './api-connections.ts';
import { deleteServerKv, getServerKv, postHealthCheck, putServerKv } from './api-events.ts';
import { getRuns, postEvent, runFunction } from './api-functions.ts';
import { deleteMcpClient, deleteMcpMemberAccess, getMcp, getMcpClients } from './api-mcp.ts';
import { getRecord, getRecords, recordPageRedirect } from './api-records.ts';
import { sandboxControl } from './api-sandbox.ts';
import { getSession, getState, putApplicationVariables, putServerVariables } from './api-state.ts';
import { serveConsole } from './console-static.ts';
import { errorResponse, HttpError, methodNotAllowed } from './http-errors.ts';
import type { Services } from './services.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Console requests must come from the runtime's own page: CSRF header, and no foreign Origin. */
const checkCsrf = (services: Services, request: Request): void => {
  const origin = request.headers.get('origin');
  if (origin !== null) {
    if (!ownOrigins(services.ctx.baseUrl()).includes(origin))
      throw new HttpError('FORBIDDEN', 'Cross-origin requests are not allowed.');
  }
  if (!sameSecret(request.headers.get('x-twenty-connect-csrf'), services.ctx.secrets.csrfToken)) {
    throw new HttpError('FORBIDDEN', 'Missing or wrong x-twenty-connect-csrf header (see GET /api/session).');
  }
};

type Handler = (request: Request, url: URL, params: string[]) => Promise<Response> | Response;

const apiRoutes = (services: Services): [string, RegExp, Handler][] => [
  ['GET', /^\/api\/session$/, () => getSession(services)],
  ['GET', /^\/api\/state$/, (_r, url) => getState(services, url)],
  ['GET', /^\/api\/mcp$/, () => getMcp(services)],
  ['GET', /^\/api\/mcp\/clients$/, (_r, url) => getMcpClients(services, url)],
  ['DELETE', /^\/api\/mcp\/clients\/([^/]+)$/, (_r, url, [id]) => deleteMcpClient(services, url, id!)],
  [
    'DELETE',
    /^\/api\/mcp\/clients\/([^/]+)\/members\/([^/]+)$/,
    (_r, url, [id, member]) => deleteMcpMemberAccess(services, url, id!, member!),
  ],
  ['PUT', /^\/api\/server-variables$/, (r) => putServerVariables(services, r)],
  ['PUT', /^\/api\/application-variables$/, (r) => putApplicationVariables(services, r)],
  ['POST', /^\/api\/connections$/, (r) => postConnection(services, r)],
  ['POST', /^\/api\/connections\/([^/]+)\/reconnect$/, (r, _u, [id]) => postReconnect(services, r, id!)],
  ['PATCH', /^\/api\/connections\/([^/]+)$/, (r, _u, [id]) => patchConnection(services, r, id!)],
  ['DELETE', /^\/api\/connections\/([^/]+)$/, (_r, url, [id]) => deleteConnection(services, url, id!)],
  ['POST', /^\/api\/functions\/([^/]+)\/run$/, (r, _u, [id]) => runFunction(services, r, id!)],
  ['GET', /^\/api\/runs$/, (_r, url) => getRuns(services, url)],
  ['POST', /^\/api\/events$/, (r) => postEvent(services, r)],
  ['GET', /^\/api\/records\/([^/]+)$/, (_r, url, [object]) => getRecords(services, url, object!)],
  [
    'GET',
    /^\/api\/records\/([^/]+)\/([^/]+)$/,
    (_r, url, [object, id]) => getRecord(services, url, object!, id!),
  ],
  ['POST', /^\/api\/health-check$/, () => postHealthCheck(services)],
  ['GET', /^\/api\/server-kv$/, () => getServerKv(services)],
  ['PUT', /^\/api\/server-kv$/, (r) => putServerKv(services, r)],
  ['DELETE', /^\/api\/server-kv$/, (_r, url) => deleteServerKv(services, url)],
  ['POST', /^\/api\/sandbox\/([^/]+)\/([^/]+)$/, (r, _u, [p, a]) => sandboxControl(services, r, p!, a!)],
];

const handleApi = async (
  services: Services,
  routes: ReturnType<typeof apiRoutes>,
  request: Request,
  url: URL,
) => {
  const allowed: string[] = [];
  for (const [method, pattern, handler] of routes) {
    const match = pattern.exec(url.pathname);
    if (!match) continue;
    if (method !== request.method) {
      allowed.push(method);
      continue;
    }
    if (STATE_CHANGING.has(request.method)) checkCsrf(services, request);
    return handler(
      request,
      url,
      match.slice(1).map((part) => decodeURIComponent(part)),
    );
  }
  return allowed.length > 0
    ? methodNotAllowed(request.method, url.pathname, allowed)
    : errorResponse('NOT_FOUND', `No API endpoint ${url.pathname}.`);
};

const GET_ONLY = ['GET', 'HEAD'];
/** Paths of the runtime's own that answer GET (and HEAD) only. */
const FIXED_PATHS = new Set(['/apps/oauth/callback', '/auth/apps/callback', '/health', '/healthz']);

/**
 * `/metadata` and `/graphql` are GraphQL over HTTP: its errors keep GraphQL's `{ errors: [...] }` shape, a wrong method included
 * (405 + Allow, as the GraphQL-over-HTTP draft has for methods a server does not take).
 */
const graphqlMethodNotAllowed = (method: string, path: string): Response =>
  Response.json(
    { errors: [{ message: `${method} is not allowed on ${path}; use POST.` }] },
    { status: 405, headers: { allow: 'POST' } },
  );

/**
 * The whole runtime as one `fetch(Request) => Response` function, every path included (`/mcp`, `/oauth/*`,
 * `/.well-known/*`, `/metadata`): tests call it without a port, and the Node shell only carries bytes.
 */
export const createHttpApp = (services: Services): ((request: Request) => Promise<Response>) => {
  const routes = apiRoutes(services);
  return async (request) => {
    const url = new URL(request.url);
    try {
      if (url.pathname === '/metadata') {
        if (request.method !== 'POST') return graphqlMethodNotAllowed(request.method, url.pathname);
        return await services.metadata(request);
      }
      // Twenty's core API (records), GraphQL errors as `/metadata` keeps them.
      if (url.pathname === '/graphql') {
        if (request.method !== 'POST') return graphqlMethodNotAllowed(request.method, url.pathname);
        return await services.records.handle(request);
      }
      // Twenty's REST API: only what the app's `createTimelineActivity` sends.
      if (url.pathname === '/rest/timelineActivities') {
        if (request.method !== 'POST') return methodNotAllowed(request.method, url.pathname, ['POST']);
        return await services.records.createTimelineActivity(request);
      }
      if (url.pathname.startsWith('/api/')) return await handleApi(services, routes, request, url);
      // Server routes (`serverRouteTriggerSettings`), public as on Twenty: the resolver verifies its caller.
      if (url.pathname.startsWith(SERVER_ROUTE_PREFIX)) return await serveServerRoute(services, request);
      // The MCP door: `/mcp`, its authorization server `/oauth/*` and their `/.well-known/*` documents.
      const door = services.mcp ?? (isMcpDoorPath(url.pathname) ? await services.mcpStarting : null);
      const mcp = door?.handle(request);
      if (mcp) return await mcp;
      // Routes at `/s/<path>` and at the emulated public function domain `/_functions/<path>`.
      if (routeUrlForm(url.pathname)) return await serveRoute(services.ctx, services.runner, request);
      if (url.pathname.startsWith(SANDBOX_PREFIX)) {
        if (!services.ctx.bridge)
          return errorResponse('NOT_FOUND', 'Sandbox providers run only in sandbox mode.');
        return await services.ctx.bridge.handle(request);
      }
      const fixed = FIXED_PATHS.has(url.pathname);
      if (fixed && !GET_ONLY.includes(request.method)) {
        return methodNotAllowed(request.method, url.pathname, GET_ONLY);
      }
      if (url.pathname === '/apps/oauth/callback' || url.pathname === '/auth/apps/callback') {
        return await oauthCallback(services, url);
      }
      if (url.pathname === '/health') {
        return Response.json({
          status: 'ok',
          authEnabled: true,
          service: 'twenty-connect',
          version: services.version,
        });
      }
      if (url.pathname === '/healthz') {
        return Response.json({ status: 'ok', mode: services.ctx.settings.mode, version: services.version });
      }
      const recordPage = recordPageRedirect(url.pathname);
      if (recordPage) {
        return GET_ONLY.includes(request.method)
          ? recordPage
          : methodNotAllowed(request.method, url.pathname, GET_ONLY);
      }
      const page = await serveConsole(services, url.pathname);
      if (page) {
        return GET_ONLY.includes(request.method)
          ? page
          : methodNotAllowed(request.method, url.pathname, GET_ONLY);
      }
      return errorResponse('NOT_FOUND', `Nothing at ${url.pathname}.`);
    } catch (error) {
      const known = toHttpError(error);
      if (known) return errorResponse(known.code, known.message);
      if (error instanceof BodyTooLargeError) return errorResponse('PAYLOAD_TOO_LARGE', error.message);
      // `decodeURIComponent` on a path with a malformed `%` escape (`/api/connections/%E0%A4%A`).
      if (error instanceof URIError)
        return errorResponse('BAD_REQUEST', `The path ${url.pathname} has a malformed % escape.`);
      services.ctx.log(
        `Unexpected error on ${request.method} ${url.pathname}: ${(error as Error).stack ?? error}`,
      );
      return errorResponse('INTERNAL', 'Unexpected error; see the runtime output.');
    }
  };
};
