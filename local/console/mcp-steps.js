// What each walkthrough step does: the real OAuth and MCP requests an MCP client makes, one step at a time.
// Every step stores its recorded (redacted) exchanges in `state.steps[key]`; tokens are kept only in `state`.
import { exchange, shorten } from './mcp-http.js';
import { mcpUrl, redirectUri } from './mcp-store.js';

const PROTOCOL_VERSION = '2025-06-18';
const MCP_ACCEPT = 'application/json, text/event-stream';

const initializeMessage = (id) => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: {
    protocolVersion: PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: 'console-walkthrough', version: '1.0.0' },
  },
});

function mcpHeaders(state, { auth = true, version = true } = {}) {
  const headers = { accept: MCP_ACCEPT };
  if (auth && state.token) headers.authorization = `Bearer ${state.token.access_token}`;
  if (version && state.protocolVersion) headers['mcp-protocol-version'] = state.protocolVersion;
  return headers;
}

/** One JSON-RPC message POSTed to /mcp, with the walkthrough's token and protocol version unless told not to. */
const postMcp = (state, redactor, title, json, headerOptions) =>
  exchange(redactor, {
    title,
    method: 'POST',
    url: mcpUrl(),
    headers: mcpHeaders(state, headerOptions),
    json,
  });

const step = (status, exchanges, extra = {}) => ({
  status,
  exchanges: exchanges.map((e) => e.record),
  ...extra,
});
const ok2xx = (result) => result.status >= 200 && result.status < 300;
const expected = (result, status) =>
  result.status === status
    ? null
    : result.status === 0
      ? result.record.error
      : `Expected HTTP ${status}, got ${result.status}.`;

/** Base64url without padding (RFC 7636 §4). */
function base64url(bytes) {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

const randomString = (size) => base64url(crypto.getRandomValues(new Uint8Array(size)));

/** RFC 8414 §3: the metadata URL for an issuer, `/.well-known/…` inserted before any path. */
function authorizationServerMetadataUrl(issuer) {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}/.well-known/oauth-authorization-server${path}`;
}

/** Step 0: call the MCP endpoint like a client that has no token yet. */
async function challenge(state, redactor) {
  const result = await postMcp(state, redactor, 'initialize without a token', initializeMessage(1), {
    auth: false,
    version: false,
  });
  const www = result.headers.get('www-authenticate') ?? '';
  const metadataUrl = /resource_metadata="([^"]+)"/.exec(www)?.[1] ?? null;
  if (metadataUrl) state.resourceMetadataUrl = metadataUrl;
  state.steps.challenge = step(result.status === 401 ? 'done' : 'error', [result], {
    message: expected(result, 401),
    facts: metadataUrl ? [['resource_metadata (from WWW-Authenticate)', metadataUrl]] : [],
  });
}

/** Step 1: the protected-resource metadata names the authorization server; its metadata names the endpoints. */
async function discover(state, redactor) {
  const prmUrl = state.resourceMetadataUrl ?? `${location.origin}/.well-known/oauth-protected-resource/mcp`;
  const prm = await exchange(redactor, {
    title: 'Protected resource metadata (RFC 9728)',
    method: 'GET',
    url: prmUrl,
    headers: { accept: 'application/json' },
  });
  const issuer = prm.data?.authorization_servers?.[0];
  if (prm.status !== 200 || !issuer) {
    state.steps.discover = step('error', [prm], {
      message: expected(prm, 200) ?? 'No authorization_servers in the metadata.',
    });
    return;
  }
  const as = await exchange(redactor, {
    title: 'Authorization server metadata (RFC 8414)',
    method: 'GET',
    url: authorizationServerMetadataUrl(issuer),
    headers: { accept: 'application/json' },
  });
  const asm = as.data ?? {};
  const problems = [
    expected(as, 200),
    as.status === 200 && asm.issuer !== issuer ? `issuer ${asm.issuer} is not ${issuer}.` : null,
    as.status === 200 && !asm.code_challenge_methods_supported?.includes('S256')
      ? 'The server does not support PKCE S256.'
      : null,
    as.status === 200 && !asm.registration_endpoint ? 'No registration_endpoint.' : null,
  ].filter(Boolean);
  if (problems.length === 0) {
    state.prm = prm.data;
    state.asm = asm;
  }
  state.steps.discover = step(problems.length ? 'error' : 'done', [prm, as], {
    message: problems.join(' ') || null,
    facts: problems.length
      ? []
      : [
          ['resource', prm.data.resource],
          ['authorization server', issuer],
          ['scopes', (prm.data.scopes_supported ?? []).join(' ')],
          ['registration_endpoint', asm.registration_endpoint],
          ['authorization_endpoint', asm.authorization_endpoint],
          ['token_endpoint', asm.token_endpoint],
          ['revocation_endpoint', asm.revocation_endpoint ?? '—'],
        ],
  });
}

/** Step 2: dynamic client registration (RFC 7591) of a public client: PKCE, no secret. */
async function register(state, redactor) {
  const body = {
    client_name: 'Console walkthrough',
    redirect_uris: [redirectUri()],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    scope: (state.prm?.scopes_supported ?? []).join(' ') || undefined,
  };
  const result = await exchange(redactor, {
    title: 'Register a public client',
    method: 'POST',
    url: state.asm.registration_endpoint,
    headers: { accept: 'application/json' },
    json: body,
    keyed: true,
  });
  const clientId = result.data?.client_id;
  if (result.status === 201 && clientId) state.client = { client_id: clientId, redirect_uri: redirectUri() };
  state.steps.register = step(state.client ? 'done' : 'error', [result], {
    message: state.client ? null : (expected(result, 201) ?? 'No client_id in the response.'),
    facts: state.client
      ? [
          ['client_id', clientId],
          ['redirect_uri', redirectUri()],
        ]
      : [],
  });
}

/**
 * Step 3: PKCE verifier and challenge, a fresh state, then the browser goes to the authorization endpoint for
 * real; the member approves on the consent page and is sent back to the console (see takeMcpCallback).
 */
async function authorize(state, redactor) {
  if (!crypto.subtle)
    throw new Error('PKCE needs crypto.subtle: open the console over https or on localhost.');
  const verifier = randomString(32);
  const challengeValue = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const csrfState = randomString(16);
  redactor.remember(verifier, csrfState);
  const resource = state.prm?.resource ?? mcpUrl();
  const scope = (state.prm?.scopes_supported ?? []).join(' ');
  const url = new URL(state.asm.authorization_endpoint);
  const params = {
    response_type: 'code',
    client_id: state.client.client_id,
    redirect_uri: state.client.redirect_uri,
    scope,
    resource,
    state: csrfState,
    code_challenge: challengeValue,
    code_challenge_method: 'S256',
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  state.pending = { verifier, state: csrfState, challenge: challengeValue, resource };
  state.steps.authorize = {
    status: 'pending',
    exchanges: [
      {
        title: 'The browser navigates to the authorization endpoint',
        request: { method: 'GET', url: redactor.text(url.href), headers: {}, body: null, bodyKind: null },
        note: 'The runtime answers with its consent page. After Approve it redirects the browser to the redirect_uri with code, state and iss: see “Back at the console”.',
      },
    ],
    facts: [
      ['code_verifier', `${shorten(verifier)} (43 random characters, kept in this tab only)`],
      ['code_challenge', `${challengeValue} = BASE64URL(SHA-256(code_verifier))`],
      ['state', shorten(csrfState)],
    ],
  };
  return url.href;
}

/** Step 4: the code and the PKCE verifier for tokens, at the token endpoint (public client: no secret). */
async function token(state, redactor) {
  const form = {
    grant_type: 'authorization_code',
    code: state.callback.code,
    redirect_uri: state.client.redirect_uri,
    client_id: state.client.client_id,
    code_verifier: state.pending.verifier,
    resource: state.pending.resource,
  };
  const result = await exchange(redactor, {
    title: 'Exchange the code',
    method: 'POST',
    url: state.asm.token_endpoint,
    headers: { accept: 'application/json' },
    form,
    keyed: true,
  });
  const data = result.data ?? {};
  // The code is spent either way, and the verifier was for that code only.
  state.callback.code = null;
  delete state.pending.verifier;
  if (result.status === 200 && data.access_token) {
    state.token = {
      access_token: data.access_token,
      refresh_token: data.refresh_token ?? null,
      scope: data.scope ?? '',
      expires_in: data.expires_in ?? null,
      obtainedAt: new Date().toISOString(),
    };
  }
  state.steps.token = step(state.token ? 'done' : 'error', [result], {
    message: state.token ? null : (expected(result, 200) ?? 'No access_token in the response.'),
    facts: state.token
      ? [
          ['access_token', shorten(data.access_token)],
          ['scope', data.scope ?? ''],
          ['expires_in', `${data.expires_in ?? '?'} s`],
          ['refresh_token', data.refresh_token ? shorten(data.refresh_token) : 'none'],
        ]
      : [],
  });
}

/** Step 5: initialize, the initialized notification, and tools/list, each a POST to /mcp with the token. */
async function list(state, redactor) {
  const init = await postMcp(state, redactor, 'initialize', initializeMessage(1), { version: false });
  const version = init.data?.result?.protocolVersion;
  if (init.status !== 200 || !version) {
    state.steps.list = step('error', [init], { message: expected(init, 200) ?? 'No initialize result.' });
    return;
  }
  state.protocolVersion = version;
  state.instructions = init.data.result.instructions ?? null;
  const initialized = await postMcp(state, redactor, 'notifications/initialized', {
    jsonrpc: '2.0',
    method: 'notifications/initialized',
  });
  const tools = await postMcp(state, redactor, 'tools/list', { jsonrpc: '2.0', id: 2, method: 'tools/list' });
  const listed = tools.data?.result?.tools;
  if (Array.isArray(listed)) state.tools = listed;
  const good = ok2xx(initialized) && tools.status === 200 && Array.isArray(listed);
  state.steps.list = step(good ? 'done' : 'error', [init, initialized, tools], {
    message: good ? null : (expected(tools, 200) ?? 'No tools in the response.'),
    facts: [
      ['protocol version', version],
      ['server', `${init.data.result.serverInfo?.name ?? '?'} ${init.data.result.serverInfo?.version ?? ''}`],
      ['instructions', state.instructions ?? '—'],
      ['tools', Array.isArray(listed) ? String(listed.length) : '—'],
    ],
  });
}

/** Step 6: tools/call of the chosen tool with the given arguments (already parsed). */
async function call(state, redactor, { name, args }) {
  const result = await postMcp(state, redactor, `tools/call ${name}`, {
    jsonrpc: '2.0',
    id: 3,
    method: 'tools/call',
    params: { name, arguments: args },
  });
  const outcome = result.data?.result;
  const text = outcome?.content?.find((part) => part.type === 'text')?.text ?? null;
  let output = text;
  try {
    output = text === null ? null : JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // plain text
  }
  const status = result.status !== 200 || !outcome ? 'error' : outcome.isError ? 'warning' : 'done';
  state.steps.call = step(status, [result], {
    message:
      status === 'error'
        ? (expected(result, 200) ?? result.data?.error?.message ?? 'No result.')
        : status === 'warning'
          ? 'The call went through; the tool reported an error (isError: true).'
          : null,
    output: output === null ? null : redactor.text(output),
  });
}

/** Step 7: revoke the access token (RFC 7009), then show that /mcp refuses it. */
async function revoke(state, redactor) {
  const revoked = await exchange(redactor, {
    title: 'Revoke the access token',
    method: 'POST',
    url: state.asm.revocation_endpoint,
    headers: {},
    form: {
      token: state.token.access_token,
      token_type_hint: 'access_token',
      client_id: state.client.client_id,
    },
    keyed: true,
  });
  const after = await postMcp(state, redactor, 'tools/list with the revoked token', {
    jsonrpc: '2.0',
    id: 4,
    method: 'tools/list',
  });
  if (revoked.status === 200) state.revoked = true;
  const good = revoked.status === 200 && after.status === 401;
  state.steps.revoke = step(good ? 'done' : 'error', [revoked, after], {
    message: good ? null : (expected(revoked, 200) ?? expected(after, 401)),
  });
}

export const ACTIONS = { challenge, discover, register, authorize, token, list, call, revoke };
