/**
 * A `fetch` for openid-client's token requests that bridges Twenty's token-endpoint behaviour and the
 * providers' quirks, which openid-client (strict RFC 6749) would otherwise reject:
 * - `tokenRequestContentType: 'json'`: Twenty posts a JSON body; openid-client only builds form bodies, so
 *   the form is re-encoded as JSON here.
 * - GitHub answers form-encoded unless `Accept: application/json` is honoured: parsed into JSON.
 * - GitHub puts token errors in an HTTP 200 body (`{ error: 'bad_verification_code' }`) and Slack answers
 *   `{ ok: false, error }` with HTTP 200: both turned into an HTTP 400 OAuth error, as Twenty surfaces them.
 * - Slack's `token_type: 'bot'` and a missing `token_type` (Twenty never reads it) become `bearer`.
 * - Linear apps created before 2023-12 receive `scope` as an array: joined with spaces.
 */
export const createTokenFetch = (options: {
  contentType: 'json' | 'form-urlencoded';
  fetchImpl?: typeof fetch;
}): ((url: string, init: RequestInit) => Promise<Response>) => {
  const fetchImpl = options.fetchImpl ?? fetch;
  return async (url, init) => {
    const headers = new Headers(init.headers);
    headers.set('accept', 'application/json');
    let body = init.body;
    if (options.contentType === 'json' && body instanceof URLSearchParams) {
      body = JSON.stringify(Object.fromEntries(body));
      headers.set('content-type', 'application/json');
    }
    const response = await fetchImpl(url, { ...init, headers, body });
    return normaliseTokenResponse(response);
  };
};

const jsonResponse = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const readBody = async (response: Response): Promise<Record<string, unknown> | null> => {
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  if (
    type.includes('application/x-www-form-urlencoded') ||
    (!type.includes('json') && /^[\w.%-]+=/.test(text))
  ) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
};

export const normaliseTokenResponse = async (response: Response): Promise<Response> => {
  const body = await readBody(response);
  if (!body) {
    const status = response.ok ? 502 : response.status;
    return jsonResponse(status, {
      error: 'invalid_response',
      error_description: `The token endpoint answered HTTP ${response.status} without a JSON or form body.`,
    });
  }
  if (!response.ok) {
    if (typeof body.error !== 'string') body.error = `http_${response.status}`;
    return jsonResponse(response.status, body);
  }
  if (typeof body.error === 'string' || body.ok === false) {
    return jsonResponse(400, {
      error: typeof body.error === 'string' ? body.error : 'invalid_request',
      ...(typeof body.error_description === 'string' ? { error_description: body.error_description } : {}),
    });
  }
  if (typeof body.token_type !== 'string' || body.token_type.toLowerCase() === 'bot')
    body.token_type = 'bearer';
  if (Array.isArray(body.scope)) body.scope = body.scope.join(' ');
  if (typeof body.expires_in === 'string' && /^\d+$/.test(body.expires_in))
    body.expires_in = Number(body.expires_in);
  return jsonResponse(200, body);
};
