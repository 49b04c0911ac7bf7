import { describe, expect, it } from 'vitest';
import { runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const LIST = 'src/functions/github/github-list-repositories.ts';

/** One more connection of Ada's GitHub account (each connect issues a new token for the same user, app and scope). */
const connectAdaAgain = (name: string, visibility: 'user' | 'workspace' = 'user') =>
  up.mintConnection('github', {
    visibility,
    userWorkspaceId: 'uw-ada',
    account: 'ada-acme',
    name,
    scopes: ['repo'],
  });

describe('GitHub keeps at most 10 tokens per user, app and scope', () => {
  it('an 11th connection of the same GitHub account silently kills the oldest one', async () => {
    const oldest = connectAdaAgain('Acme GitHub', 'workspace');
    for (let index = 2; index <= 10; index++) connectAdaAgain(`Ada GitHub ${index}`);
    expect(await runTool(LIST, { connection: oldest.id, limit: 1 }, 'uw-ada')).toMatchObject({
      success: true,
    });

    const eleventh = connectAdaAgain('Ada GitHub 11');

    expect(await runTool(LIST, { connection: oldest.id, limit: 1 }, 'uw-ada')).toMatchObject({
      success: false,
      code: 'RECONNECT_REQUIRED',
    });
    expect(await runTool(LIST, { connection: eleventh.id, limit: 1 }, 'uw-ada')).toMatchObject({
      success: true,
    });
    expect(up.twenty.authFailureReports.map((report) => report.connectionId)).toEqual([oldest.id]);
  });
});
