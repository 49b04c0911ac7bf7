// `runtime.fetch` is the whole runtime: every path (the MCP door, its authorization server, `/metadata`)
// answers through it with no port, and a wrong method answers 405 with `Allow` in the path's own vocabulary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, removeDataDir, startHarness } from './helpers/runtime-harness.ts';

let harness: Harness;
const url = (path: string) => `${harness.baseUrl}${path}`;
const call = (path: string, init: RequestInit = {}) => harness.fetch(new Request(url(path), init));

beforeAll(async () => {
  harness = await startHarness();
  // The MCP door loads just after start-up; the tests below read its registration token directly.
  await harness.services.mcpStarting;
});
afterAll(async () => {
  await harness.stop();
  removeDataDir(harness.dataDir);
});

/** A workspace (client-credentials) token, registered and issued through `runtime.fetch` alone. */
const workspaceToken = async (): Promise<string> => {
  const registered = await call('/oauth/register', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${harness.services.mcp?.registrationToken}`,
    },
    body: JSON.stringify({
      client_name: 'front-door test',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_post',
    }),
  });
  expect(registered.status).toBe(201);
  const client = (await registered.json()) as { client_id: string; client_secret: string };
  const issued = await call('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
      scope: 'mcp:tools:read',
      resource: url('/mcp'),
    }),
  });
  expect(issued.status).toBe(200);
  return ((await issued.json()) as { access_token: string }).access_token;
};

const rpc = (token: string, id: number, method: string, params: object = {}) =>
  call('/mcp', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
  });

describe('runtime.fetch answers every path, with no port', () => {
  it('serves the authorization server metadata', async () => {
    const response = await call('/.well-known/oauth-authorization-server');
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as { issuer: string; token_endpoint: string };
    expect(metadata.issuer).toBe(harness.baseUrl);
    expect(metadata.token_endpoint).toBe(url('/oauth/token'));
  });

  it('registers a client, issues a token and answers MCP initialize and tools/list with it', async () => {
    const token = await workspaceToken();
    const initialized = await rpc(token, 1, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'front-door test', version: '1.0.0' },
    });
    expect(initialized.status).toBe(200);
    expect(initialized.headers.get('access-control-allow-origin')).toBe('*');
    const hello = (await initialized.json()) as { result: { serverInfo: { name: string } } };
    expect(hello.result.serverInfo.name).toBe('twenty-connect');

    const listed = await rpc(token, 2, 'tools/list');
    expect(listed.status).toBe(200);
    const tools = (await listed.json()) as { result: { tools: { name: string }[] } };
    expect(tools.result.tools.map((tool) => tool.name)).toEqual(harness.services.mcp?.toolNames());
    expect(tools.result.tools.length).toBeGreaterThan(0);
  });

  it('refuses /mcp without a token with the bearer challenge', async () => {
    const response = await call('/mcp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('resource_metadata=');
  });

  it('answers 400 invalid_request to an Authorization header that is not one bearer token (RFC 6750 §3.1)', async () => {
    for (const authorization of ['Basic YWRhOnNlY3JldA==', 'Bearer', 'Bearer one two']) {
      const response = await call('/mcp', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(response.status, authorization).toBe(400);
      expect(response.headers.get('www-authenticate'), authorization).toContain('error="invalid_request"');
    }
  });

  it('answers POST /metadata (the app token) through the same front door', async () => {
    const response = await call('/metadata', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${harness.services.ctx.secrets.appToken}`,
      },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers /metadata the same through runtime.fetch and through the Node shell (its shortcut)', async () => {
    const asked = (token: string, body: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    const { appToken } = harness.services.ctx.secrets;
    for (const init of [
      asked(appToken, JSON.stringify({ query: '{ __typename }' })),
      asked(appToken, '{"query": '),
      asked('wrong', JSON.stringify({ query: '{ __typename }' })),
      asked(appToken, `"${'x'.repeat(1_000_001)}"`),
    ]) {
      const direct = await call('/metadata', init);
      const overHttp = await fetch(url('/metadata'), init);
      expect([overHttp.status, await overHttp.text()]).toEqual([direct.status, await direct.text()]);
    }
  });
});

describe('the MCP door while it loads (just after start-up)', () => {
  it('holds /api/mcp and /.well-known requests until it is ready, then answers them', async () => {
    const { services } = harness;
    const door = (await services.mcpStarting) ?? services.mcp;
    expect(door).not.toBeNull();
    let release!: () => void;
    services.mcp = null;
    services.mcpStarting = new Promise((resolve) => {
      release = () => {
        services.mcp = door;
        resolve(door);
      };
    });
    try {
      const info = call('/api/mcp');
      const metadata = call('/.well-known/oauth-authorization-server');
      const settled = await Promise.race([
        info.then(() => 'answered'),
        new Promise((r) => setTimeout(r, 200, 'held')),
      ]);
      expect(settled).toBe('held');
      release();
      expect((await info).status).toBe(200);
      expect(((await (await info).json()) as { tools: string[] }).tools.length).toBeGreaterThan(0);
      expect((await metadata).status).toBe(200);
    } finally {
      services.mcp = door;
    }
  });
});

describe('a wrong method', () => {
  it('answers 405 with Allow and the runtime error shape on a POST-only /api path', async () => {
    const response = await call('/api/connections');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('METHOD_NOT_ALLOWED');
    expect(body.error.message).toContain('GET is not allowed on /api/connections');
  });

  it('answers 405 with Allow on the runtime own GET-only paths', async () => {
    const response = await call('/health', { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers 405 with Allow on the console page and its files, and 404 where there is no file', async () => {
    for (const path of ['/', '/console/app.js']) {
      const response = await call(path, { method: 'POST', headers: { 'content-type': 'text/plain' } });
      expect(response.status, path).toBe(405);
      expect(response.headers.get('allow'), path).toBe('GET, HEAD');
    }
    expect((await call('/console/app.js')).status).toBe(200);
    expect((await call('/console/no-such-file.js', { method: 'POST' })).status).toBe(404);
  });

  it('answers 405 on /metadata in GraphQL errors', async () => {
    const response = await call('/metadata');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(((await response.json()) as { errors: unknown[] }).errors).toHaveLength(1);
  });

  // A stateless server has no SSE stream to offer and no session to end: the Streamable HTTP transport spec
  // has it answer GET with 405 and lets it answer DELETE with 405
  // (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#listening-for-messages-from-the-server,
  // #session-management).
  it.each(['GET', 'DELETE'])('answers %s /mcp with 405, Allow: POST and a JSON-RPC error', async (method) => {
    const response = await call('/mcp', {
      method,
      headers: { accept: 'application/json, text/event-stream' },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST, OPTIONS');
    const body = (await response.json()) as { jsonrpc: string; error: { code: number } };
    expect(body.jsonrpc).toBe('2.0');
    expect(body.error.code).toBe(-32000);
  });
});
