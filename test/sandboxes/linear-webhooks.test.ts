import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SandboxBridge } from '../../local/sandbox-bridge/sandbox-bridge.ts';
import {
  createLinearSandbox,
  type LinearSandboxOptions,
} from '../../local/sandboxes/linear/linear.sandbox.ts';
import { RETRY_DELAYS_MS } from '../../local/sandboxes/linear/linear-webhooks.ts';
import type { Sandbox } from '../../local/sandboxes/sandbox.ts';

// biome-ignore lint/suspicious/noExplicitAny: payloads and views are checked by shape in each test.
type Loose = any;

const SECRET = 'whsec-test-0123456789';
const URL_ = 'https://twenty.example/webhooks/server/6f1c1a52-4d0b-4a55-9a55-2f5c7a0e4b11';
const CLIENT = {
  clientId: 'lin-app',
  clientSecret: 'lin-app-secret',
  redirectUris: ['https://twenty.example/cb'],
};

type Received = { url: string; headers: Headers; raw: string; body: Record<string, Loose>; at: number };

/** A receiver standing in for the app's resolver: records each POST and answers the next queued status. */
function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  let waiters: (() => void)[] = [];
  const send: NonNullable<LinearSandboxOptions['sendWebhook']> = async (url, init) => {
    const request = new Request(url, init);
    const raw = await request.text();
    received.push({ url, headers: request.headers, raw, body: JSON.parse(raw), at: Date.now() });
    for (const wake of waiters) wake();
    waiters = [];
    return new Response('ok', { status: statuses.shift() ?? 200 });
  };
  const until = async (count: number, timeoutMs = 3000) => {
    const deadline = Date.now() + timeoutMs;
    while (received.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} deliveries, got ${received.length}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 20);
      });
    }
    return received;
  };
  return { received, send, until };
}

function setup(options: { statuses?: number[]; authorize?: boolean } = {}) {
  const inbox = receiver(options.statuses);
  const sandbox = createLinearSandbox({ sendWebhook: inbox.send });
  sandbox.registerClient(CLIENT);
  const control = (action: string, input: Record<string, unknown> = {}) => sandbox.control!(action, input);
  const token = options.authorize === false ? undefined : sandbox.mintToken({ clientId: CLIENT.clientId });
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const { accessToken } = token ?? sandbox.mintToken();
    const response = await sandbox.handle(
      new Request('https://api.linear.app/graphql', {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      }),
    );
    return (await response.json()) as { data: Loose; errors?: unknown[] };
  };
  return { sandbox, inbox, control, gql, token };
}

const sign = (raw: string, secret = SECRET) => createHmac('sha256', secret).update(raw).digest('hex');
const ENG_1 = `query { issue(id: "ENG-1") { id state { id name } team { states { nodes { id name } } } } }`;
const UPDATE = `mutation ($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success } }`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Linear sandbox webhooks', () => {
  it('delivers one signed Issue update for an API change, after the request, with updatedFrom', async () => {
    const { inbox, control, gql } = setup();
    await control('webhook', { url: URL_, secret: SECRET });
    const { data } = await gql(ENG_1);
    const done = data.issue.team.states.nodes.find((state: { name: string }) => state.name === 'Done');
    const before = Date.now();
    const result = await gql(UPDATE, { id: data.issue.id, input: { stateId: done.id } });
    expect(result.data.issueUpdate.success).toBe(true);
    // Sent asynchronously: nothing has been posted while the API request was answered.
    expect(inbox.received).toHaveLength(0);
    const [delivery] = await inbox.until(1);
    await sleep(30);
    expect(inbox.received).toHaveLength(1);
    expect(delivery!.url).toBe(URL_);
    const headers = delivery!.headers;
    expect(headers.get('linear-signature')).toBe(sign(delivery!.raw));
    expect(headers.get('linear-delivery')).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.get('linear-event')).toBe('Issue');
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(headers.get('user-agent')).toBe('Linear-Webhook');
    const body = delivery!.body;
    expect(Object.keys(body)).toEqual([
      'action',
      'actor',
      'createdAt',
      'data',
      'organizationId',
      'type',
      'updatedFrom',
      'url',
      'webhookId',
      'webhookTimestamp',
    ]);
    expect(body).toMatchObject({
      action: 'update',
      type: 'Issue',
      actor: { name: 'Ada Lovelace', type: 'user' },
      data: { identifier: 'ENG-1', state: { name: 'Done', type: 'completed' }, stateId: done.id },
      updatedFrom: { stateId: data.issue.state.id },
    });
    expect(body.data.completedAt).toBe(body.data.updatedAt);
    expect(body.updatedFrom.updatedAt).toEqual(expect.any(String));
    expect(body.url).toBe(body.data.url);
    // webhookTimestamp is Unix time in milliseconds.
    expect(body.webhookTimestamp).toBeGreaterThanOrEqual(before);
    expect(body.webhookTimestamp).toBeLessThanOrEqual(Date.now());
  });

  it('delivers a person’s change made through the control API (move, assign, comment)', async () => {
    const { inbox, control } = setup();
    await control('webhook', { url: URL_, secret: SECRET });
    const moved = await control('issue-update', {
      issue: 'ENG-2',
      state: 'Done',
      as: 'grace@acme-robotics.test',
    });
    expect(moved!.deliveries).toHaveLength(1);
    await control('issue-update', { issue: 'ENG-2', assignee: null });
    await control('comment', { issue: 'ENG-2', body: 'Shipped & <verified>' });
    const received = await inbox.until(3);
    for (const delivery of received)
      expect(delivery.headers.get('linear-signature')).toBe(sign(delivery.raw));
    expect(received[0]!.headers.get('linear-delivery')).toBe((moved!.deliveries as string[])[0]);
    expect(received.map((d) => `${d.body.type} ${d.body.action}`)).toEqual([
      'Issue update',
      'Issue update',
      'Comment create',
    ]);
    expect(received[0]!.body).toMatchObject({
      actor: { name: 'Grace Hopper' },
      data: { identifier: 'ENG-2', state: { name: 'Done' } },
    });
    expect(received[1]!.body.updatedFrom).toMatchObject({ assigneeId: expect.any(String) });
    expect(received[1]!.body.data.assignee).toBeNull();
    expect(received[2]!.headers.get('linear-event')).toBe('Comment');
    expect(received[2]!.body).toMatchObject({
      actor: { name: 'Ada Lovelace' },
      data: { body: 'Shipped & <verified>', issue: { identifier: 'ENG-2' }, user: { name: 'Ada Lovelace' } },
    });
    expect(received[2]!.body.updatedFrom).toBeUndefined();
  });

  it('delivers a Comment create for commentCreate through the API', async () => {
    const { inbox, control, gql } = setup();
    await control('webhook', { url: URL_, secret: SECRET });
    await gql(`mutation { commentCreate(input: { issueId: "ENG-3", body: "On it" }) { success } }`);
    const [delivery] = await inbox.until(1);
    expect(delivery!.headers.get('linear-event')).toBe('Comment');
    expect(delivery!.body).toMatchObject({ type: 'Comment', action: 'create', data: { body: 'On it' } });
  });

  it('sends nothing for an organization that never authorized the app, nor without a URL', async () => {
    const { inbox, control, gql, sandbox } = setup({ authorize: false });
    await control('webhook', { url: URL_, secret: SECRET });
    // A token of the sandbox's own client is not an authorization of the registered app.
    await gql(`mutation { commentCreate(input: { issueId: "ENG-3", body: "Hi" }) { success } }`);
    await control('issue-update', { issue: 'ENG-1', state: 'Done' });
    await sleep(50);
    expect(inbox.received).toHaveLength(0);
    expect((await control('deliveries'))!.deliveries).toEqual([]);
    expect((sandbox.view() as Loose).webhook.authorized).toBe(false);

    const other = setup();
    await other.control('issue-update', { issue: 'ENG-1', state: 'Done' });
    await sleep(50);
    expect(other.inbox.received).toHaveLength(0);
  });

  it('retries a non-200 on the scaled 1 min / 1 h / 6 h schedule, then marks it failed', async () => {
    const scale = 0.00005; // 3 ms, 180 ms, 1080 ms
    const { inbox, control } = setup({ statuses: [500, 401, 503, 404] });
    await control('webhook', { url: URL_, secret: SECRET, retryScale: scale });
    await control('issue-update', { issue: 'ENG-1', state: 'Todo' });
    const received = await inbox.until(4, 5000);
    const ids = new Set(received.map((d) => d.headers.get('linear-delivery')));
    expect(ids.size).toBe(1);
    const gaps = received.slice(1).map((d, i) => d.at - received[i]!.at);
    RETRY_DELAYS_MS.forEach((delay, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(Math.round(delay * scale) - 2);
      expect(gaps[i]).toBeLessThan(Math.round(delay * scale) + 400);
    });
    // Each attempt is signed afresh with its own webhookTimestamp.
    for (const delivery of received)
      expect(delivery.headers.get('linear-signature')).toBe(sign(delivery.raw));
    await sleep(1200);
    expect(inbox.received).toHaveLength(4);
    const [listed] = (await control('deliveries'))!.deliveries as Loose[];
    expect(listed).toMatchObject({ status: 'failed', attempts: 4, statusCode: 404, nextRetryAt: null });
  });

  it('stops retrying once an attempt gets 200', async () => {
    const { inbox, control } = setup({ statuses: [502] });
    await control('webhook', { url: URL_, secret: SECRET, retryScale: 0.00005 });
    await control('issue-update', { issue: 'ENG-1', state: 'Todo' });
    await inbox.until(2);
    await sleep(300);
    expect(inbox.received).toHaveLength(2);
    const [listed] = (await control('deliveries'))!.deliveries as Loose[];
    expect(listed).toMatchObject({ status: 'delivered', attempts: 2, statusCode: 200 });
  });

  it('redelivers a delivery with the same Linear-Delivery id, signed with a fresh timestamp', async () => {
    const { inbox, control } = setup({ statuses: [500] });
    await control('webhook', { url: URL_, secret: SECRET, retryScale: 1 });
    await control('issue-update', { issue: 'ENG-1', state: 'Todo' });
    const [first] = await inbox.until(1);
    await sleep(10);
    const [pending] = (await control('deliveries'))!.deliveries as Loose[];
    expect(pending).toMatchObject({ status: 'retrying', attempts: 1, statusCode: 500 });
    expect(Date.parse(pending.nextRetryAt) - Date.now()).toBeGreaterThan(50_000);
    const result = await control('redeliver', { delivery: pending.id });
    expect(result!.delivery).toMatchObject({ status: 'delivered', attempts: 2, nextRetryAt: null });
    const second = inbox.received[1]!;
    expect(second.headers.get('linear-delivery')).toBe(first!.headers.get('linear-delivery'));
    expect(second.headers.get('linear-signature')).toBe(sign(second.raw));
    expect(second.body.webhookTimestamp).toBeGreaterThanOrEqual(first!.body.webhookTimestamp);
    await expect(control('redeliver', { delivery: 'nope' })).rejects.toMatchObject({ status: 404 });
  });

  it('counts a timeout or an unreachable receiver as a failure', async () => {
    const sandbox = createLinearSandbox({
      webhookTimeoutMs: 50,
      sendWebhook: (_url, init) =>
        new Promise((_resolve, reject) =>
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ),
    });
    sandbox.registerClient(CLIENT);
    sandbox.mintToken({ clientId: CLIENT.clientId });
    await sandbox.control!('webhook', { url: URL_ });
    await sandbox.control!('issue-update', { issue: 'ENG-1', state: 'Todo' });
    await sleep(200);
    const [listed] = (await sandbox.control!('deliveries', {}))!.deliveries as Loose[];
    expect(listed).toMatchObject({ status: 'retrying', statusCode: null, error: 'no answer within 0.05 s' });
    sandbox.stop!();
  });

  it('sends OAuthApp revoked when the organization removes the app', async () => {
    const { inbox, control, sandbox, token } = setup();
    await control('webhook', { url: URL_, secret: SECRET });
    sandbox.revokeToken(token!.accessToken);
    const [delivery] = await inbox.until(1);
    expect(delivery!.body).toMatchObject({
      type: 'OAuthApp',
      action: 'revoked',
      oauthClientId: CLIENT.clientId,
    });
    expect(delivery!.headers.get('linear-signature')).toBe(sign(delivery!.raw));
  });

  it('shows the secret masked in the view, in full from the webhook control; keeps settings over reset', async () => {
    const { sandbox, control } = setup();
    const { webhook } = (await control('webhook', { url: URL_ }))! as { webhook: { secret: string } };
    expect(webhook.secret).toMatch(/^lin_wh_[A-Za-z0-9]{40}$/);
    const view = sandbox.view() as Loose;
    expect(view.webhook.secret).not.toContain(webhook.secret.slice(0, 12));
    expect(JSON.stringify(view)).not.toContain(webhook.secret);
    sandbox.reset();
    const after = (await control('webhook'))!.webhook as { secret: string; url: string };
    expect(after).toMatchObject({ secret: webhook.secret, url: URL_ });
    await expect(control('webhook', { url: 'not a url' })).rejects.toMatchObject({ status: 400 });
    await expect(control('webhook', { retryScale: 0 })).rejects.toMatchObject({ status: 400 });
  });

  it('resumes a scheduled retry after a restart (export, import)', async () => {
    const first = setup({ statuses: [500] });
    await first.control('webhook', { url: URL_, secret: SECRET, retryScale: 0.0001 });
    await first.control('issue-update', { issue: 'ENG-1', state: 'Todo' });
    await first.inbox.until(1);
    await sleep(5);
    first.sandbox.stop!();
    const saved = first.sandbox.exportState();
    const inbox = receiver();
    const next = createLinearSandbox({ sendWebhook: inbox.send });
    next.importState(saved);
    const [retry] = await inbox.until(1);
    expect(retry!.headers.get('linear-delivery')).toBe(
      first.inbox.received[0]!.headers.get('linear-delivery'),
    );
    next.stop!();
  });
});

describe('default webhook wiring (sandbox bridge)', () => {
  it("points the Linear app's webhook at the runtime's linear-webhook route unless someone set a URL", async () => {
    const linear = createLinearSandbox();
    const saved: string[] = [];
    const bridge = new SandboxBridge(
      { linear },
      () => 'http://127.0.0.1:4020',
      (p) => void saved.push(p),
    );
    const webhook = async () => (await linear.control!('webhook', {}))!.webhook as { url: string | null };
    bridge.wireWebhooks([{ name: 'other', universalIdentifier: 'u-0' }]);
    expect((await webhook()).url).toBeNull();
    bridge.wireWebhooks([
      { name: 'linear-webhook', universalIdentifier: 'a1b2c3d4-0000-4000-8000-000000000001' },
    ]);
    expect((linear.view() as Loose).webhook).toMatchObject({
      url: 'http://127.0.0.1:4020/webhooks/server/a1b2c3d4-0000-4000-8000-000000000001',
      urlSource: 'default',
    });
    expect(saved).toContain('linear');
    await linear.control!('webhook', { url: 'https://elsewhere.example/hook' });
    bridge.wireWebhooks([
      { name: 'linear-webhook', universalIdentifier: 'a1b2c3d4-0000-4000-8000-000000000001' },
    ]);
    expect((await webhook()).url).toBe('https://elsewhere.example/hook');
    await linear.control!('webhook', { useDefaultUrl: true });
    bridge.wireWebhooks([
      { name: 'linear-webhook', universalIdentifier: 'a1b2c3d4-0000-4000-8000-000000000001' },
    ]);
    expect((await webhook()).url).toMatch(/\/webhooks\/server\/a1b2c3d4/);
    bridge.flush();
  });

  it('saves the state after each background delivery attempt', async () => {
    const inbox = receiver();
    const linear: Sandbox = createLinearSandbox({ sendWebhook: inbox.send });
    linear.registerClient(CLIENT);
    linear.mintToken({ clientId: CLIENT.clientId });
    const saved: unknown[] = [];
    const bridge = new SandboxBridge(
      { linear },
      () => 'http://x',
      (_p, state) => void saved.push(state),
    );
    await linear.control!('webhook', { url: URL_ });
    await linear.control!('issue-update', { issue: 'ENG-1', state: 'Todo' });
    await inbox.until(1);
    await sleep(10);
    const last = saved.at(-1) as { webhooks: { deliveries: { status: string }[] } };
    expect(last.webhooks.deliveries[0]!.status).toBe('delivered');
    bridge.flush();
  });
});
