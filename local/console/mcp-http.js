// The MCP walkthrough's HTTP: real requests to the runtime, recorded as request/response pairs with every
// token, code and secret shortened before anything is kept or shown.
import { h } from './dom.js';

/** OAuth parameters and response fields whose values are secrets (form bodies and OAuth JSON only). */
const SECRET_KEYS = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'code_verifier',
  'client_secret',
  'registration_access_token',
  'token',
  'state',
]);

/** Response headers worth showing: the rest is transport noise. */
const SHOWN_HEADERS = [
  'content-type',
  'www-authenticate',
  'cache-control',
  'location',
  'mcp-session-id',
  'mcp-protocol-version',
];

/** `abcdef…`: enough to tell values apart, never enough to use one. */
export function shorten(value) {
  const text = String(value ?? '');
  return text.length > 10 ? `${text.slice(0, 6)}…` : '…';
}

/**
 * Shortens secrets everywhere: values it was told about (`remember`) wherever they occur in text, and, for
 * OAuth messages (`keyed`), the values of the secret fields. `secrets` is the walkthrough's own list, so the
 * values it has seen are known again after the redirect to the consent page and back.
 */
export function createRedactor(secrets) {
  const remember = (...values) => {
    for (const value of values) {
      if (typeof value === 'string' && value.length > 10 && !secrets.includes(value)) secrets.push(value);
    }
  };
  const text = (input) => {
    let out = String(input);
    for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(shorten(secret));
    }
    return out;
  };
  const value = (input, keyed = false, key = null) => {
    if (typeof input === 'string') {
      if (keyed && SECRET_KEYS.has(key)) {
        remember(input);
        return shorten(input);
      }
      return text(input);
    }
    if (Array.isArray(input)) return input.map((item) => value(item, keyed));
    if (input && typeof input === 'object') {
      return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, value(v, keyed, k)]));
    }
    return input;
  };
  return { remember, text, value };
}

function redactHeaders(redactor, headers) {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      if (name.toLowerCase() !== 'authorization') return [name, redactor.text(value)];
      const [scheme, credential] = String(value).split(' ');
      return [name, credential ? `${scheme} ${shorten(credential)}` : shorten(scheme)];
    }),
  );
}

/**
 * Sends one request with fetch and returns the raw outcome for the walkthrough (`status`, `data`, `headers`)
 * plus `record`, the redacted request and response to keep and show. `json` or `form` is the body.
 */
export async function exchange(redactor, { title, method, url, headers = {}, json, form, keyed = false }) {
  const sent = { ...headers };
  let body;
  if (json !== undefined) {
    sent['content-type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    sent['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
    if (keyed) for (const [key, v] of Object.entries(form)) if (SECRET_KEYS.has(key)) redactor.remember(v);
  }
  const request = {
    method,
    url: redactor.text(url),
    headers: redactHeaders(redactor, sent),
    body:
      json !== undefined
        ? redactor.value(json, keyed)
        : form !== undefined
          ? Object.entries(form).map(([k, v]) => [
              k,
              keyed && SECRET_KEYS.has(k) ? shorten(v) : redactor.text(v),
            ])
          : null,
    bodyKind: json !== undefined ? 'json' : form !== undefined ? 'form' : null,
  };
  let response;
  try {
    response = await fetch(url, { method, headers: sent, body, credentials: 'omit', cache: 'no-store' });
  } catch (error) {
    return {
      status: 0,
      data: null,
      headers: new Headers(),
      record: {
        title,
        request,
        error: `No response: ${error.message} (the server is unreachable, or it does not allow requests from ${location.origin})`,
      },
    };
  }
  const raw = await response.text();
  let data = null;
  let isJson = false;
  try {
    data = raw ? JSON.parse(raw) : null;
    isJson = raw !== '';
  } catch {
    data = raw;
  }
  const shown = {};
  for (const name of SHOWN_HEADERS) {
    const headerValue = response.headers.get(name);
    if (headerValue !== null) shown[name] = redactor.text(headerValue);
  }
  return {
    status: response.status,
    data,
    headers: response.headers,
    record: {
      title,
      request,
      response: {
        status: response.status,
        statusText: response.statusText,
        headers: shown,
        body: isJson ? redactor.value(data, keyed) : raw ? redactor.text(raw) : null,
        bodyKind: isJson ? 'json' : raw ? 'text' : null,
      },
    },
  };
}

/** A URL with its query parameters one per line, decoded, as a reader wants to see them. */
function displayUrl(url) {
  const [base, query] = url.split(/\?(.*)/s);
  if (!query) return url;
  const params = [...new URLSearchParams(query)].map(([k, v]) => `    ${k}=${v}`);
  return `${base}?\n${params.join('&\n')}`;
}

function bodyText(body, kind) {
  if (body === null || body === undefined) return null;
  if (kind === 'json') return JSON.stringify(body, null, 2);
  if (kind === 'form') return body.map(([k, v]) => `${k}=${v}`).join('\n&');
  return String(body);
}

export function requestText(request) {
  const lines = [`${request.method} ${displayUrl(request.url)}`];
  for (const [name, value] of Object.entries(request.headers ?? {})) lines.push(`${name}: ${value}`);
  const body = bodyText(request.body, request.bodyKind);
  if (body !== null) lines.push('', body);
  return lines.join('\n');
}

export function responseText(response) {
  const lines = [`HTTP ${response.status} ${response.statusText ?? ''}`.trimEnd()];
  for (const [name, value] of Object.entries(response.headers ?? {})) lines.push(`${name}: ${value}`);
  const body = bodyText(response.body, response.bodyKind);
  lines.push('', body ?? '(empty body)');
  return lines.join('\n');
}

/** One recorded exchange: the request as sent and the response as received, side by side. */
export function renderExchange(record) {
  const status = record.response?.status ?? 0;
  return h(
    'div',
    {
      class: 'exchange',
      'data-testid': 'mcp-exchange',
      dataset: { status: String(status), title: record.title ?? '' },
    },
    record.title ? h('div', { class: 'exchange-title' }, record.title) : null,
    h(
      'div',
      { class: 'exchange-grid' },
      h(
        'div',
        { class: 'exchange-side' },
        h('div', { class: 'subhead' }, 'Request'),
        h('pre', { class: 'code', 'data-testid': 'mcp-request' }, requestText(record.request)),
      ),
      h(
        'div',
        { class: 'exchange-side' },
        h('div', { class: 'subhead' }, 'Response'),
        record.response
          ? h('pre', { class: 'code', 'data-testid': 'mcp-response' }, responseText(record.response))
          : h(
              'pre',
              { class: 'code', 'data-testid': 'mcp-response' },
              record.error ?? record.note ?? '(no response yet)',
            ),
      ),
    ),
  );
}
