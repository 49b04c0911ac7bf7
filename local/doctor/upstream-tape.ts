/**
 * The doctor's view of the wire. The app's provider code calls the global `fetch` (`src/core/http.ts`), so the
 * doctor installs one for the length of a check: it sends provider requests where the runtime's mode says
 * (sandbox mode: the runtime's `/_sandbox/<host>/…` bridge, as the function worker does; live mode: the real
 * host) and records each exchange (status, headers, parsed body, or why the request never got an answer), so a
 * probe can read rate-limit and scope headers and check the raw body the app parsed. Requests to the runtime
 * itself (`/metadata`) pass through unrecorded.
 */

export type Exchange = {
  method: string;
  host: string;
  path: string;
  status: number | null;
  headers: Headers;
  body: unknown;
  /** Why no answer came: "DNS lookup failed (ENOTFOUND)", "timed out", … */
  networkError: string | null;
};

const CAUSES: [RegExp, string][] = [
  [/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)$/, 'DNS lookup failed'],
  [/^(ECONNREFUSED|ECONNRESET|ENETUNREACH|EHOSTUNREACH|ENETDOWN|EPIPE|UND_ERR_SOCKET)$/, 'connection failed'],
  [/CERT|TLS|SSL|UNABLE_TO_VERIFY|SELF_SIGNED/, 'TLS handshake failed'],
  [/^(UND_ERR_CONNECT_TIMEOUT|ETIMEDOUT|UND_ERR_HEADERS_TIMEOUT)$/, 'timed out'],
];

/** Names a fetch failure in plain words; undici puts the system error code on `cause`. */
export const describeNetworkError = (error: unknown): string => {
  const err = error as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timed out';
  const code = err?.cause?.code ?? err?.code ?? err?.cause?.name ?? '';
  for (const [pattern, words] of CAUSES) if (pattern.test(code)) return `${words} (${code})`;
  return code ? `network error (${code})` : 'network error';
};

/** DNS, connection and TLS failures mean "no way out"; a timeout may be a slow provider. */
export const isOffline = (exchange: Exchange) =>
  exchange.networkError !== null && /DNS|connection failed|TLS/.test(exchange.networkError);

export type Tape = {
  exchanges: Exchange[];
  /** The `fetch` to install as `globalThis.fetch` while the app's code runs. */
  fetch: typeof fetch;
};

/**
 * @param runtimeUrl the runtime's base URL (its requests pass through untouched)
 * @param sandbox sandbox mode: every other host goes to `<runtime>/_sandbox/<host>/…`, so nothing leaves the machine
 * @param network the fetch that reaches the outside (tests inject one that fails as DNS would)
 */
export const createTape = (options: {
  runtimeUrl: string;
  sandbox: boolean;
  network: typeof fetch;
}): Tape => {
  const runtime = new URL(options.runtimeUrl);
  const exchanges: Exchange[] = [];
  const tapeFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin === runtime.origin) return options.network(request);
    const target = options.sandbox
      ? new Request(
          `${runtime.origin}/_sandbox/${url.hostname.toLowerCase()}${url.pathname}${url.search}`,
          request,
        )
      : request;
    const exchange: Exchange = {
      method: request.method,
      host: url.hostname,
      path: url.pathname,
      status: null,
      headers: new Headers(),
      body: null,
      networkError: null,
    };
    exchanges.push(exchange);
    try {
      const response = await options.network(target);
      exchange.status = response.status;
      exchange.headers = response.headers;
      exchange.body = await response
        .clone()
        .json()
        .catch(() => null);
      return response;
    } catch (error) {
      exchange.networkError = describeNetworkError(error);
      throw error;
    }
  };
  return { exchanges, fetch: tapeFetch as typeof fetch };
};
