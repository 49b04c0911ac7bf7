import type { Classifier } from '../../core/http';
import { SETTINGS } from '../../core/identity';

type GraphqlError = {
  message?: string;
  extensions?: { code?: string; type?: string; userPresentableMessage?: string };
};

const numberHeader = (response: Response, name: string): number | undefined => {
  const value = response.headers.get(name);
  return value === null || value.trim() === '' || Number.isNaN(Number(value)) ? undefined : Number(value);
};

/** `retry-after` in seconds or as an HTTP date, which Linear's SDK honours first (packages/sdk/src/error.ts). */
const retryAfter = (response: Response): Date | undefined => {
  const seconds = numberHeader(response, 'retry-after');
  if (seconds !== undefined) return seconds >= 0 ? new Date(Date.now() + seconds * 1000) : undefined;
  const date = Date.parse(response.headers.get('retry-after') ?? '');
  return Number.isNaN(date) ? undefined : new Date(date);
};

/**
 * When to try again: `retry-after` if sent, else the reset of the bucket that is actually exhausted (the latest,
 * if several are), never merely the first reset header present. Linear's buckets
 * (https://linear.app/developers/rate-limiting): requests per hour, complexity per hour (`X-Complexity` is this
 * query's cost) and per-endpoint limits such as search's 30 a minute; resets are UTC epoch milliseconds (an older
 * version of the page said seconds, so small values are read as seconds).
 */
const retryAt = (response: Response): Date | undefined => {
  const after = retryAfter(response);
  if (after) return after;
  const cost = numberHeader(response, 'x-complexity') ?? 0;
  let latest: number | undefined;
  for (const bucket of ['endpoint-requests', 'requests', 'complexity']) {
    const remaining = numberHeader(response, `x-ratelimit-${bucket}-remaining`);
    const reset = numberHeader(response, `x-ratelimit-${bucket}-reset`);
    if (remaining === undefined || !reset) continue;
    const exhausted = bucket === 'complexity' ? remaining < Math.max(cost, 1) : remaining <= 0;
    if (exhausted) latest = Math.max(latest ?? 0, reset < 1e12 ? reset * 1000 : reset);
  }
  return latest === undefined ? undefined : new Date(latest);
};

/**
 * Linear puts GraphQL errors in HTTP 200 (partial success), 400 (RATELIMITED, invalid input) and
 * 401 (authentication) answers: read `errors[0].extensions` before the status.
 */
export const classifyLinear: Classifier = (response, body) => {
  const error = (body as { errors?: GraphqlError[] } | null)?.errors?.[0];
  const kind = `${error?.extensions?.code} ${error?.extensions?.type}`.toLowerCase();
  const text = error?.extensions?.userPresentableMessage ?? error?.message ?? `HTTP ${response.status}`;
  if (kind.includes('ratelimited') || response.status === 429) {
    return { code: 'RATE_LIMITED', message: 'Linear rate limit reached.', retryAt: retryAt(response) };
  }
  if (response.status === 401 || kind.includes('authentication')) {
    return { code: 'RECONNECT_REQUIRED', message: 'Linear no longer accepts its token.' };
  }
  if (response.status >= 500)
    return { code: 'UPSTREAM_UNAVAILABLE', message: `Linear answered HTTP ${response.status}.` };
  if (!error)
    return response.ok
      ? null
      : { code: 'UPSTREAM_ERROR', message: `Linear answered HTTP ${response.status}.` };
  // Linear's SDK error types (packages/sdk/src/error.ts) include "feature not accessible": the workspace's plan or
  // settings do not include what was asked (Customers, for one). Its HTTP status and code are UNCONFIRMED.
  if (/feature.not.accessible/.test(kind)) {
    return {
      code: 'FORBIDDEN',
      message: `Linear says this workspace cannot use this feature (${text}): a Linear admin must turn it on, or it needs another Linear plan.`,
    };
  }
  // A token without the scope an operation needs: wording UNCONFIRMED ("Invalid scope: `write` required" in
  // third-party captures), so any forbidden answer naming a scope is read as one.
  if ((kind.includes('forbidden') || response.status === 403) && /scope/i.test(`${error.message} ${text}`)) {
    return {
      code: 'FORBIDDEN',
      message: `This Linear connection was not granted what this needs (${error.message ?? text}). Reconnect it in ${SETTINGS} and approve all the access Linear asks for.`,
    };
  }
  if (kind.includes('forbidden') || response.status === 403)
    return { code: 'FORBIDDEN', message: `Linear refused: ${text}` };
  if (/already exists/i.test(text)) return { code: 'ALREADY_EXISTS', message: text };
  if (/not found|could not find/i.test(`${error.message} ${text}`))
    return { code: 'NOT_FOUND', message: `Linear: ${text}` };
  if (kind.includes('invalid'))
    return { code: 'INVALID_INPUT', message: `Linear rejected the input: ${text}` };
  return { code: 'UPSTREAM_ERROR', message: `Linear answered with an error: ${text}` };
};
