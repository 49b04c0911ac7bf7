// A stand-in for the local runtime's HTTP surface (docs/runtime-api.md) with fake data, used to develop the
// console and to exercise it where the real runtime is not available. Not a sandbox: no OAuth is checked.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPLICATION_VARIABLES, MEMBERS, PROVIDERS, SERVER_VARIABLES } from './mock-data.ts';
import { createMockState } from './mock-state.ts';

const CONSOLE_DIR = fileURLToPath(new URL('../../../local/console/', import.meta.url));
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
  '.png': 'image/png',
};

export type RunningMock = { url: string; close(): Promise<void> };

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, status: number, code: string, message: string) {
  send(res, status, { error: { code, message } });
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  return JSON.parse(text) as Record<string, unknown>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function consentPage(provider: string, state: string) {
  const name = PROVIDERS.find((p) => p.name === provider)?.displayName ?? provider;
  return `<!doctype html><html><head><title>Authorize twenty-connect · ${name}</title></head>
<body style="font-family:system-ui;max-width:420px;margin:60px auto"><h1>${name} (mock)</h1>
<p>twenty-connect wants to access your ${name} account.</p>
<form method="post"><input type="hidden" name="state" value="${escapeHtml(state)}">
<button type="submit" name="decision" value="cancel">Cancel</button>
<button type="submit" name="decision" value="approve">Approve</button></form></body></html>`;
}

export async function startMockRuntime(): Promise<RunningMock> {
  const csrfToken = randomUUID();
  const state = createMockState();
  let baseUrl = '';

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (method === 'GET' && path === '/') {
      const html = await readFile(join(CONSOLE_DIR, 'index.html'), 'utf8');
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(html.replace('__CSRF_TOKEN__', csrfToken));
    }
    if (method === 'GET' && /^\/console\/[a-z0-9-]+\.[a-z]+$/.test(path)) {
      const file = path.slice('/console/'.length);
      try {
        const body = await readFile(join(CONSOLE_DIR, file));
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        return res.end(body);
      } catch {
        return fail(res, 404, 'NOT_FOUND', `No console file ${file}`);
      }
    }
    const consent = path.match(/^\/_sandbox\/([a-z]+)\/oauth\/authorize$/);
    if (consent) {
      const provider = consent[1]!;
      if (method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(consentPage(provider, url.searchParams.get('state') ?? ''));
      }
      const form = await readBody(req);
      const target = state.completeConnect(String(form.state), form.decision === 'approve');
      res.writeHead(302, { location: target });
      return res.end();
    }
    if (!path.startsWith('/api/')) return fail(res, 404, 'NOT_FOUND', `No route ${method} ${path}`);
    if (method !== 'GET') {
      if (req.headers['x-twenty-connect-csrf'] !== csrfToken)
        return fail(res, 403, 'FORBIDDEN', 'Missing or wrong CSRF token');
      if (req.headers.origin && req.headers.origin !== baseUrl)
        return fail(res, 403, 'FORBIDDEN', 'Cross-origin request');
    }
    const body = method === 'GET' || method === 'DELETE' ? {} : await readBody(req);
    const member = String(body.member ?? url.searchParams.get('member') ?? '');

    if (method === 'GET' && path === '/api/session') {
      return send(res, 200, {
        csrfToken,
        mode: 'sandbox',
        baseUrl,
        members: MEMBERS,
        apiKey: 'ak_mock_workspace',
      });
    }
    if (method === 'GET' && path === '/api/state') return send(res, 200, state.view(member, baseUrl));
    if (method === 'GET' && path === '/api/runs')
      return send(res, 200, state.runs.slice(0, Number(url.searchParams.get('limit') ?? 50)));
    if (method === 'PUT' && path === '/api/server-variables') {
      const values = (body.values ?? {}) as Record<string, string>;
      const unknown = Object.keys(values).filter((n) => !SERVER_VARIABLES.some((v) => v.name === n));
      if (unknown.length)
        return fail(res, 400, 'BAD_REQUEST', `Unknown server variables: ${unknown.join(', ')}`);
      for (const [name, value] of Object.entries(values)) state.serverValues.set(name, value);
      return send(res, 200, { ok: true });
    }
    if (method === 'PUT' && path === '/api/application-variables') {
      const values = (body.values ?? {}) as Record<string, string>;
      for (const v of APPLICATION_VARIABLES)
        if (v.name in values) state.appValues.set(v.name, values[v.name]!);
      return send(res, 200, { ok: true });
    }
    // As the runtime (and Twenty): workspace-shared connections are managed by the admin only.
    const mayManageShared = MEMBERS.some((m) => m.id === member && m.isAdmin);
    const sharedRefusal = () =>
      fail(
        res,
        403,
        'FORBIDDEN',
        'Only members with the Applications permission can manage a connection shared with the workspace.',
      );
    if (method === 'POST' && path === '/api/connections') {
      if (body.visibility === 'workspace' && !mayManageShared) return sharedRefusal();
      const result = state.startConnect({
        member,
        provider: String(body.provider),
        visibility: body.visibility === 'workspace' ? 'workspace' : 'user',
        name: body.name as string | undefined,
      });
      return 'error' in result ? fail(res, 400, 'BAD_REQUEST', result.error) : send(res, 200, result);
    }
    const connection = path.match(/^\/api\/connections\/([^/]+)(\/reconnect)?$/);
    if (connection) {
      const id = decodeURIComponent(connection[1]!);
      const row = state.connections.find((c) => c.id === id);
      if (!row) return fail(res, 404, 'NOT_FOUND', 'No such connection');
      if ((method === 'DELETE' || connection[2]) && row.visibility === 'workspace' && !mayManageShared)
        return sharedRefusal();
      if (method === 'POST' && connection[2])
        return send(
          res,
          200,
          state.startConnect({
            member,
            provider: row.providerName,
            visibility: row.visibility,
            reconnectId: id,
          }),
        );
      if (method === 'PATCH') {
        row.name = String(body.name);
        return send(res, 200, { ok: true });
      }
      if (method === 'DELETE') {
        state.connections.splice(state.connections.indexOf(row), 1);
        return send(res, 200, { ok: true, revoked: true });
      }
    }
    const run = path.match(/^\/api\/functions\/([^/]+)\/run$/);
    if (method === 'POST' && run) {
      const result = state.run(decodeURIComponent(run[1]!), body);
      return result ? send(res, 200, result) : fail(res, 404, 'NOT_FOUND', 'No such function');
    }
    const sandbox = path.match(/^\/api\/sandbox\/([a-z]+)\/(fail|revoke-all|expire|reset)$/);
    if (method === 'POST' && sandbox) {
      state.sandboxControl(sandbox[1]!, sandbox[2]!);
      return send(res, 200, { ok: true });
    }
    return fail(res, 404, 'NOT_FOUND', `No route ${method} ${path}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      fail(res, 500, 'INTERNAL', error instanceof Error ? error.message : 'error'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
