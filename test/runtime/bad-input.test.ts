import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, removeDataDir, startHarness } from './helpers/runtime-harness.ts';

type Reply = { status: number; body: string; sentBytes: number };

/**
 * Sends `declaredBytes` as content-length (or chunked when null) but writes at most `writeBytes`, in 64 kB chunks
 * paced by the socket, and resolves with the first answer: a server that reads the whole body before answering
 * never answers, and the test times out.
 */
const sendLarge = (
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    declaredBytes: number | null;
    writeBytes: number;
  },
): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    let sentBytes = 0;
    let answered = false;
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: options.method ?? 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.declaredBytes === null ? {} : { 'content-length': String(options.declaredBytes) }),
          ...options.headers,
        },
      },
      (res) => {
        answered = true;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body, sentBytes });
          req.destroy();
        });
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      while (!answered && sentBytes < options.writeBytes) {
        sentBytes += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
    };
    pump();
  });

describe('bad input gets a clear 4xx and costs nothing', () => {
  let harness: Harness;
  let appToken: string;
  beforeAll(async () => {
    harness = await startHarness();
    appToken = harness.services.ctx.secrets.appToken;
  });
  afterAll(async () => {
    await harness.stop();
    removeDataDir(harness.dataDir);
  });

  describe('request bodies', () => {
    it('answers 401 on /metadata without an app token before reading a 300 MB body', async () => {
      const reply = await sendLarge(`${harness.baseUrl}/metadata`, {
        declaredBytes: 300_000_000,
        writeBytes: 8_000_000,
      });
      expect(reply.status).toBe(401);
      expect(JSON.parse(reply.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('answers 413 on /metadata with the app token when the body is over the limit, before reading it whole', async () => {
      const reply = await sendLarge(`${harness.baseUrl}/metadata`, {
        headers: { authorization: `Bearer ${appToken}` },
        declaredBytes: null,
        writeBytes: 300_000_000,
      });
      expect(reply.status).toBe(413);
      expect(reply.sentBytes).toBeLessThan(50_000_000);
    });

    it('answers 403 to a console API call without the CSRF header before reading its body', async () => {
      const reply = await sendLarge(`${harness.baseUrl}/api/server-variables`, {
        method: 'PUT',
        declaredBytes: 300_000_000,
        writeBytes: 8_000_000,
      });
      expect(reply.status).toBe(403);
    });

    it('answers 413 to a console API call whose body is over the limit (content-length or while reading)', async () => {
      const declared = await sendLarge(`${harness.baseUrl}/api/server-variables`, {
        method: 'PUT',
        headers: { 'x-twenty-connect-csrf': harness.csrf },
        declaredBytes: 300_000_000,
        writeBytes: 8_000_000,
      });
      expect(declared.status).toBe(413);
      expect(JSON.parse(declared.body).error.code).toBe('PAYLOAD_TOO_LARGE');
      const chunked = await sendLarge(`${harness.baseUrl}/api/server-variables`, {
        method: 'PUT',
        headers: { 'x-twenty-connect-csrf': harness.csrf },
        declaredBytes: null,
        writeBytes: 300_000_000,
      });
      expect(chunked.status).toBe(413);
      expect(chunked.sentBytes).toBeLessThan(50_000_000);
    });

    it('refuses a 2 MB JSON body that would otherwise be valid', async () => {
      const response = await fetch(`${harness.baseUrl}/api/server-variables`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-twenty-connect-csrf': harness.csrf },
        body: JSON.stringify({ values: { LINEAR_CLIENT_ID: 'x'.repeat(2_000_000) } }),
      });
      expect(response.status).toBe(413);
      expect(harness.services.ctx.records.serverVariables().get('LINEAR_CLIENT_ID')).toBeUndefined();
    });

    it('answers 413 on /mcp as soon as a declared body is over the limit', async () => {
      const reply = await sendLarge(`${harness.baseUrl}/mcp`, {
        headers: { accept: 'application/json, text/event-stream' },
        declaredBytes: 300_000_000,
        writeBytes: 8_000_000,
      });
      expect(reply.status).toBe(413);
    });

    it('answers 413 on a /s/* route whose body is over the limit', async () => {
      const reply = await sendLarge(`${harness.baseUrl}/s/whoami/eng`, {
        headers: { authorization: `Bearer ${harness.services.ctx.secrets.apiKey}` },
        declaredBytes: null,
        writeBytes: 300_000_000,
      });
      expect(reply.status).toBe(413);
    });
  });

  describe('malformed paths', () => {
    for (const [method, path] of [
      ['DELETE', '/api/connections/%E0%A4%A'],
      ['PATCH', '/api/connections/%'],
      ['DELETE', '/api/mcp/clients/%zz'],
      ['GET', '/console/%E0%A4%A'],
    ] as const) {
      it(`answers 400 to ${method} ${path}`, async () => {
        const response = await fetch(`${harness.baseUrl}${path}`, {
          method,
          headers: { 'content-type': 'application/json', 'x-twenty-connect-csrf': harness.csrf },
          ...(method === 'PATCH' ? { body: '{}' } : {}),
        });
        expect(response.status).toBe(400);
        const body = await response.json();
        expect(body.error.code).toBe('BAD_REQUEST');
        expect(JSON.stringify(body)).not.toContain('URIError');
      });
    }
  });

  describe('deeply nested JSON', () => {
    const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const deepArray = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;

    it('answers 400 on a console API call', async () => {
      for (const body of [`{"values":${deepObject}}`, deepArray]) {
        const response = await fetch(`${harness.baseUrl}/api/server-variables`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-twenty-connect-csrf': harness.csrf },
          body,
        });
        expect(response.status).toBe(400);
        expect((await response.json()).error.message).toContain('nests deeper');
      }
    });

    it('answers 400 on /metadata', async () => {
      const response = await fetch(`${harness.baseUrl}/metadata`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${appToken}` },
        body: `{"query":"query { appConnections { id } }","variables":{"filter":${deepObject}}}`,
      });
      expect(response.status).toBe(400);
      expect((await response.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('answers 400 on a /s/* route, a sandbox provider and /mcp', async () => {
      const apiKey = harness.services.ctx.secrets.apiKey;
      for (const [path, headers] of [
        ['/s/whoami/eng', { authorization: `Bearer ${apiKey}` }],
        ['/_sandbox/api.linear.app/graphql', {}],
        ['/_sandbox/linear.app/oauth/token', {}],
        ['/mcp', { accept: 'application/json, text/event-stream' }],
      ] as const) {
        const response = await fetch(`${harness.baseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: deepObject,
        });
        expect(response.status, path).toBe(400);
      }
    });

    it('answers 400 on a tool run from the console', async () => {
      const fn = harness.services.runner.list().find((f) => f.toolTriggerSettings)!;
      const response = await fetch(`${harness.baseUrl}/api/functions/${fn.universalIdentifier}/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-twenty-connect-csrf': harness.csrf },
        body: `{"trigger":"tool","member":"ada","input":${deepObject}}`,
      });
      expect(response.status).toBe(400);
    });
  });

  describe('names inherited from JavaScript objects', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      it(`refuses the server variable "${name}" and stores nothing`, async () => {
        const response = await fetch(`${harness.baseUrl}/api/server-variables`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-twenty-connect-csrf': harness.csrf },
          body: `{"values":{"${name}":"x"}}`,
        });
        expect(response.status).toBe(400);
        expect((await response.json()).error.message).toContain(
          name === '__proto__' ? '"__proto__" key' : `Unknown server variables: ${name}`,
        );
        expect(harness.services.ctx.records.serverVariables().has(name)).toBe(false);
      });
    }

    it('refuses the application variable "constructor"', async () => {
      const response = await harness.api('PUT', '/api/application-variables', {
        values: { constructor: 'x' },
      });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain('Unknown application variables: constructor');
    });

    it('answers 404 to a sandbox control on the provider "constructor"', async () => {
      const response = await harness.api('POST', '/api/sandbox/constructor/reset', {});
      expect(response.status).toBe(404);
    });
  });
});
