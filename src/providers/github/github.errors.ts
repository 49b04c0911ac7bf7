import type { Classifier } from '../../core/http';

type GithubError = { message?: string; errors?: { field?: string; code?: string; message?: string }[] };

/**
 * GitHub: 401 bad credentials; 403/429 is a rate limit when `x-ratelimit-remaining: 0` (primary, wait for
 * `x-ratelimit-reset` epoch seconds) or with `retry-after` / a "secondary rate limit" message (wait at
 * least 60 s); other 403s are permissions; 404 also hides private repos; 410 issues disabled; 422 names fields.
 */
export const classifyGithub: Classifier = (response, body) => {
  const { status, headers } = response;
  // 304: the resource is unchanged since the ETag sent in If-None-Match (conditional request).
  if (status < 300 || status === 304) return null;
  const error = (body ?? {}) as GithubError;
  const message = error.message ?? `HTTP ${status}`;
  if (status === 401) return { code: 'RECONNECT_REQUIRED', message: 'GitHub answered "Bad credentials".' };
  if (status === 403 || status === 429) {
    const retryAfter = Number(headers.get('retry-after'));
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (retryAfter > 0)
      return { code: 'RATE_LIMITED', message, retryAt: new Date(Date.now() + retryAfter * 1000) };
    if (headers.get('x-ratelimit-remaining') === '0' && reset > 0) {
      return { code: 'RATE_LIMITED', message, retryAt: new Date(reset * 1000) };
    }
    if (status === 429 || /rate limit/i.test(message)) {
      return { code: 'RATE_LIMITED', message, retryAt: new Date(Date.now() + 60_000) };
    }
    return { code: 'FORBIDDEN', message: `GitHub refused: ${message}` };
  }
  if (status === 404) {
    return {
      code: 'NOT_FOUND',
      message: 'GitHub found nothing there, or this account cannot see it (private repositories answer 404).',
    };
  }
  if (status === 410) return { code: 'FORBIDDEN', message: 'Issues are disabled on this repository.' };
  if (status === 422) {
    const problems = error.errors ?? [];
    return {
      code: 'INVALID_INPUT',
      message: `GitHub rejected the input: ${problems.map((p) => p.message ?? `${p.field} ${p.code}`).join('; ') || message}`,
      fields: problems.flatMap((p) => (p.field ? [p.field] : [])),
    };
  }
  if (status >= 500) return { code: 'UPSTREAM_UNAVAILABLE', message: `GitHub answered HTTP ${status}.` };
  return { code: 'UPSTREAM_ERROR', message: `GitHub answered HTTP ${status}: ${message}` };
};
