import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WORKSPACE_ID } from '../../support/fake-twenty.ts';
import { backgroundContext, runFunction } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';

const up = setupUpstreams();
const STAGE = 'src/functions/automations/opportunity-stage-to-slack.ts';
const RECORD_ID = '8b1c7a52-3f0e-4c1d-9a55-2c6f1e0b9d41';

/** An opportunity as Twenty stores it: many more fields than the automation reads. */
const opportunity = (stage: string | null) => ({
  id: RECORD_ID,
  name: 'Acme Robotics — fleet renewal',
  amount: { amountMicros: 125_000_000_000, currencyCode: 'USD' },
  closeDate: '2026-12-15T00:00:00.000Z',
  stage,
  position: 3,
  companyId: 'f3a1b2c4-0000-4000-8000-00000000c0de',
  pointOfContactId: null,
  createdBy: { source: 'MANUAL', workspaceMemberId: 'member-of-uw-ada', name: 'Ada Lovelace' },
  createdAt: '2026-09-01T10:00:00.000Z',
  updatedAt: '2026-11-23T09:30:00.000Z',
  deletedAt: null,
});

/** The payload Twenty's database-event trigger sends for `opportunity.updated`. */
const stageEvent = (from: string | null, to: string | null) => ({
  name: 'opportunity.updated',
  workspaceId: WORKSPACE_ID,
  objectMetadata: { id: '4e0f3c7a-0000-4000-8000-0000000000aa', nameSingular: 'opportunity' },
  recordId: RECORD_ID,
  properties: {
    before: opportunity(from),
    after: opportunity(to),
    diff: { stage: { before: from, after: to } },
    updatedFields: ['stage'],
  },
});

const salesMessages = () =>
  (
    up.slack.view() as {
      channels: { name: string; messages: { text: string; author: string; notifies: string[] }[] }[];
    }
  ).channels.find((c) => c.name === 'sales')!.messages;
const shareSlack = () => up.mintConnection('slack', { visibility: 'workspace', userWorkspaceId: 'uw-ada' });

beforeEach(() => {
  process.env.OPPORTUNITY_STAGE_SLACK_CHANNEL = '#sales';
});
afterEach(() => {
  delete process.env.OPPORTUNITY_STAGE_SLACK_CHANNEL;
});

describe('opportunity-stage-to-slack (database event)', () => {
  it('posts "moved from X to Y" with the name and amount to the configured channel', async () => {
    shareSlack();
    const result = await runFunction(STAGE, stageEvent('MEETING', 'PROPOSAL'), backgroundContext());
    expect(result).toMatchObject({
      success: true,
      message: { channel: 'C0ACMESALES', ts: expect.any(String) },
    });
    expect(salesMessages()).toEqual([
      expect.objectContaining({
        author: 'Twenty Connect',
        text: 'Opportunity *Acme Robotics — fleet renewal* (125,000 USD) moved from MEETING to *PROPOSAL*.',
      }),
    ]);
    expect(up.slack.calls().map((c) => c.operation)).toEqual(['chat.postMessage']);
  });

  it('escapes CRM names and stages, so an opportunity named <!channel> notifies nobody', async () => {
    shareSlack();
    const event = stageEvent('<!here>', 'WON <@U0ACMEADA01>');
    event.properties.after.name = '<!channel> Big & <https://evil.test|deal>';
    event.properties.after.amount.currencyCode = '<!everyone>';
    const result = await runFunction(STAGE, event, backgroundContext());
    expect(result).toMatchObject({ success: true });
    const [message] = salesMessages();
    expect(message!.notifies).toEqual([]);
    expect(message!.text).toBe(
      'Opportunity *&lt;!channel&gt; Big &amp; &lt;https://evil.test|deal&gt;* (125,000 &lt;!everyone&gt;) ' +
        'moved from &lt;!here&gt; to *WON &lt;@U0ACMEADA01&gt;*.',
    );
  });

  it('says "moved to Y" when the opportunity had no stage before', async () => {
    shareSlack();
    await runFunction(STAGE, stageEvent(null, 'NEW'), backgroundContext());
    expect(salesMessages()[0]!.text).toBe(
      'Opportunity *Acme Robotics — fleet renewal* (125,000 USD) moved to *NEW*.',
    );
  });

  it('skips when the stage did not change, posting nothing', async () => {
    shareSlack();
    const result = await runFunction(STAGE, stageEvent('PROPOSAL', 'PROPOSAL'), backgroundContext());
    expect(result).toEqual({
      success: true,
      skipped: true,
      reason: `Opportunity ${RECORD_ID}: stage did not change.`,
    });
    expect(up.slack.calls()).toEqual([]);
  });

  it('skips, saying which setting to fill, when no channel is configured', async () => {
    delete process.env.OPPORTUNITY_STAGE_SLACK_CHANNEL;
    shareSlack();
    const result = await runFunction(STAGE, stageEvent('MEETING', 'PROPOSAL'), backgroundContext());
    expect(result).toMatchObject({ success: true, skipped: true });
    expect(result.reason).toContain('OPPORTUNITY_STAGE_SLACK_CHANNEL');
    expect(up.slack.calls()).toEqual([]);
    expect(up.twenty.requests).toEqual([]);
  });

  it('skips when no workspace-shared Slack connection exists, never using a personal one', async () => {
    up.mintConnection('slack', { visibility: 'user', userWorkspaceId: 'uw-ada' });
    const result = await runFunction(STAGE, stageEvent('MEETING', 'PROPOSAL'), backgroundContext());
    expect(result).toMatchObject({ success: true, skipped: true });
    expect(result.reason).toContain('No workspace-shared Slack connection');
    expect(up.slack.calls()).toEqual([]);
    expect(up.twenty.kv.get('automation-skipped:opportunity-stage-to-slack')).toMatchObject({
      reason: result.reason,
    });
  });

  it.each([
    ['no properties', { recordId: RECORD_ID }],
    ['no after record', { recordId: RECORD_ID, properties: { before: opportunity('MEETING') } }],
    ['a numeric stage', { recordId: RECORD_ID, properties: { after: { ...opportunity(null), stage: 7 } } }],
    ['no record id', { properties: { after: opportunity('WON') } }],
    ['not an object', 'opportunity.updated'],
  ])('rejects a malformed payload (%s) with INVALID_INPUT, posting nothing', async (_what, payload) => {
    shareSlack();
    const result = await runFunction(STAGE, payload, backgroundContext({ retryCount: 0, maxRetries: 3 }));
    expect(result).toMatchObject({ success: false, code: 'INVALID_INPUT', fields: expect.any(Array) });
    expect(result.error).toMatch(/^Invalid /);
    expect(up.slack.calls()).toEqual([]);
  });

  it('asks Twenty to retry when Slack rate-limits for long and retries remain', async () => {
    shareSlack();
    up.slack.failNext({ kind: 'rate-limit', retryAfterSeconds: 600 });
    const error = await runFunction(
      STAGE,
      stageEvent('MEETING', 'PROPOSAL'),
      backgroundContext({ retryCount: 0, maxRetries: 2 }),
    ).then(
      () => null,
      (thrown: Error) => thrown,
    );
    expect(error?.name).toBe('RetryableLogicFunctionError');
    expect(salesMessages()).toEqual([]);
  });

  it('does not ask for a retry after a Slack 5xx on the post, which may have gone through', async () => {
    shareSlack();
    up.slack.failNext({ kind: 'server-error' });
    const result = await runFunction(
      STAGE,
      stageEvent('MEETING', 'PROPOSAL'),
      backgroundContext({ retryCount: 0, maxRetries: 2 }),
    );
    expect(result).toMatchObject({ success: false, code: 'UPSTREAM_UNAVAILABLE' });
    expect(result.error).toContain('may have been applied');
    expect(up.slack.calls()).toHaveLength(1);
  });
});
