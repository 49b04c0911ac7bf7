import { describe, expect, it } from 'vitest';
import { createLinearSandbox } from '../../local/sandboxes/linear/linear.sandbox.ts';

const SEARCH = 'query Search($term: String!) { searchIssues(term: $term, first: 5) { nodes { id } } }';
const VIEWER = 'query Viewer { viewer { id name } }';
// 1 + 100 × (1 + 0.1 + (1 + 80 × (1 + 0.2))) = 9,811 points: under Linear's 10,000 per query.
const HEAVY = 'query Heavy { issues(first: 100) { nodes { id comments(first: 80) { nodes { id body } } } } }';

function setup(clock = { now: Date.UTC(2026, 10, 28, 9) }) {
  const sandbox = createLinearSandbox({ now: () => clock.now });
  const { accessToken } = sandbox.mintToken();
  const call = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await sandbox.handle(
      new Request('https://api.linear.app/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ query, variables }),
      }),
    );
    const header = (name: string) => response.headers.get(name);
    return {
      status: response.status,
      body: await response.json(),
      header,
      number: (n: string) => Number(header(n)),
    };
  };
  return { sandbox, call, clock };
}

describe('Linear sandbox rate limits', () => {
  it('sends the complexity headers on every executed query, and endpoint headers only on limited operations', async () => {
    const { call, clock } = setup();
    const viewer = await call(VIEWER);
    expect(viewer.number('X-Complexity')).toBeGreaterThan(0);
    expect(viewer.number('X-RateLimit-Complexity-Limit')).toBeGreaterThan(0);
    expect(viewer.number('X-RateLimit-Complexity-Remaining')).toBe(
      viewer.number('X-RateLimit-Complexity-Limit') - viewer.number('X-Complexity'),
    );
    expect(viewer.number('X-RateLimit-Complexity-Reset')).toBe(clock.now + 3_600_000);
    expect(viewer.header('X-RateLimit-Endpoint-Name')).toBeNull();

    const search = await call(SEARCH, { term: 'x' });
    expect(search.header('X-RateLimit-Endpoint-Name')).toBe('searchIssues');
    expect(search.number('X-RateLimit-Endpoint-Requests-Limit')).toBe(30);
    expect(search.number('X-RateLimit-Endpoint-Requests-Remaining')).toBe(29);
    expect(search.number('X-RateLimit-Endpoint-Requests-Reset')).toBe(clock.now + 60_000);
  });

  it('refuses the 31st search within a minute with RATELIMITED, leaves other queries alone, and searches again after the minute', async () => {
    const { call, clock } = setup();
    const start = clock.now;
    for (let search = 0; search < 30; search++) {
      clock.now = start + search * 1000;
      expect((await call(SEARCH, { term: 'x' })).status).toBe(200);
    }
    const refused = await call(SEARCH, { term: 'x' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATELIMITED', type: 'ratelimited' });
    expect(refused.body.data).toBeUndefined();
    expect(refused.number('X-RateLimit-Endpoint-Requests-Remaining')).toBe(0);
    expect(refused.number('X-RateLimit-Endpoint-Requests-Reset')).toBe(start + 60_000);
    expect(refused.number('X-RateLimit-Requests-Remaining')).toBeGreaterThan(0);
    expect(refused.number('X-RateLimit-Requests-Reset')).toBe(start + 3_600_000);

    expect((await call(VIEWER)).status).toBe(200);
    clock.now = start + 60_000;
    expect((await call(SEARCH, { term: 'x' })).status).toBe(200);
  });

  it('refuses a query whose complexity exceeds what is left of the hourly complexity budget', async () => {
    const { call } = setup();
    let last = await call(HEAVY);
    expect(last.number('X-Complexity')).toBe(9811);
    while (last.status === 200) last = await call(HEAVY);
    expect(last.status).toBe(400);
    expect(last.body.errors[0].extensions.code).toBe('RATELIMITED');
    expect(last.number('X-RateLimit-Complexity-Remaining')).toBeLessThan(last.number('X-Complexity'));
    expect(last.number('X-RateLimit-Requests-Remaining')).toBeGreaterThan(0);
    expect((await call(VIEWER)).status).toBe(200);
  });
});
