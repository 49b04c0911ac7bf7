import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** Request bodies are small JSON or form posts: read them whole (cheaper than a web stream per request). */
export const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
  });

const toRequest = async (req: IncomingMessage, origin: string): Promise<Request> => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    ...(hasBody ? { body: new Uint8Array(await readBody(req)) } : {}),
  });
};

/** Responses are written in one piece with a content-length (one write, no chunked encoding). */
const send = async (response: Response, res: ServerResponse): Promise<void> => {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : null;
  if (body) headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body ?? undefined);
};

/** `METHOD /path` → a handler on raw strings, for hot endpoints that answer JSON (skips Request/Response). */
export type FastPaths = Record<
  string,
  (authorization: string | null, body: string) => Promise<{ status: number; body: string }>
>;

const serveFast = async (handler: FastPaths[string], req: IncomingMessage, res: ServerResponse) => {
  const reply = await handler(req.headers.authorization ?? null, (await readBody(req)).toString('utf8'));
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(reply.body)),
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
      const body = JSON.stringify({
        error: { code: 'FORBIDDEN', message: `Host ${req.headers.host ?? '(none)'} is not this runtime.` },
      });
      res.writeHead(403, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    const fast = options.fastPaths?.[`${req.method} ${req.url}`];
    if (fast) {
      serveFast(fast, req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: 'Unexpected error' }] }));
      });
      return;
    }
    if (options.nodeRoutes?.(req, res)) return;
    toRequest(req, options.origin())
      .then(app)
      .then((response) => send(response, res))
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ error: { code: 'INTERNAL', message: String((error as Error).message ?? error) } }),
        );
      });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
};
