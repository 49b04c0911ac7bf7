import { describe, expect, it } from 'vitest';
import { type Loose, runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { connectSharedSlack, slackOperations } from './slack-helpers.ts';

const up = setupUpstreams();
const LIST = 'src/functions/slack/slack-list-channels.ts';

/** Adds `count` public channels to the seeded workspace, so the list spans several Slack pages. */
const addChannels = (count: number) => {
  const state = up.slack.exportState() as Loose;
  const template = state.data.channels.find((c: Loose) => c.name === 'engineering');
  for (let index = 0; index < count; index++) {
    const suffix = String(index).padStart(3, '0');
    state.data.channels.push({ ...structuredClone(template), id: `C0PROJ${suffix}`, name: `proj-${suffix}` });
  }
  up.slack.importState(state);
};

describe('slack-list-channels', () => {
  it('lists public channels and only the private ones the app is in, without archived ones', async () => {
    const shared = connectSharedSlack(up);
    const result = await runTool(LIST, {}, 'uw-grace');
    expect(result).toMatchObject({ success: true, connection: { id: shared.id, name: 'Acme Slack' } });
    expect(result.channels).toEqual([
      { id: 'C0ACMEGENRL', name: 'general', private: false, appIsMember: true },
      { id: 'C0ACMEENGNR', name: 'engineering', private: false, appIsMember: true },
      { id: 'C0ACMESALES', name: 'sales', private: false, appIsMember: false },
      { id: 'G0ACMEDEALS', name: 'deals', private: true, appIsMember: true },
    ]);
    expect(slackOperations(up.slack)).toEqual(['conversations.list 200']);
    expect(up.slack.calls()[0]!.body).toMatchObject({
      types: 'public_channel,private_channel',
      exclude_archived: true,
    });
    up.expectNoSecrets(result);
  });

  it('follows next_cursor across pages until the limit', async () => {
    connectSharedSlack(up);
    addChannels(450);
    const result = await runTool(LIST, { limit: 300 }, 'uw-grace');
    expect(result.channels).toHaveLength(300);
    expect(new Set(result.channels.map((c: Loose) => c.id)).size).toBe(300);
    const calls = up.slack.calls();
    expect(calls.map((c) => c.operation)).toEqual(['conversations.list', 'conversations.list']);
    expect(calls[0]!.body).not.toHaveProperty('cursor');
    expect(calls[1]!.body).toMatchObject({ cursor: expect.any(String) });
  });

  it('reads every page when the limit is above the number of channels', async () => {
    connectSharedSlack(up);
    addChannels(450);
    const result = await runTool(LIST, { limit: 1000 }, 'uw-grace');
    expect(result.channels).toHaveLength(454);
    expect(slackOperations(up.slack)).toEqual([
      'conversations.list 200',
      'conversations.list 200',
      'conversations.list 200',
    ]);
  });

  it('retries a read after Slack answers 429 with Retry-After 1', async () => {
    connectSharedSlack(up);
    up.slack.failNext({ kind: 'rate-limit', retryAfterSeconds: 1 });
    const result = await runTool(LIST, {}, 'uw-grace');
    expect(result.channels).toHaveLength(4);
    expect(slackOperations(up.slack)).toEqual(['conversations.list 429', 'conversations.list 200']);
  });

  it('answers FORBIDDEN naming the missing scope', async () => {
    connectSharedSlack(up, ['chat:write']);
    const result = await runTool(LIST, {}, 'uw-grace');
    expect(result).toMatchObject({ success: false, code: 'FORBIDDEN' });
    expect(result.error).toContain('channels:read');
    expect(up.twenty.authFailureReports).toEqual([]);
  });
});
