import type { IncomingMessage, ServerResponse } from 'node:http';
import { FetchIncomingMessage, toFetchResponse, toReqRes } from 'fetch-to-node';
import { readBodyBytes } from '../twenty/request-limits.ts';

/**
 * fetch-to-node's request has no socket (`req.socket` is null), but Koa, under oidc-provider, reads
 * `socket.encrypted` (ctx.secure, for cookies) and `socket.remoteAddress` (ctx.ip): a loopback, plain-HTTP one.
 */
class LoopbackIncomingMessage extends FetchIncomingMessage {
  override get socket() {
    return { encrypted: false, remoteAddress: '127.0.0.1' } as unknown as null;
  }
}

/**
 * Runs a Node `(req, res)` handler (oidc-provider's Koa callback) on a web `Request` and returns what it wrote
 * as a `Response`: the one place the MCP door speaks `node:http`. The body is read first, within the runtime's
 * size limit (`BodyTooLargeError` otherwise), and given a content-length: Koa's body parsing (`type-is`) sees
 * no body in a request that has neither content-length nor transfer-encoding, as a `Request` built in code.
 */
export const serveNode = async (
  request: Request,
  handler: (req: IncomingMessage, res: ServerResponse) => unknown,
): Promise<Response> => {
  let whole = request;
  if (request.body) {
    const bytes = await readBodyBytes(request);
    const headers = new Headers(request.headers);
    headers.set('content-length', String(bytes.length));
    whole = new Request(request.url, {
      method: request.method,
      headers,
      body: new Uint8Array(bytes),
    });
  }
  const { req, res } = toNode(whole);
  await handler(req, res);
  return toFetchResponse(res);
};

/** Node request/response objects carrying only `request`'s headers, for oidc-provider calls that read cookies. */
export const nodeHeaders = (request: Request): { req: IncomingMessage; res: ServerResponse } =>
  toNode(new Request(request.url, { headers: request.headers }));

const toNode = (request: Request): { req: IncomingMessage; res: ServerResponse } => {
  const { req, res } = toReqRes(request, { createIncomingMessage: () => new LoopbackIncomingMessage() });
  // A `Request` built in code (a test calling `runtime.fetch`) has no Host header, which Koa builds every
  // URL from (the issuer's endpoints in discovery): the request URL's host is the one it was meant for.
  req.headers.host ??= new URL(request.url).host;
  return { req: req as IncomingMessage, res: res as unknown as ServerResponse };
};
