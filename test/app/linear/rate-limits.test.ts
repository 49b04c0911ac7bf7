import { describe, expect, it } from 'vitest';
import { runTool } from '../../support/run-function.ts';
import { operationsOf } from '../../support/sandbox-views.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const SEARCH = 'src/functions/linear/linear-search-issues.ts';

describe('Linear rate limits, as the app reports them', () => {
  it('answers RATE_LIMITED at the search bucket reset (a minute), not the hourly requests reset, on the 31st search', async () => {
    up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    const firstSearchAt = Date.now();
    for (let search = 1; search <= 30; search++) {
      const result = await runTool(SEARCH, { query: 'gripper' }, 'uw-ada');
      expect(result.success, `search ${search}`).toBe(true);
    }

    const refused = await runTool(SEARCH, { query: 'gripper' }, 'uw-ada');

    expect(refused).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    // Linear's search allows 30 a minute (schema field descriptions): the window closes a minute after the first.
    const retryAt = Date.parse(refused.retryAt);
    expect(retryAt).toBeGreaterThan(Date.now());
    expect(retryAt).toBeGreaterThanOrEqual(firstSearchAt + 60_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(refused.error).toContain(refused.retryAt);
    // Waiting a minute does not fit a 30-second tool run: one refused call, no retry.
    expect(
      operationsOf(up.linear)
        .filter((op) => op.startsWith('searchIssues'))
        .slice(-2),
    ).toEqual(['searchIssues 200', 'searchIssues 400']);
    expect(operationsOf(up.linear)).toHaveLength(31);
  });
});
