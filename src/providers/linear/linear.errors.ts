import type { Classifier } from '../../core/http';

type GraphqlError = {
  message?: string;
  extensions?: { code?: string; type?: string; userPresentableMessage?: string };
};

/** X-RateLimit-*-Reset: Linear sends UTC epoch milliseconds (older docs said seconds). */
const resetAt = (response: Response): Date | undefined => {
  for (const kind of ['requests', 'complexity', 'endpoint-requests']) {
    const value = Number(response.headers.get(`x-ratelimit-${kind}-reset`));
    if (value > 0) return new Date(value < 1e12 ? value * 1000 : value);
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return retryAfter > 0 ? new Date(Date.now() + retryAfter * 1000) : undefined;
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
    return { code: 'RATE_LIMITED', message: 'Linear rate limit reached.', retryAt: resetAt(response) };
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
  if (kind.includes('forbidden') || response.status === 403)
    return { code: 'FORBIDDEN', message: `Linear refused: ${text}` };
  if (/already exists/i.test(text)) return { code: 'ALREADY_EXISTS', message: text };
  if (/not found|could not find/i.test(`${error.message} ${text}`))
    return { code: 'NOT_FOUND', message: `Linear: ${text}` };
  if (kind.includes('invalid'))
    return { code: 'INVALID_INPUT', message: `Linear rejected the input: ${text}` };
  return { code: 'UPSTREAM_ERROR', message: `Linear answered with an error: ${text}` };
};
