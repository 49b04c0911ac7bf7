/** How a request body was sent, as a provider sees it. */
export type BodyKind = 'json' | 'form' | 'empty' | 'invalid-json' | 'other';

/** A parsed request body: `fields` holds form fields (strings) or the JSON object's properties. */
export type ParsedBody = { kind: BodyKind; fields: Record<string, unknown> };

/** The request's media type, lowercased, without parameters (`application/json; charset=utf-8` → `application/json`). */
export function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Reads a JSON or `application/x-www-form-urlencoded` body. Does not throw: malformed JSON gives
 * `invalid-json`, a JSON value that is not an object gives `json` with no fields, and any other media type
 * gives `other`. Reads a clone, so the request stays readable.
 */
export async function readBody(request: Request): Promise<ParsedBody> {
  if (request.method === 'GET' || request.method === 'HEAD') return { kind: 'empty', fields: {} };
  const text = await request.clone().text();
  if (text.length === 0) return { kind: 'empty', fields: {} };
  const type = mediaType(request);
  if (type === 'application/x-www-form-urlencoded') {
    return { kind: 'form', fields: Object.fromEntries(new URLSearchParams(text)) };
  }
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      const value: unknown = JSON.parse(text);
      const fields = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
      return { kind: 'json', fields: fields as Record<string, unknown> };
    } catch {
      return { kind: 'invalid-json', fields: {} };
    }
  }
  return { kind: 'other', fields: {} };
}

/** A string field from a parsed body or query, or `undefined` when absent or not a string. */
export function stringField(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' ? value : undefined;
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or `undefined`. */
export function readBearer(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
}

/**
 * Client credentials from `Authorization: Basic base64(client_id:client_secret)` (RFC 6749 §2.3.1: both
 * parts are form-urlencoded before base64). `undefined` when the header is absent or malformed.
 */
export function readBasicAuth(request: Request): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      return part;
    }
  };
  return { clientId: decode(decoded.slice(0, colon)), clientSecret: decode(decoded.slice(colon + 1)) };
}

/** A JSON response with the given status and extra headers. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/**
 * The error `fetch` raises when a connection drops (undici: `TypeError: fetch failed` with a `cause`).
 * Sandboxes throw it for a queued `network` failure: the one case where `handle` rejects.
 */
export function networkError(url: string): TypeError {
  const cause = Object.assign(new Error(`read ECONNRESET (${new URL(url).host})`), { code: 'ECONNRESET' });
  return new TypeError('fetch failed', { cause });
}

/** An absolute http(s) URL without a fragment: what RFC 6749 §3.1.2 allows as a redirect URI. */
export function isAbsoluteHttpUrl(value: string): boolean {
  if (value.includes('#')) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
