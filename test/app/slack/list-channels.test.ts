import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { type Loose, runTool } from '../../support/run-function.ts';
import { setupUpstreams } from '../../support/upstreams.ts';
import { connectSharedSlack, slackOperations } from './slack-helpers.ts';

const up = setupUpstreams();
const LIST = 'src/functions/slack/slack-list-channels.ts';
/** What the seeded workspace shows the bot: 3 named public channels + 240 project ones, 3 private ones. */
const VISIBLE = 246;

/** Adds `count` public channels to the seeded workspace, so the list spans more Slack pages. */
const addChannels = (count: number) => {
  const state = up.slack.exportState() as Loose;
  const template = state.data.channels.find((c: Loose) => c.name === 'engineering');
  for (let index = 0; index < count; index++) {
    const suffix = String(index).padStart(3, '0');
    state.data.channels.push({ ...structuredClone(template), id: `C0MORE${suffix}`, name: `more-${suffix}` });
  }
  up.slack.importState(state);
};

/** The arguments Slack read from each conversations.list call (form fields, as the sandbox logged them). */
const listArguments = () =>
  up.slack
    .calls()
    .filter((c) => c.operation === 'conversations.list')
    .map((c) => c.body as Loose);

describe('slack-list-channels', () => {
  it('lists every public channel and the private ones the app is in, across pages, without archived ones', async () => {
    const shared = connectSharedSlack(up);
    const result = await runTool(LIST, { limit: 1000 }, 'uw-grace');
    expect(result).toMatchObject({
      success: true,
      complete: true,
      connection: { id: shared.id, name: 'Acme Slack' },
    });
    expect(result.channels).toHaveLength(VISIBLE);
    expect(new Set(result.channels.map((c: Loose) => c.id)).size).toBe(VISIBLE);
    expect(result.channels.slice(0, 4)).toEqual([
      { id: 'C0ACMEGENRL', name: 'general', private: false, appIsMember: true },
      { id: 'C0ACMEENGNR', name: 'engineering', private: false, appIsMember: true },
      { id: 'C0ACMESALES', name: 'sales', private: false, appIsMember: false },
      { id: 'G0ACMEDEALS', name: 'deals', private: true, appIsMember: true },
    ]);
    // The private channels on the second page are there; the ones the app is not in are not.
    expect(result.channels.filter((c: Loose) => c.private).map((c: Loose) => c.name)).toEqual([
      'deals',
      'board',
      'hiring',
    ]);
    expect(result.channels.map((c: Loose) => c.name)).not.toContain('random');
    expect(slackOperations(up.slack)).toEqual(['conversations.list 200', 'conversations.list 200']);
    const [first, second] = listArguments();
    expect(first).toEqual({
      types: 'public_channel,private_channel',
      exclude_archived: 'true',
      limit: '200',
    });
    expect(second).toMatchObject({ types: 'public_channel,private_channel', cursor: expect.any(String) });
    up.expectNoSecrets(result);
  });

  it('stops at the limit, saying the list is not complete', async () => {
    connectSharedSlack(up);
    const result = await runTool(LIST, { limit: 150 }, 'uw-grace');
    expect(result).toMatchObject({ success: true, complete: false });
    expect(result.channels).toHaveLength(150);
    expect(slackOperations(up.slack)).toEqual(['conversations.list 200']);
  });

  it('follows next_cursor until the limit over several pages', async () => {
    connectSharedSlack(up);
    addChannels(450);
    const result = await runTool(LIST, { limit: 500 }, 'uw-grace');
    expect(result.channels).toHaveLength(500);
    expect(new Set(result.channels.map((c: Loose) => c.id)).size).toBe(500);
    const calls = listArguments();
    expect(calls).toHaveLength(3);
    expect(calls[0]).not.toHaveProperty('cursor');
    expect(new Set(calls.slice(1).map((c) => c.cursor)).size).toBe(2);
  });

  it('stops when Slack hands back a cursor it already gave, after two requests', async () => {
    connectSharedSlack(up);
    const page = (id: string) => ({
      ok: true,
      channels: [{ id, name: id.toLowerCase(), is_private: false, is_member: true }],
      response_metadata: { next_cursor: 'c2FtZQ==' },
    });
    let requests = 0;
    up.server.use(
      http.post('https://slack.com/api/conversations.list', () => {
        requests++;
        return HttpResponse.json(page(`C${requests}`));
      }),
    );
    const result = await runTool(LIST, { limit: 1000 }, 'uw-grace');
    expect(result).toMatchObject({ success: true, complete: false });
    expect(result.channels.map((c: Loose) => c.id)).toEqual(['C1', 'C2']);
    expect(requests).toBe(2);
  });

  it('stops after 10 pages when Slack keeps handing out new cursors', async () => {
    connectSharedSlack(up);
    let requests = 0;
    up.server.use(
      http.post('https://slack.com/api/conversations.list', () => {
        requests++;
        return HttpResponse.json({
          ok: true,
          channels: [{ id: `C${requests}`, name: `c${requests}`, is_private: false, is_member: true }],
          response_metadata: { next_cursor: `cursor-${requests}` },
        });
      }),
    );
    const result = await runTool(LIST, { limit: 1000 }, 'uw-grace');
    expect(result).toMatchObject({ success: true, complete: false });
    expect(result.channels).toHaveLength(10);
    expect(requests).toBe(10);
  });

  it('ends on a missing next_cursor', async () => {
    connectSharedSlack(up);
    up.server.use(
      http.post('https://slack.com/api/conversations.list', () =>
        HttpResponse.json({
          ok: true,
          channels: [{ id: 'C1', name: 'one', is_private: false, is_member: true }],
        }),
      ),
    );
    const result = await runTool(LIST, {}, 'uw-grace');
    expect(result).toMatchObject({ success: true, complete: true, channels: [{ id: 'C1' }] });
  });

  it('retries a read after Slack answers 429 with Retry-After 1', async () => {
    connectSharedSlack(up);
    up.slack.failNext({ kind: 'rate-limit', retryAfterSeconds: 1 });
    const result = await runTool(LIST, { limit: 10 }, 'uw-grace');
    expect(result.channels).toHaveLength(10);
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
