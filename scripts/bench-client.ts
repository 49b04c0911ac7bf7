import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * The HTTP client runs in its own process, so its CPU is not charged to the runtime's event loop (in the
 * runtime's process, undici's per-request cost queued behind the server's work). Like wrk or autocannon it keeps
 * sockets alive, writes a prepared HTTP/1.1 request and reads content-length framed responses. Commands over
 * IPC: `once` (one request on a kept socket), `load` (`callers` sockets, each `perCaller` requests in turn),
 * `burst` and `sequence` (a list of distinct requests, each sent once over `callers` sockets).
 */

export type Client = {
  once: (request: string) => Promise<{ ms: number; status: number; body: string }>;
  load: (
    request: string,
    options: { callers: number; perCaller: number; warmUp: number },
  ) => Promise<{ latencies: number[]; statuses: number[]; firstBody: string }>;
  /** `callers` concurrent sockets x `perCaller` requests, with `probe` sent every 20 ms meanwhile. */
  burst: (
    request: string,
    options: { probe: string; callers: number; perCaller: number },
  ) => Promise<{ counts: Record<string, number>; seconds: number; probeMs: number[] }>;
  /** Every request once, `callers` sockets each sending the next unsent one; `matched`: bodies containing `expect`. */
  sequence: (
    requests: string[],
    options: { callers: number; expect?: string },
  ) => Promise<{
    latencies: number[];
    counts: Record<string, number>;
    matched: number;
    other: string | null;
    seconds: number;
  }>;
  close: () => void;
};

export const startClient = (baseUrl: string): Client => {
  const { hostname, port } = new URL(baseUrl);
  const child = spawn(process.execPath, [join(import.meta.dirname, 'bench-load-client.cjs')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // One command at a time: the reply is the next message.
  let pending: { resolve: (reply: unknown) => void; reject: (error: Error) => void } | undefined;
  child.on('message', (reply) => pending?.resolve(reply));
  child.once('exit', (code) => pending?.reject(new Error(`The bench client exited (${code}).`)));
  const ask = <T>(command: Record<string, unknown>) =>
    new Promise<T>((resolve, reject) => {
      pending = { resolve: (reply) => resolve(reply as T), reject };
      child.send({ ...command, host: hostname, port: Number(port) });
    });
  return {
    once: (request) => ask({ type: 'once', request }),
    load: (request, options) => ask({ type: 'load', request, ...options }),
    burst: (request, options) => ask({ type: 'burst', request, ...options }),
    sequence: (requests, options) => ask({ type: 'sequence', requests, ...options }),
    close: () => child.kill(),
  };
};

/** A raw HTTP/1.1 request (the client writes it as is); GET when `method` says so. */
export const rawRequest = (
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
  body: string,
  method = 'POST',
) => {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${new URL(baseUrl).host}`, 'Connection: keep-alive'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
};
