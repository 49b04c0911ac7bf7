import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** The largest request body any endpoint takes: console posts, `/metadata` documents and MCP calls are small. */
export const MAX_BODY_BYTES = 1_000_000;

/** A body over the limit, found while reading it (or from its content-length, before reading anything). */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`The request body is over ${Math.round(limit / 1000)} kB.`);
  }
}

const declaredTooLarge = (req: IncomingMessage, limit: number): boolean =>
  Number(req.headers['content-length'] ?? 0) > limit;

/**
 * Reads a body whole, up to `limit` bytes: rejects with `BodyTooLargeError` as soon as the content-length or the
 * bytes received pass it, so a huge upload costs at most `limit` of memory.
 */
export const readBody = (req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    if (declaredTooLarge(req, limit)) return reject(new BodyTooLargeError(limit));
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      reject(new BodyTooLargeError(limit));
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
  });

/**
 * The body as a web stream read only when the app asks for it (after its CSRF or bearer check), with the same
 * limit enforced while reading: the stream errors with `BodyTooLargeError`.
 */
const bodyStream = (req: IncomingMessage, limit: number): ReadableStream<Uint8Array> => {
  let size = 0;
  return new ReadableStream({
    start(controller) {
      if (declaredTooLarge(req, limit)) return controller.error(new BodyTooLargeError(limit));
      req.pause();
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          req.pause();
          req.removeAllListeners('data');
          return controller.error(new BodyTooLargeError(limit));
        }
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
        if ((controller.desiredSize ?? 1) <= 0) req.pause();
      });
      req.once('end', () => controller.close());
      req.once('error', (error) => controller.error(error));
    },
    pull() {
      req.resume();
    },
  });
};

const toRequest = (req: IncomingMessage, origin: string): Request => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    ...(hasBody ? { body: bodyStream(req, MAX_BODY_BYTES), duplex: 'half' } : {}),
  } as RequestInit);
};

/**
 * Responses are written in one piece with a content-length (one write, no chunked encoding). A request whose
 * body was not read whole (refused before reading, or too large) gets `connection: close`, so Node does not
 * read the rest of it to reuse the connection.
 */
const send = async (response: Response, req: IncomingMessage, res: ServerResponse): Promise<void> => {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : null;
  if (body) headers['content-length'] = String(body.length);
  if (!req.complete) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(body ?? undefined);
};

const sendJson = (req: IncomingMessage, res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...(req.complete ? {} : { connection: 'close' }),
  });
  res.end(text);
};

/**
 * `METHOD /path` → a handler on raw strings, for hot endpoints that answer JSON (skips Request/Response). The
 * handler reads the body through `body()` once it has checked the caller, so a refused request is never read.
 */
export type FastPaths = Record<
  string,
  (authorization: string | null, body: () => Promise<string>) => Promise<{ status: number; body: string }>
>;

const serveFast = async (handler: FastPaths[string], req: IncomingMessage, res: ServerResponse) => {
  const reply = await handler(req.headers.authorization ?? null, async () =>
    (await readBody(req)).toString('utf8'),
  );
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(reply.body)),
    ...(req.complete ? {} : { connection: 'close' }),
  });
  res.end(reply.body);
};

/** A thin `node:http` shell around a `fetch(Request) => Response` app. */
export const listen = async (
  app: (request: Request) => Promise<Response>,
  options: {
    host: string;
    port: number;
    origin: () => string;
    fastPaths?: FastPaths;
    /** Handlers on `node:http` itself (libraries built on it); return false to pass the request on. */
    nodeRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean;
    /** Refuses requests whose Host header this says no to (DNS rebinding: a web page reaching a loopback port). */
    allowHost?: (host: string | undefined) => boolean;
  },
): Promise<Server> => {
  const server = createServer({ noDelay: true }, (req, res) => {
    if (options.allowHost && !options.allowHost(req.headers.host)) {
      sendJson(req, res, 403, {
        error: { code: 'FORBIDDEN', message: `Host ${req.headers.host ?? '(none)'} is not this runtime.` },
      });
      return;
    }
    const fast = options.fastPaths?.[`${req.method} ${req.url}`];
    if (fast) {
      serveFast(fast, req, res).catch((error: unknown) => {
        if (res.headersSent) return void res.end();
        if (error instanceof BodyTooLargeError) {
          sendJson(req, res, 413, {
            errors: [{ message: error.message, extensions: { code: 'BAD_USER_INPUT' } }],
          });
        } else sendJson(req, res, 500, { errors: [{ message: 'Unexpected error' }] });
      });
      return;
    }
    if (options.nodeRoutes?.(req, res)) return;
    let request: Request;
    try {
      request = toRequest(req, options.origin());
    } catch {
      // `new URL` refuses a request target no URL can hold (e.g. `//` alone after a bad Host).
      sendJson(req, res, 400, { error: { code: 'BAD_REQUEST', message: 'The request URL is malformed.' } });
      return;
    }
    app(request)
      .then((response) => send(response, req, res))
      .catch(() => {
        // The app answers its own errors; this is a failure to write the response.
        if (res.headersSent) return void res.end();
        sendJson(req, res, 500, {
          error: { code: 'INTERNAL', message: 'Unexpected error; see the runtime output.' },
        });
      });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
};
