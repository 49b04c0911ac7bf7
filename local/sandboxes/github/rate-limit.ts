import type { ApiResult, RateWindow } from './api-context.ts';

export type RateResource = 'core' | 'search';

export type RateLimitState = Record<string, RateWindow>;

/** Primary limits: 5,000/h per user (shared by all their tokens), 60/h unauthenticated; search 30/min (10). */
const LIMITS: Record<RateResource, { user: number; anonymous: number; windowSeconds: number }> = {
  core: { user: 5000, anonymous: 60, windowSeconds: 3600 },
  search: { user: 30, anonymous: 10, windowSeconds: 60 },
};

const PRIMARY_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
const SECONDARY_DOCS =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

/** Primary rate-limit bookkeeping per subject (user id, or the caller's address when unauthenticated). */
export class RateLimiter {
  #windows: RateLimitState = {};

  constructor(private readonly now: () => number) {}

  #window(subject: string | undefined, resource: RateResource): RateWindow {
    const key = `${subject ?? 'anonymous'}:${resource}`;
    const nowSeconds = Math.floor(this.now() / 1000);
    const current = this.#windows[key];
    if (current && current.resetAt > nowSeconds) return current;
    const limits = LIMITS[resource];
    const fresh = {
      limit: subject === undefined ? limits.anonymous : limits.user,
      used: 0,
      resetAt: nowSeconds + limits.windowSeconds,
    };
    this.#windows[key] = fresh;
    return fresh;
  }

  /** Counts one request; `exceeded` when the budget was already spent. */
  consume(subject: string | undefined, resource: RateResource): { window: RateWindow; exceeded: boolean } {
    const window = this.#window(subject, resource);
    if (window.used >= window.limit) return { window, exceeded: true };
    window.used += 1;
    return { window, exceeded: false };
  }

  /** Gives back one counted request: an authorized conditional request answered 304 is free. */
  refund(subject: string | undefined, resource: RateResource): RateWindow {
    const window = this.#window(subject, resource);
    window.used = Math.max(0, window.used - 1);
    return window;
  }

  peek(subject: string | undefined, resource: RateResource): RateWindow {
    return this.#window(subject, resource);
  }

  exportState(): RateLimitState {
    return structuredClone(this.#windows);
  }

  importState(state: RateLimitState | undefined): void {
    this.#windows = structuredClone(state ?? {});
  }
}

/** The `x-ratelimit-*` headers GitHub sends on every REST response. */
export function rateLimitHeaders(window: RateWindow, resource: RateResource): Record<string, string> {
  return {
    'x-ratelimit-limit': String(window.limit),
    'x-ratelimit-remaining': String(Math.max(0, window.limit - window.used)),
    'x-ratelimit-used': String(window.used),
    'x-ratelimit-reset': String(window.resetAt),
    'x-ratelimit-resource': resource,
  };
}

/** Primary limit exceeded: 403 with `x-ratelimit-remaining: 0` (clients must wait for `x-ratelimit-reset`). */
export function primaryLimitResponse(input: {
  window: RateWindow;
  resource: RateResource;
  userId?: number;
  requestId: string;
  now: number;
}): ApiResult {
  const who = input.userId === undefined ? '127.0.0.1' : `user ID ${input.userId}`;
  const stamp = new Date(input.now)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '');
  return {
    status: 403,
    body: {
      message: `API rate limit exceeded for ${who}. If you reach out to GitHub Support for help, please include the request ID ${input.requestId} and timestamp ${stamp} UTC.`,
      documentation_url: PRIMARY_DOCS,
      status: '403',
    },
    headers: { ...rateLimitHeaders({ ...input.window, used: input.window.limit }, input.resource) },
  };
}

/** Secondary limit: 429 with `retry-after` (seconds) while the primary budget still has room. */
export function secondaryLimitResponse(input: { retryAfterSeconds: number; requestId: string }): ApiResult {
  return {
    status: 429,
    body: {
      message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${input.requestId}.`,
      documentation_url: SECONDARY_DOCS,
      status: '429',
    },
    headers: { 'retry-after': String(input.retryAfterSeconds) },
  };
}
