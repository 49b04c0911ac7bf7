import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { type LogicFunctionManifest, toolName } from '../twenty/build/manifest.ts';
import { RunRefusedError } from '../twenty/functions/admission.ts';
import { BodyTooLargeError, jsonTooDeep, MAX_BODY_BYTES, readBodyText } from '../twenty/request-limits.ts';
import type { Member } from '../twenty/storage/members.ts';
import type { AuthorizationServer } from './authorization-server.ts';
import type { McpDeps } from './mcp-deps.ts';
import { MCP_SCOPES, protectedResourceMetadataUrl, resourceForHost, SCOPES } from './mcp-resource.ts';

/**
 * Messages per JSON-RPC batch. Batches exist only in protocol 2025-03-26 (2025-06-18 removed them, spec
 * changelog "Remove support for JSON-RPC batching"); the SDK transport still takes up to 100
 * (`server/requestBody.js` MAX_BATCH_SIZE), each tools/call a function run. A client needs few at once.
 */
export const MAX_MCP_BATCH = 10;
/**
 * JSON-RPC "server error" range (-32000 to -32099): the server is busy, retry later; also the SDK transport's
 * code for an HTTP method it does not take (`handleUnsupportedRequest`).
 */
const SERVER_ERROR = -32000;
const SERVER_BUSY = SERVER_ERROR;
const PRM_PATH = '/.well-known/oauth-protected-resource';

/** Who a valid token acts as: a member (authorization code) or the workspace (client credentials). */
export type McpCaller = { member: Member | null; clientId: string; scopes: Set<string> };

type Refusal = { status: 400 | 401 | 403; error?: string; description: string; scope?: string };

const CORS_HEADERS = {
  // Bearer tokens, no cookies: any origin may call, as browser-based MCP clients (Inspector) do.
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers':
    'authorization, content-type, accept, mcp-protocol-version, mcp-session-id, last-event-id',
  'access-control-expose-headers': 'www-authenticate, mcp-session-id, mcp-protocol-version, retry-after',
  'access-control-max-age': '600',
};

const quoted = (text: string) => `"${text.replace(/["\\]/g, "'")}"`;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { ...CORS_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });

/** A JSON-RPC error answer with no request id (the transport's own shape for HTTP-level refusals). */
const rpcError = (status: number, code: number, message: string, headers: Record<string, string> = {}) =>
  json(status, { jsonrpc: '2.0', id: null, error: { code, message } }, headers);

/** The JSON-RPC methods in a request body (one message or a batch); [] when it is not JSON. */
const methodsOf = (body: unknown): string[] =>
  (Array.isArray(body) ? body : [body]).flatMap((message) =>
    message && typeof message === 'object' && typeof (message as { method?: unknown }).method === 'string'
      ? [(message as { method: string }).method]
      : [],
  );

/**
 * `/mcp`: the app's AI tools over MCP Streamable HTTP (stateless: one server per request, JSON responses),
 * behind OAuth bearer tokens from the runtime's authorization server, plus the protected-resource metadata
 * (RFC 9728) that tells clients where to get one.
 */
export const createMcpEndpoint = (services: McpDeps, auth: AuthorizationServer) => {
  const { ctx } = services;
  const { provider, issuer } = auth;
  /**
   * The tools of the build being served, derived again when the build changes (the dev loop swaps builds
   * without a restart: a new, removed or changed tool shows in the next tools/list).
   */
  let derivedFrom: unknown;
  let current: { byName: Map<string, LogicFunctionManifest>; list: Tool[] } = { byName: new Map(), list: [] };
  const tools = () => {
    const functions = services.runner.list();
    if (functions === derivedFrom) return current;
    const withTool = functions.filter((fn) => fn.toolTriggerSettings);
    derivedFrom = functions;
    current = {
      byName: new Map(withTool.map((fn) => [toolName(fn), fn])),
      list: withTool.map((fn) => ({
        name: toolName(fn),
        description: fn.description ?? fn.name ?? '',
        inputSchema: {
          type: 'object',
          ...(fn.toolTriggerSettings?.inputSchema as object),
        } as Tool['inputSchema'],
      })),
    };
    return current;
  };

  const protectedResourceMetadata = (resource: string) => ({
    resource,
    authorization_servers: [issuer],
    scopes_supported: MCP_SCOPES,
    bearer_methods_supported: ['header'],
    resource_name: 'twenty-connect tools (local runtime)',
    resource_documentation: `${new URL(resource).origin}/#mcp`,
  });

  /** RFC 6750 bearer check: the token exists, is unexpired, was issued for this resource and has `needed`. */
  const authenticate = async (
    authorization: string | undefined,
    resource: string,
    needed: string[],
  ): Promise<McpCaller | Refusal> => {
    if (!authorization) {
      return {
        status: 401,
        description: 'This endpoint needs an OAuth access token: Authorization: Bearer <token>.',
      };
    }
    const [scheme, value, extra] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !value || extra !== undefined) {
      return {
        status: 400,
        error: 'invalid_request',
        description: 'Use Authorization: Bearer <access token>.',
      };
    }
    const token =
      (await provider.AccessToken.find(value, { ignoreExpiration: true })) ??
      (await provider.ClientCredentials.find(value, { ignoreExpiration: true }));
    if (!token) {
      return {
        status: 401,
        error: 'invalid_token',
        description: 'The access token is unknown or was revoked.',
      };
    }
    if (token.isExpired) {
      return {
        status: 401,
        error: 'invalid_token',
        description: `The access token expired at ${new Date((token.exp ?? 0) * 1000).toISOString()}; refresh it or get a new one.`,
      };
    }
    const audiences = [token.aud ?? []].flat();
    if (!audiences.includes(resource)) {
      return {
        status: 401,
        error: 'invalid_token',
        description: `The access token was issued for ${audiences.join(', ') || 'no resource'}, not ${resource}; request it with resource=${resource}.`,
      };
    }
    const scopes = new Set(String(token.scope ?? '').split(' '));
    const missing = needed.filter((scope) => !scopes.has(scope));
    if (missing.length > 0) {
      return {
        status: 403,
        error: 'insufficient_scope',
        scope: needed.join(' '),
        description: `This request needs the ${missing.join(' and ')} scope; the token has ${[...scopes].join(' ') || 'none'}.`,
      };
    }
    const accountId = 'accountId' in token ? token.accountId : undefined;
    const member = accountId ? (ctx.members.byId(accountId) ?? null) : null;
    if (accountId && !member) {
      return {
        status: 401,
        error: 'invalid_token',
        description: 'The member this token was issued to is gone.',
      };
    }
    return { member, clientId: String(token.clientId), scopes };
  };

  const refuse = (resource: string, refusal: Refusal): Response => {
    const challenge = [
      refusal.error ? `error=${quoted(refusal.error)}` : '',
      refusal.error ? `error_description=${quoted(refusal.description)}` : '',
      refusal.scope ? `scope=${quoted(refusal.scope)}` : `scope=${quoted(MCP_SCOPES.join(' '))}`,
      `resource_metadata=${quoted(protectedResourceMetadataUrl(resource))}`,
    ].filter((part) => part !== '');
    // RFC 6750 §3: the bearer challenge, with an OAuth error body.
    return json(
      refusal.status,
      { error: refusal.error ?? 'unauthorized', error_description: refusal.description },
      { 'www-authenticate': `Bearer ${challenge.join(', ')}` },
    );
  };

  const callTool = async (caller: McpCaller, name: string, args: unknown): Promise<CallToolResult> => {
    const fn = tools().byName.get(name);
    if (!fn) throw new McpError(ErrorCode.InvalidParams, `Unknown tool ${name}; tools/list names the tools.`);
    const client = await provider.Client.find(caller.clientId);
    let run: Awaited<ReturnType<typeof services.triggers.runTool>>;
    try {
      run = await services.triggers.runTool(fn, caller.member, args ?? {}, {
        via: 'mcp',
        clientId: caller.clientId,
        clientName: client?.clientName ?? caller.clientId,
        memberName: caller.member?.name ?? null,
      });
    } catch (error) {
      // Refused inside a request that was let in (a batch, or a race with other clients): a tool error the
      // model can read, as the spec has tool execution errors reported in the result.
      if (error instanceof RunRefusedError) {
        return { isError: true, content: [{ type: 'text', text: `${error.message} The tool did not run.` }] };
      }
      throw error;
    }
    if (!run.ok) {
      return {
        isError: true,
        content: [{ type: 'text', text: run.error?.message ?? 'The tool failed; see the runtime output.' }],
      };
    }
    const failed =
      typeof run.result === 'object' &&
      run.result !== null &&
      (run.result as { success?: unknown }).success === false;
    return { isError: failed, content: [{ type: 'text', text: JSON.stringify(run.result) }] };
  };

  /** 429 + retry-after before any tool runs, with a JSON-RPC error per request so SDK clients can read it. */
  const busy = (body: unknown): Response => {
    const retryAfter = services.runner.admission.retryAfterSeconds();
    const error = (id: unknown) => ({
      jsonrpc: '2.0',
      id: typeof id === 'string' || typeof id === 'number' ? id : null,
      error: {
        code: SERVER_BUSY,
        message: `The runtime is busy running other tools; retry in ${retryAfter} s.`,
        data: { retryAfterSeconds: retryAfter },
      },
    });
    const ids = (Array.isArray(body) ? body : [body]).map((message) => (message as { id?: unknown })?.id);
    return json(429, Array.isArray(body) ? ids.map(error) : error(ids[0]), {
      'retry-after': String(retryAfter),
    });
  };

  const serveMcp = async (request: Request, resource: string): Promise<Response> => {
    // Stateless, JSON responses: no SSE stream to open (GET) and no session to end (DELETE), so both are 405,
    // as the Streamable HTTP transport spec allows ("or else return HTTP 405 Method Not Allowed").
    if (request.method !== 'POST') {
      return rpcError(
        405,
        SERVER_ERROR,
        `Method not allowed: ${request.method} /mcp; this endpoint takes POST.`,
        {
          allow: 'POST, OPTIONS',
        },
      );
    }
    // The body is read before the token check (its methods decide the scopes needed), within the limit.
    let text: string;
    try {
      text = await readBodyText(request, MAX_BODY_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return rpcError(413, ErrorCode.InvalidRequest, error.message, { connection: 'close' });
    }
    if (jsonTooDeep(text)) return rpcError(400, ErrorCode.ParseError, 'The request body nests too deeply.');
    let body: unknown;
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      body = undefined; // the transport answers the parse error, after the token check
    }
    const methods = methodsOf(body);
    const needed = methods.includes('tools/call') ? [SCOPES.read, SCOPES.execute] : [SCOPES.read];
    const caller = await authenticate(request.headers.get('authorization') ?? undefined, resource, needed);
    if ('status' in caller) return refuse(resource, caller);
    if (Array.isArray(body) && body.length > MAX_MCP_BATCH) {
      return rpcError(
        400,
        ErrorCode.InvalidRequest,
        `Invalid Request: a batch of ${body.length} messages; at most ${MAX_MCP_BATCH} per request.`,
      );
    }
    const { admission } = services.runner;
    if (methods.includes('tools/call') && admission.isFull('mcp')) return busy(body);

    const server = new Server(
      { name: 'twenty-connect', version: services.version },
      {
        capabilities: { tools: {} },
        instructions: caller.member
          ? `Tools act as ${caller.member.name}: their own connections and the workspace-shared ones.`
          : 'Tools act as the workspace: only workspace-shared connections are used.',
      },
    );
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: tools().list }));
    server.setRequestHandler(CallToolRequestSchema, (request) =>
      callTool(caller, request.params.name, request.params.arguments),
    );
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    try {
      await server.connect(transport);
      // The body was read above; a text that is not JSON goes to the transport as-is, for its parse error.
      const answer = await transport.handleRequest(
        body === undefined
          ? new Request(request.url, { method: 'POST', headers: request.headers, body: text })
          : request,
        body === undefined ? {} : { parsedBody: body },
      );
      const headers = new Headers(answer.headers);
      for (const [name, value] of Object.entries(CORS_HEADERS)) headers.set(name, value);
      // With JSON responses the whole answer is ready here (no stream), so the server can close now.
      const payload = answer.body ? await answer.arrayBuffer() : null;
      return new Response(payload, { status: answer.status, statusText: answer.statusText, headers });
    } finally {
      void transport.close();
      void server.close();
    }
  };

  /** Answers `/mcp` and the protected-resource metadata; null for any other path. */
  const handle = (request: Request): Promise<Response> | null => {
    const path = new URL(request.url).pathname;
    if (path !== '/mcp' && path !== PRM_PATH && path !== `${PRM_PATH}/mcp`) return null;
    if (request.method === 'OPTIONS')
      return Promise.resolve(new Response(null, { status: 204, headers: CORS_HEADERS }));
    const resource = resourceForHost(issuer, request.headers.get('host') ?? new URL(request.url).host);
    if (path !== '/mcp') {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        const message = `${request.method} is not allowed on ${path}; it answers GET.`;
        return Promise.resolve(
          json(405, { error: { code: 'METHOD_NOT_ALLOWED', message } }, { allow: 'GET, HEAD, OPTIONS' }),
        );
      }
      return Promise.resolve(
        json(200, protectedResourceMetadata(resource), { 'cache-control': 'max-age=300' }),
      );
    }
    return serveMcp(request, resource).catch((error: unknown) => {
      ctx.log(`MCP request failed: ${(error as Error).stack ?? error}`);
      return rpcError(500, ErrorCode.InternalError, 'Internal error');
    });
  };

  return { handle, toolNames: () => tools().list.map((tool) => tool.name) };
};
