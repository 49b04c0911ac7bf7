import { describe, expect, it } from 'vitest';
import { runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const LIST_TEAMS = 'src/functions/linear/linear-list-teams.ts';

describe('linear-list-teams', () => {
  it('lists the teams the member’s own connection can see', async () => {
    const mine = up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    const result = await runTool(LIST_TEAMS, {}, 'uw-ada');
    expect(result).toMatchObject({
      success: true,
      connection: { id: mine.id, name: mine.name, visibility: 'user' },
      teams: [
        { key: 'ENG', name: 'Engineering' },
        { key: 'OPS', name: 'Operations' },
      ],
    });
    expect(up.linear.calls().map((c) => c.operation)).toEqual(['teams']);
    up.expectNoSecrets(result);
  });
});
