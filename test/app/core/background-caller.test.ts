import { afterEach, describe, expect, it } from 'vitest';
import { WORKSPACE_ID } from '../../support/fake-twenty.ts';
import { backgroundContext, runFunction } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { configureDigest, DIGEST_SETTINGS } from '../automations/digest-helpers.ts';

/**
 * Background runs (cron, database events, hooks) act for the workspace, never for a member, even when
 * Twenty's context names one: a database event can carry the member whose edit fired it. Personal
 * ("Just for me") connections must stay out of reach of those runs.
 */
const up = setupUpstreams();
const DIGEST = 'src/functions/automations/linear-digest.ts';
const STAGE = 'src/functions/automations/opportunity-stage-to-slack.ts';
const GRACE = 'uw-grace';

/** A queued trigger's context that carries the member who caused it. */
const withMember = () =>
  backgroundContext({ userWorkspaceId: GRACE, workspaceMemberId: `member-of-${GRACE}` });

/** Every bearer token the app sent to a provider during `action`. */
const tokensUsedBy = async <T>(action: () => Promise<T>): Promise<{ result: T; tokens: Set<string> }> => {
  const tokens = new Set<string>();
  const listener = ({ request }: { request: Request }) => {
    const header = request.headers.get('authorization');
    if (!request.url.startsWith('http://twenty.test') && header) tokens.add(header.replace('Bearer ', ''));
  };
  up.server.events.on('request:start', listener);
  try {
    return { result: await action(), tokens };
  } finally {
    up.server.events.removeListener('request:start', listener);
  }
};

/**
 * Grace's own Slack connection, to a Slack workspace of her own: every connection to one Slack workspace holds
 * that workspace's one bot token (a reinstall returns the same token), so only a bot of another workspace
 * tells her connection from the shared one by the token the app sends. The sandbox does not know it: a run that
 * used it would also fail.
 */
const gracesOwnSlack = (name?: string) =>
  up.twenty.addConnection({
    provider: 'slack',
    visibility: 'user',
    userWorkspaceId: GRACE,
    name,
    accessToken: 'xoxb-grace-own-workspace-bot-token-0001',
  });

const stageEvent = (from: string, to: string) => ({
  name: 'opportunity.updated',
  workspaceId: WORKSPACE_ID,
  recordId: '8b1c7a52-3f0e-4c1d-9a55-2c6f1e0b9d41',
  properties: {
    before: { name: 'Acme renewal', stage: from },
    after: { name: 'Acme renewal', stage: to },
    updatedFields: ['stage'],
  },
  // Twenty puts the acting member on the event; the app must not act as them.
  workspaceMemberId: `member-of-${GRACE}`,
});

afterEach(() => {
  for (const name of DIGEST_SETTINGS) delete process.env[name];
  delete process.env.OPPORTUNITY_STAGE_SLACK_CHANNEL;
});

describe('a background run whose context names a member', () => {
  it('cron: the digest uses the workspace-shared connections, not the member’s personal ones', async () => {
    configureDigest();
    const personal = [
      up.mintConnection('linear', { visibility: 'user', userWorkspaceId: GRACE, name: 'Grace Linear' }),
      gracesOwnSlack('Grace Slack'),
    ];
    const shared = [
      up.mintConnection('linear', {
        visibility: 'workspace',
        userWorkspaceId: 'uw-ada',
        name: 'Team Linear',
      }),
      up.mintConnection('slack', { visibility: 'workspace', userWorkspaceId: 'uw-ada', name: 'Team Slack' }),
    ];
    const { result, tokens } = await tokensUsedBy(() => runFunction(DIGEST, {}, withMember()));
    expect(result).toMatchObject({ success: true, posted: 2 });
    expect(tokens).toEqual(new Set(shared.map((c) => c.accessToken)));
    for (const connection of personal) expect(tokens).not.toContain(connection.accessToken);
  });

  it('cron: skips when only the member’s personal connections exist, calling nothing', async () => {
    configureDigest();
    up.mintConnection('linear', { visibility: 'user', userWorkspaceId: GRACE });
    up.mintConnection('slack', { visibility: 'user', userWorkspaceId: GRACE });
    const result = await runFunction(DIGEST, {}, withMember());
    expect(result).toMatchObject({ success: true, skipped: true });
    expect(result.reason).toContain('No workspace-shared Linear connection');
    expect(up.linear.calls()).toEqual([]);
    expect(up.slack.calls()).toEqual([]);
  });

  it('database event: posts with the workspace-shared Slack connection, not the acting member’s', async () => {
    process.env.OPPORTUNITY_STAGE_SLACK_CHANNEL = '#sales';
    const personal = gracesOwnSlack();
    const shared = up.mintConnection('slack', { visibility: 'workspace', userWorkspaceId: 'uw-ada' });
    const { result, tokens } = await tokensUsedBy(() =>
      runFunction(STAGE, stageEvent('MEETING', 'PROPOSAL'), withMember()),
    );
    expect(result).toMatchObject({ success: true, message: { channel: 'C0ACMESALES' } });
    expect(tokens).toEqual(new Set([shared.accessToken]));
    expect(tokens).not.toContain(personal.accessToken);
  });

  it('database event: skips when only the acting member has a Slack connection', async () => {
    process.env.OPPORTUNITY_STAGE_SLACK_CHANNEL = '#sales';
    up.mintConnection('slack', { visibility: 'user', userWorkspaceId: GRACE });
    const result = await runFunction(STAGE, stageEvent('MEETING', 'PROPOSAL'), withMember());
    expect(result).toMatchObject({ success: true, skipped: true });
    expect(result.reason).toContain('No workspace-shared Slack connection');
    expect(up.slack.calls()).toEqual([]);
  });
});
