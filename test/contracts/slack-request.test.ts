import { describe, expect, it } from 'vitest';
import { assertSlackRequest } from './checks/slack-request.ts';

const slack = 'https://slack.com/api';

describe('assertSlackRequest', () => {
  it('accepts each method the app calls with typical arguments', () => {
    expect(assertSlackRequest({ method: 'auth.test' })).toBe('auth.test');
    expect(assertSlackRequest({ method: 'team.info', body: {} })).toBe('team.info');
    expect(assertSlackRequest({ method: 'auth.revoke', body: 'test=1' })).toBe('auth.revoke');
    const list = new URLSearchParams({
      types: 'public_channel,private_channel',
      exclude_archived: 'true',
      limit: '200',
      cursor: 'dXNlcjpVMDYx',
    });
    expect(assertSlackRequest({ method: 'conversations.list', body: list })).toBe('conversations.list');
    expect(assertSlackRequest({ method: 'conversations.list', body: list.toString() })).toBe(
      'conversations.list',
    );
    const post = { channel: 'C024BE91L', text: 'Opportunity *Acme* moved to Won', unfurl_links: false };
    expect(assertSlackRequest({ method: 'chat.postMessage', body: JSON.stringify(post) })).toBe(
      'chat.postMessage',
    );
  });

  it('accepts a message made of blocks with fallback text', () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Digest*' } }];
    expect(
      assertSlackRequest({ method: 'chat.postMessage', body: { channel: 'C1', text: 'Digest', blocks } }),
    ).toBe('chat.postMessage');
  });

  it('reads query-string and form arguments as Slack does', () => {
    const url = `${slack}/conversations.list?types=public_channel&limit=100&exclude_archived=true`;
    expect(assertSlackRequest({ method: 'conversations.list', url })).toBe('conversations.list');
    const form = new URLSearchParams({ channel: 'C1', blocks: JSON.stringify([{ type: 'divider' }]) });
    expect(assertSlackRequest({ method: 'chat.postMessage', body: form })).toBe('chat.postMessage');
  });

  it('rejects arguments sent as JSON to a method that reads only query and form arguments', () => {
    const list = { types: 'public_channel,private_channel', cursor: 'dXNlcjpVMDYx' };
    expect(() => assertSlackRequest({ method: 'conversations.list', body: JSON.stringify(list) })).toThrow(
      /conversations\.list does not read JSON bodies[\s\S]*types,cursor/,
    );
    expect(() => assertSlackRequest({ method: 'team.info', body: { team: 'T1' } })).toThrow(/JSON/);
    expect(() => assertSlackRequest({ method: 'auth.revoke', body: '{"test":true}' })).toThrow(/JSON/);
    // An empty JSON object carries no argument that could be lost.
    expect(assertSlackRequest({ method: 'team.info', body: {} })).toBe('team.info');
  });

  it('accepts JSON for the methods Slack documents as JSON-capable', () => {
    const post = JSON.stringify({ channel: 'C1', text: 'hi' });
    expect(assertSlackRequest({ method: 'chat.postMessage', body: post })).toBe('chat.postMessage');
    expect(assertSlackRequest({ method: 'auth.test', body: '{}' })).toBe('auth.test');
  });

  it('rejects a token passed in the query string', () => {
    const url = `${slack}/auth.test?token=xoxb-not-a-real-token`;
    expect(() => assertSlackRequest({ method: 'auth.test', url })).toThrow(
      /token passed in the query string/,
    );
  });

  it('rejects a message without channel', () => {
    expect(() => assertSlackRequest({ method: 'chat.postMessage', body: { text: 'hi' } })).toThrow(/channel/);
  });

  it('rejects a message with neither text nor blocks', () => {
    expect(() => assertSlackRequest({ method: 'chat.postMessage', body: { channel: 'C1' } })).toThrow(
      /chat\.postMessage arguments are not acceptable[\s\S]*text/,
    );
  });

  it('rejects an unknown argument', () => {
    const body = { channel: 'C1', text: 'hi', thread: '1712345678.000100' };
    expect(() => assertSlackRequest({ method: 'chat.postMessage', body })).toThrow(
      /Unrecognized key[\s\S]*thread/,
    );
  });

  it('rejects an argument of the wrong type', () => {
    expect(() =>
      assertSlackRequest({ method: 'chat.postMessage', body: { channel: 1, text: 'hi' } }),
    ).toThrow(/channel/);
    expect(() => assertSlackRequest({ method: 'conversations.list', body: 'limit=lots' })).toThrow(/limit/);
  });

  it('rejects channel types Slack does not know', () => {
    expect(() => assertSlackRequest({ method: 'conversations.list', body: 'types=public,private' })).toThrow(
      /comma-separated list of public_channel/,
    );
  });

  it('rejects a page size above what the SDK documents', () => {
    expect(() => assertSlackRequest({ method: 'conversations.list', body: 'limit=5000' })).toThrow(/limit/);
  });

  it('rejects a method the app does not call', () => {
    expect(() =>
      assertSlackRequest({ method: 'chat.update', body: { channel: 'C1', ts: '1', text: 'x' } }),
    ).toThrow(/not one this project calls/);
  });

  it("accepts the doctor's chat.delete, form-encoded or JSON, and refuses it without ts", () => {
    const form = new URLSearchParams({ channel: 'C1', ts: '1712345678.000100' });
    expect(assertSlackRequest({ method: 'chat.delete', body: form })).toBe('chat.delete');
    expect(assertSlackRequest({ method: 'chat.delete', body: { channel: 'C1', ts: '1.000001' } })).toBe(
      'chat.delete',
    );
    expect(() => assertSlackRequest({ method: 'chat.delete', body: { channel: 'C1' } })).toThrow(/ts/);
  });

  it('accepts the work-item calls, form-encoded as the app sends them, and refuses their misspellings', () => {
    const permalink = new URLSearchParams({ channel: 'C0ACMEENGNR', message_ts: '1712345678.000100' });
    expect(assertSlackRequest({ method: 'chat.getPermalink', body: permalink })).toBe('chat.getPermalink');
    expect(() =>
      assertSlackRequest({ method: 'chat.getPermalink', body: 'channel=C1&ts=1712345678.000100' }),
    ).toThrow(/message_ts/);
    const info = new URLSearchParams({ channel: 'G0ACMEDEALS', include_num_members: 'false' });
    expect(assertSlackRequest({ method: 'conversations.info', body: info })).toBe('conversations.info');
    // Read methods: a JSON body's arguments would be ignored by Slack.
    expect(() => assertSlackRequest({ method: 'conversations.info', body: { channel: 'C1' } })).toThrow(
      /JSON/,
    );
    expect(() => assertSlackRequest({ method: 'chat.getPermalink', body: '{"channel":"C1"}' })).toThrow(
      /JSON/,
    );
  });

  it('rejects a URL that calls another method', () => {
    expect(() => assertSlackRequest({ method: 'auth.test', url: `${slack}/auth.revoke` })).toThrow(
      /does not call auth\.test/,
    );
  });
});
