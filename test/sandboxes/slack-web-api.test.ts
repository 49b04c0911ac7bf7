import { describe, expect, it } from 'vitest';
import { createSlackSandbox } from '../../local/sandboxes/slack/slack.sandbox.ts';

const ALL = ['channels:read', 'groups:read', 'chat:write', 'team:read'];

function setup(scopes = ALL) {
  const sandbox = createSlackSandbox();
  const { accessToken } = sandbox.mintToken({ scopes });
  const json = async (method: string, args: Record<string, unknown> = {}, token = accessToken) => {
    const response = await sandbox.handle(
      new Request(`https://slack.com/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(args),
      }),
    );
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
  const form = async (method: string, args: Record<string, string>, headers: Record<string, string> = {}) => {
    const response = await sandbox.handle(
      new Request(`https://slack.com/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(args).toString(),
      }),
    );
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
  /** How `@slack/web-api` calls every method: form-encoded arguments, token in the Authorization header. */
  const call = (method: string, args: Record<string, string | number | boolean> = {}, token = accessToken) =>
    form(method, Object.fromEntries(Object.entries(args).map(([name, value]) => [name, String(value)])), {
      authorization: `Bearer ${token}`,
    });
  return { sandbox, json, form, call, accessToken };
}

type Channel = { id: string; name: string; is_private: boolean; is_archived: boolean; is_member: boolean };

describe('Slack sandbox Web API', () => {
  it('identifies the bot and the workspace with auth.test and team.info', async () => {
    const { json } = setup();
    const auth = await json('auth.test');
    expect(auth.body).toMatchObject({
      ok: true,
      team: 'Acme Robotics',
      team_id: expect.stringMatching(/^T0ACME/),
      bot_id: expect.any(String),
    });
    const team = await json('team.info');
    expect(team.body.team).toMatchObject({ name: 'Acme Robotics', domain: 'acme-robotics' });
    expect(team.headers.get('x-oauth-scopes')).toBe(ALL.join(','));
  });

  it('answers missing_scope with needed and provided', async () => {
    const { call } = setup(['chat:write']);
    const { status, body } = await call('team.info');
    expect(status).toBe(200);
    expect(body).toEqual({ ok: false, error: 'missing_scope', needed: 'team:read', provided: 'chat:write' });
    expect((await call('conversations.list', { types: 'private_channel' })).body.needed).toBe('groups:read');
  });

  it('lists public channels and only the private channels the bot is in, page by page', async () => {
    const { call } = setup();
    const seen: Channel[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const { body } = await call('conversations.list', {
        types: 'public_channel,private_channel',
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      expect(body.ok).toBe(true);
      seen.push(...body.channels);
      cursor = body.response_metadata.next_cursor;
      pages++;
    } while (cursor !== '' && pages < 10);
    // The seeded workspace needs two pages of 200; its private channels come on both.
    expect(pages).toBe(2);
    expect(new Set(seen.map((c) => c.id)).size).toBe(seen.length);
    const names = seen.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['general', 'random', 'deals', 'board', 'hiring', 'proj-240']),
    );
    expect(names).not.toContain('leadership');
    expect(names).not.toContain('legal');
    expect(seen.filter((c) => c.is_private).map((c) => c.name)).toEqual(['deals', 'board', 'hiring']);
    expect(seen.find((c) => c.name === 'board')).toMatchObject({ is_private: true, is_member: true });

    const active = await call('conversations.list', { exclude_archived: true, limit: 3 });
    expect(active.body.channels.map((c: Channel) => c.name)).toEqual(['general', 'engineering', 'sales']);
    expect(active.body.response_metadata.next_cursor).not.toBe('');
    expect((await call('conversations.list', { cursor: 'garbage' })).body.error).toBe('invalid_cursor');
  });

  it('ignores arguments sent as JSON to conversations.list: defaults apply, as on Slack', async () => {
    const { json, call } = setup();
    const first = await json('conversations.list', { types: 'private_channel', limit: 5 });
    // Default types (public only) and default limit (100), whatever the JSON body said.
    expect(first.body.channels).toHaveLength(100);
    expect(first.body.channels.some((c: Channel) => c.is_private)).toBe(false);
    const cursor = first.body.response_metadata.next_cursor;
    expect(cursor).not.toBe('');
    // The cursor is ignored too: page 1 again.
    const again = await json('conversations.list', { cursor });
    expect(again.body.channels.map((c: Channel) => c.id)).toEqual(
      first.body.channels.map((c: Channel) => c.id),
    );
    // The same arguments form-encoded are read.
    const read = await call('conversations.list', { types: 'private_channel', limit: 5 });
    expect(read.body.channels.map((c: Channel) => c.name)).toEqual(['deals', 'board', 'hiring']);
  });

  it('posts a message by id, #name or name, with JSON or form bodies, and shows it newest last', async () => {
    const { json, form, sandbox, accessToken } = setup();
    const first = await json('chat.postMessage', { channel: '#engineering', text: 'Build is green' });
    expect(first.body).toMatchObject({
      ok: true,
      channel: 'C0ACMEENGNR',
      message: { text: 'Build is green', bot_id: expect.any(String) },
    });
    expect(first.body.ts).toMatch(/^\d+\.\d{6}$/);
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Deal won*' } }];
    const second = await form('chat.postMessage', {
      channel: 'engineering',
      blocks: JSON.stringify(blocks),
      token: accessToken,
    });
    expect(second.body.message.blocks).toEqual(blocks);
    expect(Number(second.body.ts)).toBeGreaterThan(Number(first.body.ts));
    const channels = (
      sandbox.view() as { channels: { name: string; messages: { text: string; ts: string }[] }[] }
    ).channels;
    const engineering = channels.find((c) => c.name === 'engineering')!;
    expect(engineering.messages.map((m) => m.ts)).toEqual([first.body.ts, second.body.ts]);
  });

  it.each([
    ['an unknown channel id', { channel: 'C0NOPE', text: 'x' }, 'channel_not_found'],
    ['a private channel the bot is not in', { channel: '#leadership', text: 'x' }, 'channel_not_found'],
    ['a public channel the bot is not in', { channel: '#sales', text: 'x' }, 'not_in_channel'],
    ['an archived channel', { channel: '#random', text: 'x' }, 'is_archived'],
    ['no text and no blocks', { channel: '#general' }, 'no_text'],
    ['text over 40000 characters', { channel: '#general', text: 'x'.repeat(40_001) }, 'msg_too_long'],
  ])('refuses chat.postMessage to %s on HTTP 200', async (_, args, error) => {
    const { json } = setup();
    const { status, body } = await json('chat.postMessage', args);
    expect(status).toBe(200);
    expect(body).toEqual({ ok: false, error });
  });

  it('posts to a public channel the bot is not in when it has chat:write.public', async () => {
    const { json } = setup([...ALL, 'chat:write.public']);
    expect((await json('chat.postMessage', { channel: '#sales', text: 'hello' })).body.ok).toBe(true);
    expect((await json('chat.postMessage', { channel: '#leadership', text: 'hello' })).body.error).toBe(
      'channel_not_found',
    );
  });

  it('authenticates by header or token field, never by query string', async () => {
    const { sandbox, form, accessToken } = setup();
    expect((await form('auth.test', { token: accessToken })).body.ok).toBe(true);
    const query = await sandbox.handle(new Request(`https://slack.com/api/auth.test?token=${accessToken}`));
    expect(await query.json()).toEqual({ ok: false, error: 'invalid_auth' });
    expect((await form('auth.test', {})).body).toEqual({ ok: false, error: 'not_authed' });
    expect((await form('auth.test', {}, { authorization: 'Bearer xoxb-1-2-unknown' })).body).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
  });

  it('revokes with auth.revoke (test=1 is a dry run), then answers token_revoked', async () => {
    const { json, call } = setup();
    expect((await call('auth.revoke', { test: 1 })).body).toEqual({ ok: true, revoked: false });
    expect((await json('auth.test')).body.ok).toBe(true);
    expect((await call('auth.revoke')).body).toEqual({ ok: true, revoked: true });
    expect((await json('auth.test')).body).toEqual({ ok: false, error: 'token_revoked' });
  });

  it('gives a reinstall of the app in the same workspace the same bot token, which auth.revoke deactivates for all', async () => {
    const { sandbox, call, accessToken } = setup();
    const again = sandbox.mintToken({ scopes: ALL });
    expect(again.accessToken).toBe(accessToken);
    expect((await call('auth.revoke', {}, again.accessToken)).body).toEqual({ ok: true, revoked: true });
    expect((await call('auth.test', {}, accessToken)).body).toEqual({ ok: false, error: 'token_revoked' });
    // Installing after that gives a new bot token.
    const fresh = sandbox.mintToken({ scopes: ALL });
    expect(fresh.accessToken).not.toBe(accessToken);
    expect((await call('auth.test', {}, fresh.accessToken)).body.ok).toBe(true);
  });

  it('shows in the view who each message notifies', async () => {
    const { json, sandbox } = setup();
    await json('chat.postMessage', {
      channel: '#general',
      text: 'Ship it <!channel> <@U0ACMEADA01|ada> <!subteam^S0ENG|eng>',
    });
    await json('chat.postMessage', { channel: '#general', text: 'Escaped &lt;!channel&gt; and <!here>' });
    await json('chat.postMessage', {
      channel: '#general',
      text: 'Plain @channel, then <!everyone>',
    });
    const messages = (
      sandbox.view() as { channels: { name: string; messages: { notifies: string[] }[] }[] }
    ).channels.find((c) => c.name === 'general')!.messages;
    expect(messages.map((m) => m.notifies)).toEqual([
      [],
      ['@channel', '@U0ACMEADA01', '@subteam^S0ENG'],
      ['@here'],
      ['@everyone'],
    ]);
  });

  it('rate-limits with HTTP 429, Retry-After and ratelimited, for the targeted method only', async () => {
    const { sandbox, json } = setup();
    sandbox.failNext({ kind: 'rate-limit', retryAfterSeconds: 7, operation: 'chat.postMessage' });
    expect((await json('auth.test')).status).toBe(200);
    const limited = await json('chat.postMessage', { channel: '#general', text: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('answers queued server, auth and network failures', async () => {
    const { sandbox, json } = setup();
    sandbox.failNext({ kind: 'server-error', status: 503 });
    expect((await json('auth.test')).status).toBe(503);
    sandbox.failNext({ kind: 'auth' });
    expect((await json('auth.test')).body).toEqual({ ok: false, error: 'invalid_auth' });
    sandbox.failNext({ kind: 'network' });
    await expect(json('auth.test')).rejects.toThrow(TypeError);
    expect((await json('auth.test')).body.ok).toBe(true);
  });

  it('answers unknown_method for a method it does not know', async () => {
    const { json } = setup();
    expect((await json('conversations.kick')).body.error).toBe('unknown_method');
  });
});
