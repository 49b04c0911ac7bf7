import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BodyTooLargeError, declaredTooLarge, MAX_BODY_BYTES } from '../request-limits.ts';

/**
 * Reads a body whole, up to `limit` bytes: rejects with `BodyTooLargeError` as soon as the content-length or the
 * bytes received pass it (for the shortcut below, which skips the web `Request`).
 */
const readBody = (req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    if (declaredTooLarge(req.headers['content-length'], limit)) return reject(new BodyTooLargeError(limit));
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
 * A handler on raw strings for one `METHOD /path`: the authorization header, and the body read on demand (after
 * the handler's own credential check). It must be the very handler the app's route for that path calls.
 */
export type Shortcut = (
  authorization: string | null,
  readBody: () => Promise<string>,
) => Promise<{ status: number; body: string }>;

const serveShortcut = async (shortcut: Shortcut, req: IncomingMessage, res: ServerResponse) => {
  const reply = await shortcut(req.headers.authorization ?? null, async () =>
    (await readBody(req)).toString('utf8'),
  );
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(reply.body)),
    ...(req.complete ? {} : { connection: 'close' }),
  });
  res.end(reply.body);
};

/**
 * The body as a web stream read only when the app asks for it (after its CSRF or bearer check), with the same
 * limit enforced while reading: the stream errors with `BodyTooLargeError`.
 */
const bodyStream = (req: IncomingMessage, limit: number): ReadableStream<Uint8Array> => {
  let size = 0;
  return new ReadableStream({
    start(controller) {
      if (declaredTooLarge(req.headers['content-length'], limit))
        return controller.error(new BodyTooLargeError(limit));
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
 * A thin `node:http` shell around a `fetch(Request) => Response` app: the Host guard, the request as a web
 * `Request` whose body stream keeps the size limit, and the `Response` written back. Every path is the app's;
 * `shortcuts` only call, for speed, the handler the app itself calls for that path.
 */
export const listen = async (
  app: (request: Request) => Promise<Response>,
  options: {
    host: string;
    port: number;
    origin: () => string;
    /**
     * `METHOD /path` → the app's own handler for it on raw strings, skipping the web `Request`/`Response` round
     * trip. Only for `POST /metadata` (every SDK helper call from every function run): under 50 concurrent
     * callers its p99 through `Request`/`Response` was about twice that of the same handler called here
     * (docs/local-runtime.md, Performance). Same Host guard before it; same answers as through the app.
     */
    shortcuts?: Record<string, Shortcut>;
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
    const shortcut = options.shortcuts?.[`${req.method} ${req.url}`];
    if (shortcut) {
      serveShortcut(shortcut, req, res).catch(() => {
        if (res.headersSent) return void res.end();
        sendJson(req, res, 500, {
          error: { code: 'INTERNAL', message: 'Unexpected error; see the runtime output.' },
        });
      });
      return;
    }
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
