// The MCP walkthrough's state, kept in sessionStorage so it survives the trip to the consent page and back.
import { createRedactor, shorten } from './mcp-http.js';

const KEY = 'twenty-connect.mcp-walkthrough';
const CALLBACK_PARAM = 'mcp-callback';

/** The steps, in order, and the state each one leaves (cleared when an earlier step is run again). */
export const STEP_ORDER = [
  'challenge',
  'discover',
  'register',
  'authorize',
  'token',
  'list',
  'call',
  'revoke',
];
const STEP_DATA = {
  challenge: ['resourceMetadataUrl'],
  discover: ['prm', 'asm'],
  register: ['client'],
  authorize: ['pending', 'callback'],
  token: ['token'],
  list: ['tools', 'protocolVersion', 'instructions'],
  call: [],
  revoke: ['revoked'],
};
/** Running one of these again starts a new authorization: what came after it no longer applies. */
const RESTARTS_FROM = new Set(['register', 'authorize', 'token']);

const fresh = () => ({ v: 1, secrets: [], steps: {} });

export function loadWalkthrough() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (saved && saved.v === 1) return saved;
  } catch {
    // unreadable: start over
  }
  return fresh();
}

export function saveWalkthrough(state) {
  sessionStorage.setItem(KEY, JSON.stringify(state));
}

export function resetWalkthrough() {
  sessionStorage.removeItem(KEY);
  return fresh();
}

export const redactorFor = (state) => createRedactor(state.secrets);

/** Before running `key`: drop its old result and, for the authorization steps, everything after it. */
export function clearFrom(state, key) {
  const index = STEP_ORDER.indexOf(key);
  const keys = RESTARTS_FROM.has(key) ? STEP_ORDER.slice(index) : [key];
  for (const k of keys) {
    delete state.steps[k];
    for (const field of STEP_DATA[k]) delete state[field];
  }
}

/** The registered redirect URI: the console itself (`/` serves it, whatever the query). */
export const redirectUri = () => `${location.origin}/?${CALLBACK_PARAM}=1`;

/** The MCP endpoint as this page reaches it: the resource identifier must use the same origin. */
export const mcpUrl = () => `${location.origin}/mcp`;

/**
 * Back from the authorization server at `/?mcp-callback=1&code=…&state=…&iss=…` (or `error=…`): check the
 * state and issuer against the request this tab started, keep the code only if both match, and take it out of
 * the address bar. Returns true when the page was such a callback.
 */
export function takeMcpCallback() {
  const params = new URLSearchParams(location.search);
  if (!params.has(CALLBACK_PARAM)) return false;
  const state = loadWalkthrough();
  const redactor = redactorFor(state);
  const code = params.get('code');
  const returnedState = params.get('state');
  const iss = params.get('iss');
  redactor.remember(code, returnedState);
  const pending = state.pending;
  const checks = [];
  let ok = true;
  if (!pending?.state) {
    ok = false;
    checks.push(['state', 'no authorization request is in progress in this tab; start step 3 again']);
  } else if (returnedState !== pending.state) {
    ok = false;
    checks.push([
      'state',
      `${shorten(returnedState)} does not match ${shorten(pending.state)}: not our request`,
    ]);
  } else checks.push(['state', `${shorten(returnedState)} matches the one we sent ✓`]);
  const issuer = state.asm?.issuer;
  if (iss !== null && !issuer) checks.push(['iss', `${iss} (not checked: no discovery in this tab)`]);
  else if (iss !== null && iss !== issuer) {
    ok = false;
    checks.push(['iss', `${iss} is not the authorization server we asked (${issuer})`]);
  } else if (iss !== null) checks.push(['iss', `${iss} is the authorization server we asked ✓`]);
  const error = params.get('error');
  if (error) {
    ok = false;
    checks.push([
      'error',
      `${error}${params.get('error_description') ? `: ${params.get('error_description')}` : ''}`,
    ]);
  } else if (code) checks.push(['code', `${shorten(code)} (single use, valid for 60 seconds)`]);
  state.callback = {
    url: redactor.text(location.href),
    code: ok ? code : null,
    ok: ok && Boolean(code),
    checks,
    receivedAt: new Date().toISOString(),
  };
  if (pending) delete pending.state; // a state is good for one response
  const step = state.steps.authorize ?? { exchanges: [] };
  step.status = state.callback.ok ? 'done' : 'error';
  step.message = state.callback.ok
    ? null
    : error
      ? 'The authorization server sent an error instead of a code.'
      : 'The response failed the checks: its code was discarded.';
  state.steps.authorize = step;
  saveWalkthrough(state);
  history.replaceState(null, '', '/#/mcp');
  return true;
}
