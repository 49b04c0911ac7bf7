/**
 * What any request to the runtime may weigh: the body size and JSON depth every endpoint (the app's routes,
 * `/metadata`, `/mcp`, the authorization server) enforces, and the Node shell enforces while streaming.
 */

/** The largest request body any endpoint takes: console posts, `/metadata` documents and MCP calls are small. */
export const MAX_BODY_BYTES = 1_000_000;

/** A body over the limit, found while reading it (or from its content-length, before reading anything). */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`The request body is over ${Math.round(limit / 1000)} kB.`);
  }
}

/** True when a declared content-length is already over `limit`. */
export const declaredTooLarge = (contentLength: string | null | undefined, limit: number): boolean =>
  Number(contentLength ?? 0) > limit;

/**
 * A request's body, up to `limit` bytes: throws `BodyTooLargeError` as soon as the content-length or the bytes
 * received pass it, so a huge body costs at most `limit` of memory even with no Node shell in front.
 */
export const readBodyBytes = async (request: Request, limit = MAX_BODY_BYTES): Promise<Buffer> => {
  if (declaredTooLarge(request.headers.get('content-length'), limit)) throw new BodyTooLargeError(limit);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
};

/** `readBodyBytes` as UTF-8 text. */
export const readBodyText = async (request: Request, limit = MAX_BODY_BYTES): Promise<string> =>
  (await readBodyBytes(request, limit)).toString('utf8');

/** Deeper JSON than any request of ours needs; deeper documents would exhaust the stack of recursive code. */
export const MAX_JSON_DEPTH = 64;

/** True when `text` nests arrays/objects deeper than `max`; a linear scan, before `JSON.parse` builds anything. */
export const jsonTooDeep = (text: string, max = MAX_JSON_DEPTH): boolean => {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      if (++depth > max) return true;
    } else if (char === 0x5d || char === 0x7d) depth--;
  }
  return false;
};

/** A GraphQL-over-HTTP request body, checked: JSON no deeper than `MAX_JSON_DEPTH`, with a string `query`. */
export type GraphqlBody = { query: string; variables: Record<string, unknown>; operationName?: string };

/** Parses a GraphQL body, or answers the problem (a 400 with GraphQL's `BAD_USER_INPUT`) for the caller to send. */
export const parseGraphqlBody = (text: string): GraphqlBody | { problem: string } => {
  if (jsonTooDeep(text)) return { problem: `The body nests deeper than ${MAX_JSON_DEPTH} levels` };
  let body: { query?: unknown; variables?: unknown; operationName?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return { problem: 'The body must be JSON: { query, variables }' };
  }
  if (typeof body?.query !== 'string') return { problem: 'Missing "query"' };
  return {
    query: body.query,
    variables: (body.variables as Record<string, unknown> | undefined) ?? {},
    operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
  };
};
