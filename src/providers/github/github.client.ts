import { AppError } from '../../core/app-error';
import { type Classifier, send } from '../../core/http';
import type { Session } from '../../core/session';
import { classifyGithub } from './github.errors';

const API = 'https://api.github.com';

/** What GitHub requires on every REST call (User-Agent is mandatory) and the pinned API version. */
export const GITHUB_HEADERS = {
  accept: 'application/vnd.github+json',
  'x-github-api-version': '2022-11-28',
  'user-agent': 'twenty-connect',
} as const;

/**
 * A path segment as data: percent-encoded. URLs resolve `.` and `..` even percent-encoded, and GitHub allows
 * neither as a name, so they are refused.
 */
const segment = (value: string | number) => {
  if (value === '.' || value === '..')
    throw new AppError('INVALID_INPUT', `"${value}" is not a GitHub name.`);
  return encodeURIComponent(String(value));
};

/** Builds an API URL from raw path segments, so `/`, `..` or `?` in input can never change the path. */
export const githubUrl = (
  segments: (string | number)[],
  query: Record<string, string | number | undefined> = {},
) => {
  const url = new URL(`${API}/${segments.map(segment).join('/')}`);
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) url.searchParams.set(key, String(value));
  return url.toString();
};

/**
 * One GitHub REST call with the headers GitHub requires (User-Agent is mandatory) and a pinned API version.
 * GitHub has no idempotency key: writes are `idempotent: false`, so they are only retried after a rate
 * limit (which guarantees nothing was applied).
 */
export const githubRequest = async <T>(
  session: Session,
  request: {
    operation: string;
    method: 'GET' | 'POST';
    url: string;
    body?: unknown;
    /** A validator from an earlier answer: GitHub then answers 304 when nothing changed. */
    ifNoneMatch?: string | null;
    classify?: Classifier;
  },
) => {
  const { ifNoneMatch, classify, ...rest } = request;
  const answer = await send(
    session,
    {
      ...rest,
      headers: {
        ...GITHUB_HEADERS,
        ...(request.body ? { 'content-type': 'application/json' } : {}),
        ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}),
      },
      body: request.body ? JSON.stringify(request.body) : undefined,
      idempotent: request.method === 'GET',
    },
    classify ?? classifyGithub,
  );
  const { headers, status } = answer.response;
  return {
    body: answer.body as T,
    next: nextLink(headers.get('link')),
    status,
    etag: headers.get('etag'),
  };
};

/** `Link: <https://api.github.com/...&page=2>; rel="next"`: follow the URL as given. */
const nextLink = (link: string | null): string | null => link?.match(/<([^>]+)>;\s*rel="next"/)?.[1] ?? null;

/** Follows `Link: rel="next"` until `limit` items. */
export const githubList = async <T>(session: Session, operation: string, url: string, limit: number) => {
  const items: T[] = [];
  let next: string | null = url;
  while (next && items.length < limit) {
    const page: { body: T[]; next: string | null } = await githubRequest<T[]>(session, {
      operation,
      method: 'GET',
      url: next,
    });
    items.push(...page.body);
    next = page.next;
  }
  return items.slice(0, limit);
};
