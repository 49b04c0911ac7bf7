import { afterEach, describe, expect, it } from 'vitest';
import { backgroundContext, type Loose, runFunction } from '../../support/run-function.ts';
import { operationsOf } from '../../support/sandbox-views.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import {
  channelMessages,
  configureDigest as configure,
  DIGEST_SETTINGS,
  touchLinearIssue,
} from './digest-helpers.ts';

const up = setupUpstreams();
const DIGEST = 'src/functions/automations/linear-digest.ts';
const LAST_RUN = 'linear-digest:last-run';
const shareLinear = () =>
  up.mintConnection('linear', { visibility: 'workspace', userWorkspaceId: 'uw-ada', name: 'Acme Linear' });
const shareSlack = () => up.mintConnection('slack', { visibility: 'workspace', userWorkspaceId: 'uw-ada' });
const runDigest = (context = backgroundContext()) => runFunction(DIGEST, {}, context);
const engineeringMessages = () => channelMessages(up.slack, 'engineering');

afterEach(() => {
  for (const name of DIGEST_SETTINGS) delete process.env[name];
});

describe('linear-digest (cron)', () => {
  it('skips with the reason when the settings are empty, making no call at all', async () => {
    shareLinear();
    shareSlack();
    const result = await runDigest();
    expect(result).toEqual({
      success: true,
      skipped: true,
      reason: expect.stringContaining('LINEAR_DIGEST_TEAMS and LINEAR_DIGEST_SLACK_CHANNEL'),
    });
    expect(up.linear.calls()).toEqual([]);
    expect(up.slack.calls()).toEqual([]);
    expect(up.twenty.requests).toEqual([]);
  });

  it('skips when only personal Linear connections exist, never using their tokens', async () => {
    configure();
    up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-grace' });
    shareSlack();
    const result = await runDigest();
    expect(result).toMatchObject({ success: true, skipped: true });
    expect(result.reason).toContain('No workspace-shared Linear connection');
    expect(up.linear.calls()).toEqual([]);
    expect(up.slack.calls()).toEqual([]);
    // Recorded for the health check, and cleared by the next run that does its work.
    expect(up.twenty.kv.get('automation-skipped:linear-digest')).toEqual({
      reason: result.reason,
      at: expect.any(String),
    });
    shareLinear();
    expect(await runDigest()).toMatchObject({ success: true, posted: expect.any(Number) });
    expect(up.twenty.kv.has('automation-skipped:linear-digest')).toBe(false);
  });

  it('skips when only personal Slack connections exist, never using their tokens', async () => {
    configure();
    shareLinear();
    up.mintConnection('slack', { visibility: 'user', userWorkspaceId: 'uw-grace' });
    const result = await runDigest();
    expect(result).toMatchObject({ success: true, skipped: true });
    expect(result.reason).toContain('No workspace-shared Slack connection');
    expect(up.slack.calls()).toEqual([]);
    expect(up.linear.calls()).toEqual([]);
    expect(up.twenty.kv.has(LAST_RUN)).toBe(false);
  });

  it('posts the recently updated issues of the configured teams with the shared connections only', async () => {
    configure('eng', '#engineering');
    const linear = shareLinear();
    const slack = shareSlack();
    const personal = [
      up.mintConnection('linear', { visibility: 'user', userWorkspaceId: 'uw-grace' }),
      up.mintConnection('slack', { visibility: 'user', userWorkspaceId: 'uw-grace' }),
    ];
    const tokens: string[] = [];
    up.server.events.on('request:start', ({ request }) => {
      const header = request.headers.get('authorization');
      if (!request.url.startsWith('http://twenty.test') && header) tokens.push(header.replace('Bearer ', ''));
    });
    const result = await runDigest();
    up.server.events.removeAllListeners('request:start');
    expect(result).toMatchObject({ success: true, posted: 2, message: { channel: 'C0ACMEENGNR' } });
    const [message] = engineeringMessages();
    expect(engineeringMessages()).toHaveLength(1);
    expect(message!.author).toBe('Twenty Connect');
    expect(message!.text.split('\n')[0]).toBe('*Linear: 2 issues updated in ENG*');
    expect(message!.text).toContain(
      '|ENG-1> Gripper firmware drops CAN frames under load — In Progress (Ada Lovelace)',
    );
    expect(message!.text).toContain(
      '|ENG-2> Add telemetry export to the fleet dashboard — Todo (Grace Hopper)',
    );
    expect(message!.text).not.toMatch(/ENG-3|OPS-/);
    expect(new Set(tokens)).toEqual(new Set([linear.accessToken, slack.accessToken]));
    expect(tokens).not.toContain(personal[0]!.accessToken);
    // Slack gives every install of the app in one Slack workspace the same bot token, so the personal Slack
    // connection holds the shared one's token: "skips when only personal Slack connections exist" covers it.
    expect(personal[1]!.accessToken).toBe(slack.accessToken);
    expect(up.linear.calls()[0]!.body).toMatchObject({
      variables: { filter: { team: { key: { in: ['ENG'] } }, updatedAt: { gt: expect.any(String) } } },
    });
    expect(up.twenty.kv.get(LAST_RUN)).toEqual(expect.any(String));
  });

  it('escapes Linear titles, states and names, so a title such as <!channel> notifies nobody', async () => {
    configure();
    shareLinear();
    shareSlack();
    const state = up.linear.exportState() as Loose;
    const eng1 = state.data.issues.find((i: Loose) => i.number === 1 && i.title.startsWith('Gripper'));
    eng1.title = 'Hot fix <!channel> & <https://evil.test|click here>';
    state.data.users.find((u: Loose) => u.id === eng1.assigneeId).name = '<!here> Ada';
    state.data.states.find((w: Loose) => w.id === eng1.stateId).name = '<@U0ACMEGRC02>';
    up.linear.importState(state);

    expect(await runDigest()).toMatchObject({ success: true, posted: 2 });
    const [message] = engineeringMessages() as Loose[];
    expect(message.notifies).toEqual([]);
    expect(message.text).toContain(
      '|ENG-1> Hot fix &lt;!channel&gt; &amp; &lt;https://evil.test|click here&gt; — &lt;@U0ACMEGRC02&gt; (&lt;!here&gt; Ada)',
    );
    // The issue link itself stays a link.
    expect(message.text).toMatch(/• <https:\/\/linear\.app\/[^|>]+\|ENG-1>/);
  });

  it('reaches as far back as LINEAR_DIGEST_LOOKBACK_HOURS on the first run', async () => {
    configure('ENG,OPS');
    process.env.LINEAR_DIGEST_LOOKBACK_HOURS = '48';
    shareLinear();
    shareSlack();
    const result = await runDigest();
    expect(result.posted).toBe(5);
    expect(engineeringMessages()[0]!.text).toMatch(/ENG-3.*Upgrade motion planner/);
  });

  it('remembers the last run: the next run posts nothing until an issue changes, then only that issue', async () => {
    configure();
    shareLinear();
    shareSlack();
    await runDigest();
    const second = await runDigest();
    expect(second).toMatchObject({ success: true, skipped: true });
    expect(second.reason).toContain('nothing posted');
    expect(engineeringMessages()).toHaveLength(1);

    await touchLinearIssue(up.linear, 'ENG-3', 1);
    const third = await runDigest();
    expect(third).toMatchObject({ success: true, posted: 1 });
    const messages = engineeringMessages();
    expect(messages).toHaveLength(2);
    expect(messages[1]!.text).toContain('*Linear: 1 issue updated in ENG*');
    expect(messages[1]!.text).toContain('|ENG-3> Upgrade motion planner to the new kinematics library');
    expect(messages[1]!.text).not.toContain('ENG-1');
  });

  it('asks Twenty to retry (RetryableLogicFunctionError) when Linear rate-limits and retries remain', async () => {
    configure();
    shareLinear();
    shareSlack();
    up.linear.failNext({ kind: 'rate-limit', retryAfterSeconds: 3600 });
    const error = await runDigest(backgroundContext({ retryCount: 1, maxRetries: 3 })).then(
      () => null,
      (thrown: Error) => thrown,
    );
    expect(error?.name).toBe('RetryableLogicFunctionError');
    expect(error?.message).toContain('Try again at');
    expect(operationsOf(up.linear)).toEqual(['issues 400']);
    expect(up.slack.calls()).toEqual([]);
    // The window is not moved on, so the retried run covers the same issues.
    expect(up.twenty.kv.has(LAST_RUN)).toBe(false);
  });

  it('returns a RATE_LIMITED failure when no retry remains', async () => {
    configure();
    shareLinear();
    shareSlack();
    up.linear.failNext({ kind: 'rate-limit', retryAfterSeconds: 3600 });
    const result = await runDigest(backgroundContext({ retryCount: 3, maxRetries: 3 }));
    expect(result).toMatchObject({ success: false, code: 'RATE_LIMITED', retryAt: expect.any(String) });
    expect(up.slack.calls()).toEqual([]);
  });

  it('reports a bad look-back setting as invalid input, without retrying or calling out', async () => {
    configure();
    process.env.LINEAR_DIGEST_LOOKBACK_HOURS = 'a week';
    shareLinear();
    shareSlack();
    const result = await runDigest(backgroundContext({ retryCount: 0, maxRetries: 3 }));
    expect(result).toMatchObject({
      success: false,
      code: 'INVALID_INPUT',
      fields: ['LINEAR_DIGEST_LOOKBACK_HOURS'],
    });
    expect(up.linear.calls()).toEqual([]);
  });
});
