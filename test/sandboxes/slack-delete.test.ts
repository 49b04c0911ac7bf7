import { describe, expect, it } from 'vitest';
import { createSlackSandbox } from '../../local/sandboxes/slack/slack.sandbox.ts';

const ALL = ['channels:read', 'groups:read', 'chat:write', 'team:read'];

function setup(scopes = ALL) {
  const sandbox = createSlackSandbox();
  const { accessToken } = sandbox.mintToken({ scopes });
  const send = async (method: string, body: string, contentType: string) => {
    const response = await sandbox.handle(
      new Request(`https://slack.com/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': contentType },
        body,
      }),
    );
    return { status: response.status, body: await response.json() };
  };
  const json = (method: string, args: Record<string, unknown>) =>
    send(method, JSON.stringify(args), 'application/json; charset=utf-8');
  /** As `@slack/web-api` sends every call: form-encoded. */
  const form = (method: string, args: Record<string, string>) =>
    send(method, new URLSearchParams(args).toString(), 'application/x-www-form-urlencoded');
  const messages = (name: string) =>
    (
      sandbox.view() as { channels: { name: string; messages: { ts: string; text: string }[] }[] }
    ).channels.find((channel) => channel.name === name)!.messages;
  return { sandbox, json, form, messages };
}

describe('Slack sandbox chat.delete', () => {
  it("deletes the bot's own message, form-encoded or JSON, and the view no longer shows it", async () => {
    const { json, form, messages } = setup();
    const first = (await json('chat.postMessage', { channel: '#engineering', text: 'Delete me (form)' }))
      .body;
    const second = (await json('chat.postMessage', { channel: '#engineering', text: 'Delete me (JSON)' }))
      .body;
    const kept = (await json('chat.postMessage', { channel: '#engineering', text: 'Keep me' })).body;

    const byForm = await form('chat.delete', { channel: first.channel, ts: first.ts });
    const byJson = await json('chat.delete', { channel: second.channel, ts: second.ts, as_user: true });

    expect(byForm).toEqual({ status: 200, body: { ok: true, channel: 'C0ACMEENGNR', ts: first.ts } });
    expect(byJson).toEqual({ status: 200, body: { ok: true, channel: 'C0ACMEENGNR', ts: second.ts } });
    expect(messages('engineering').map((message) => message.ts)).toEqual([kept.ts]);
  });

  it.each([
    ['a timestamp with no message', { channel: 'C0ACMEGENRL', ts: '0000000000.000000' }, 'message_not_found'],
    ['no timestamp', { channel: 'C0ACMEGENRL' }, 'message_not_found'],
    ['an unknown channel', { channel: 'C0NOPE', ts: '1.000001' }, 'channel_not_found'],
    ['a private channel the bot is not in', { channel: 'G0ACMELEADR', ts: '1.000001' }, 'channel_not_found'],
  ])('answers chat.delete of %s with ok:false on HTTP 200', async (_, args, error) => {
    const { form } = setup();
    expect(await form('chat.delete', args)).toEqual({ status: 200, body: { ok: false, error } });
  });

  it('refuses with cant_delete_message a message the bot did not post, and keeps it', async () => {
    const { form, messages } = setup();
    const welcome = messages('general')[0]!;

    const { body } = await form('chat.delete', { channel: 'C0ACMEGENRL', ts: welcome.ts });

    expect(body).toEqual({ ok: false, error: 'cant_delete_message' });
    expect(messages('general')).toEqual([welcome]);
  });

  it('needs chat:write', async () => {
    const { form } = setup(['channels:read']);
    const { body } = await form('chat.delete', { channel: 'C0ACMEGENRL', ts: '1.000001' });
    expect(body).toMatchObject({ ok: false, error: 'missing_scope', needed: 'chat:write' });
  });
});
