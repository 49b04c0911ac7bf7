import type { WorkItemFields } from '../../core/crm';
import type { Session } from '../../core/session';
import { githubRequest, githubUrl } from './github.client';
import { githubItemOf, type IssueBody } from './github.work-items';

/** GitHub's `per_page` maximum for `issues/list-for-repo` ("The number of results per page (max 100)"). */
const PER_PAGE = 100;
/** At most this many pages per repository and run; the watermark carries the rest over to the next run. */
const MAX_PAGES = 5;

export type RepositoryPoll =
  | { notModified: true; requests: 1 }
  | {
      notModified: false;
      /** Every issue and pull request the answer held, as work items named `owner/repo#n`. */
      items: WorkItemFields[];
      /** The first page's validator: it belongs to the request made with `since`. */
      etag: string | null;
      /** The latest `updated_at` seen (the answers come oldest change first), else `since`. */
      watermark: string | null;
      requests: number;
      /** More pages were left for the next run. */
      truncated: boolean;
    };

/**
 * The issues and pull requests of one repository changed after `since`, in one conditional request:
 * `GET /repos/{owner}/{repo}/issues?state=all&since=…&sort=updated&direction=asc&per_page=100`
 * (`issues/list-for-repo`: the issues endpoints return pull requests too; `since` "Only show results that were
 * last updated after the given time"). With the stored ETag as `If-None-Match`, GitHub answers 304 when nothing
 * changed, and "making a conditional request does not count against your primary rate limit if a 304 response
 * is returned and the request was made while correctly authorized with an Authorization header"
 * (docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
 * Oldest change first, so a run that stops after MAX_PAGES leaves the watermark where the next run resumes.
 * 404 (not visible to this connection) and 410 (issues disabled) are thrown as `NOT_FOUND`.
 */
export const pollRepository = async (
  session: Session,
  input: { owner: string; repo: string; since: string | null; etag: string | null },
): Promise<RepositoryPoll> => {
  const { owner, repo, since } = input;
  const operation = `list changed issues of ${owner}/${repo}`;
  const url = githubUrl(['repos', owner, repo, 'issues'], {
    state: 'all',
    since: since ?? undefined,
    sort: 'updated',
    direction: 'asc',
    per_page: PER_PAGE,
  });
  const first = await githubRequest<IssueBody[]>(session, {
    operation,
    method: 'GET',
    url,
    ifNoneMatch: input.etag,
  });
  if (first.status === 304) return { notModified: true, requests: 1 };
  const bodies = [...first.body];
  let next = first.next;
  let requests = 1;
  while (next && requests < MAX_PAGES) {
    const page = await githubRequest<IssueBody[]>(session, { operation, method: 'GET', url: next });
    bodies.push(...page.body);
    next = page.next;
    requests++;
  }
  const items = bodies.map((issue) => {
    const { etag: _, ...item } = githubItemOf({ owner, repo, number: issue.number }, issue, null);
    return item;
  });
  const watermark = items.reduce<string | null>(
    (latest, item) =>
      item.upstreamUpdatedAt && (!latest || Date.parse(item.upstreamUpdatedAt) > Date.parse(latest))
        ? item.upstreamUpdatedAt
        : latest,
    since,
  );
  return { notModified: false, items, etag: first.etag, watermark, requests, truncated: next !== null };
};
