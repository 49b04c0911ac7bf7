// The console's only way to talk to the runtime: the /api/* endpoints of docs/runtime-api.md.

const CSRF_HEADER = 'x-twenty-connect-csrf';
const PLACEHOLDER = '__CSRF_TOKEN__';

let csrfToken = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

/** The page's meta token is authoritative; the session's copy covers a page served without substitution. */
export function adoptCsrfToken(token) {
  if (!csrfToken || csrfToken === PLACEHOLDER) csrfToken = token ?? '';
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

async function request(method, path, body) {
  const headers = { accept: 'application/json' };
  if (method !== 'GET') headers[CSRF_HEADER] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The runtime is not reachable. Is `npm start` still running?');
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = data?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'HTTP',
      error?.message ?? `${method} ${path} failed with HTTP ${response.status}`,
    );
  }
  return data;
}

const q = encodeURIComponent;

export const api = {
  session: () => request('GET', '/api/session'),
  state: (member) => request('GET', `/api/state?member=${q(member)}`),
  mcp: () => request('GET', '/api/mcp'),
  mcpClients: (member) => request('GET', `/api/mcp/clients?member=${q(member)}`),
  revokeMcpAccess: (clientId, memberId, member) =>
    request('DELETE', `/api/mcp/clients/${q(clientId)}/members/${q(memberId)}?member=${q(member)}`),
  removeMcpClient: (clientId, member) =>
    request('DELETE', `/api/mcp/clients/${q(clientId)}?member=${q(member)}`),
  runs: (limit = 50) => request('GET', `/api/runs?limit=${q(limit)}`),
  setServerVariables: (values) => request('PUT', '/api/server-variables', { values }),
  setApplicationVariables: (values) => request('PUT', '/api/application-variables', { values }),
  addConnection: (body) => request('POST', '/api/connections', body),
  reconnect: (id, member) => request('POST', `/api/connections/${q(id)}/reconnect`, { member }),
  rename: (id, member, name) => request('PATCH', `/api/connections/${q(id)}`, { member, name }),
  disconnect: (id, member) => request('DELETE', `/api/connections/${q(id)}?member=${q(member)}`),
  records: (object, member) => request('GET', `/api/records/${q(object)}?member=${q(member)}`),
  record: (object, id, member) => request('GET', `/api/records/${q(object)}/${q(id)}?member=${q(member)}`),
  healthCheck: () => request('POST', '/api/health-check'),
  runFunction: (id, body) => request('POST', `/api/functions/${q(id)}/run`, body),
  sandboxFail: (provider, failure) => request('POST', `/api/sandbox/${q(provider)}/fail`, failure),
  sandboxAction: (provider, action) => request('POST', `/api/sandbox/${q(provider)}/${q(action)}`),
  sandboxControl: (provider, action, body = {}) =>
    request('POST', `/api/sandbox/${q(provider)}/${q(action)}`, body),
};
