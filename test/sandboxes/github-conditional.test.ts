import { describe, expect, it } from 'vitest';
import { createGithubSandbox } from '../../local/sandboxes/github/github.sandbox.ts';

const sandbox = createGithubSandbox({ now: () => Date.parse('2026-03-20T12:00:00Z') });
const ada = sandbox.mintToken({ account: 'ada-acme', scopes: ['repo'] }).accessToken;
const grace = sandbox.mintToken({ account: 'grace-acme', scopes: ['repo'] }).accessToken;

const get = (token: string, path: string, ifNoneMatch?: string) =>
  sandbox.handle(
    new Request(`https://api.github.com${path}`, {
      headers: {
        'user-agent': 'twenty-connect-tests',
        authorization: `Bearer ${token}`,
        ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}),
      },
    }),
  );

describe('GitHub sandbox conditional requests', () => {
  const ISSUE = '/repos/acme-robotics/website/issues/2';

  it('tags a GET with a weak ETag and answers 304 without a body, and without rate-limit use', async () => {
    const first = await get(ada, ISSUE);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    const used = first.headers.get('x-ratelimit-used');
    const again = await get(ada, ISSUE, etag);
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('x-ratelimit-used')).toBe(used);
  });

  it('compares weakly: the bare tag, one of a list, or * match', async () => {
    const etag = (await get(ada, ISSUE)).headers.get('etag')!;
    expect((await get(ada, ISSUE, etag.slice(2))).status).toBe(304);
    expect((await get(ada, ISSUE, `"nope", ${etag}`)).status).toBe(304);
    expect((await get(ada, ISSUE, '*')).status).toBe(304);
    expect((await get(ada, ISSUE, 'W/"nope"')).status).toBe(200);
  });

  it('gives each viewer their own tag, as GitHub varies answers by Authorization', async () => {
    const adaTag = (await get(ada, ISSUE)).headers.get('etag')!;
    expect((await get(grace, ISSUE, adaTag)).status).toBe(200);
  });

  it('answers a private repository the viewer cannot see with 404, and state_reason as stored', async () => {
    expect((await get(grace, '/repos/acme-robotics/firmware/issues/1')).status).toBe(404);
    expect((await get(grace, '/repos/acme-robotics/firmware')).status).toBe(404);
    const notPlanned = (await (await get(grace, '/repos/grace-acme/garden-sensors/issues/3')).json()) as {
      state_reason: string;
    };
    expect(notPlanned.state_reason).toBe('not_planned');
    const merged = (await (await get(grace, '/repos/grace-acme/garden-sensors/issues/1')).json()) as {
      pull_request: { merged_at: string | null };
      state_reason: string | null;
    };
    expect(merged).toMatchObject({ pull_request: { merged_at: '2024-05-04T08:00:00Z' }, state_reason: null });
  });
});

describe('GitHub sandbox repository issue list (issues/list-for-repo)', () => {
  const LIST = '/repos/acme-robotics/website/issues?state=all&sort=updated&direction=asc&per_page=100';
  type Listed = { number: number; updated_at: string; state: string }[];

  it('lists issues and pull requests updated after `since`, oldest change first', async () => {
    const all = (await (await get(ada, LIST)).json()) as Listed;
    expect(all.length).toBeGreaterThan(1);
    const times = all.map((i) => i.updated_at);
    expect([...times].sort()).toEqual(times);
    const since = all[0]!.updated_at;
    const later = (await (await get(ada, `${LIST}&since=${encodeURIComponent(since)}`)).json()) as Listed;
    expect(later.map((i) => i.number)).toEqual(all.filter((i) => i.updated_at > since).map((i) => i.number));
  });

  it('lists open issues only by default, and refuses an unknown state or a bad since', async () => {
    const open = (await (await get(ada, '/repos/acme-robotics/website/issues')).json()) as Listed;
    expect(open.every((i) => i.state === 'open')).toBe(true);
    expect((await get(ada, '/repos/acme-robotics/website/issues?state=any')).status).toBe(422);
    expect((await get(ada, '/repos/acme-robotics/website/issues?since=yesterday')).status).toBe(422);
    expect((await get(grace, '/repos/acme-robotics/firmware/issues')).status).toBe(404);
  });

  it('answers the same list 304 for its ETag, free, and 200 again once an issue changed', async () => {
    const first = await get(ada, LIST);
    const etag = first.headers.get('etag')!;
    const used = first.headers.get('x-ratelimit-used');
    const again = await get(ada, LIST, etag);
    expect(again.status).toBe(304);
    expect(again.headers.get('x-ratelimit-used')).toBe(used);
    const state = sandbox.exportState() as { data: { issues: { number: number; title: string }[] } };
    const issue = state.data.issues.find((i) => i.title === 'Add a dark mode')!;
    issue.title = 'Add a dark mode (system preference)';
    sandbox.importState(state);
    expect((await get(ada, LIST, etag)).status).toBe(200);
  });

  it('pages with a Link header that keeps the query', async () => {
    const page = await get(ada, `${LIST.replace('per_page=100', 'per_page=1')}`);
    expect(page.headers.get('link')).toContain('rel="next"');
    expect(page.headers.get('link')).toContain('state=all');
  });
});
