import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addConnection,
  configureLinear,
  type Harness,
  removeDataDir,
  startHarness,
} from './helpers/runtime-harness.ts';

type Received = { headers: Record<string, string | string[] | undefined>; raw: string };

/** A webhook receiver on 127.0.0.1 answering the queued statuses (then 200). */
const startReceiver = async (statuses: number[]) => {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, raw: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(statuses.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const until = async (count: number) => {
    for (let waited = 0; received.length < count; waited += 20) {
      if (waited > 5000) throw new Error(`expected ${count} deliveries, got ${received.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return received;
  };
  return { url, received, until, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

describe('Linear sandbox webhooks through the runtime’s sandbox control API', () => {
  let harness: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    harness = await startHarness();
    receiver = await startReceiver([500]);
    await configureLinear(harness);
  }, 120_000);
  afterAll(async () => {
    await harness.stop();
    await receiver.close();
    removeDataDir(harness.dataDir);
  });

  it('has no default URL when the app has no linear-webhook function', async () => {
    const state = await harness.api('GET', '/api/state?member=ada');
    expect(state.body.sandbox.linear.webhook).toMatchObject({ url: null, authorized: false });
    expect(state.body.sandbox.linear.deliveries).toEqual([]);
  });

  it("sends a person's move as a signed delivery once the organization authorized the app; redelivers", async () => {
    const set = await harness.api('POST', '/api/sandbox/linear/webhook', {
      url: receiver.url,
      retryScale: 1,
    });
    expect(set.status).toBe(200);
    const secret = set.body.webhook.secret as string;
    // Before anyone connected Linear, the organization has not authorized the app: nothing is sent.
    const early = await harness.api('POST', '/api/sandbox/linear/issue-update', {
      issue: 'ENG-2',
      state: 'Done',
    });
    expect(early.body).toEqual({ ok: true, deliveries: [] });

    await addConnection(harness, { member: 'ada', visibility: 'workspace' });
    const moved = await harness.api('POST', '/api/sandbox/linear/issue-update', {
      issue: 'ENG-1',
      state: 'Done',
      as: 'grace@acme-robotics.test',
    });
    expect(moved.status).toBe(200);
    const [id] = moved.body.deliveries as string[];
    const [first] = await receiver.until(1);
    expect(first!.headers['linear-delivery']).toBe(id);
    expect(first!.headers['linear-event']).toBe('Issue');
    expect(first!.headers['linear-signature']).toBe(
      createHmac('sha256', secret).update(first!.raw).digest('hex'),
    );
    expect(JSON.parse(first!.raw)).toMatchObject({
      action: 'update',
      actor: { name: 'Grace Hopper' },
      data: { identifier: 'ENG-1', state: { name: 'Done' } },
    });

    // The receiver answered 500: the delivery waits for its 1-minute retry; a person redelivers it now.
    const listed = await harness.api('POST', '/api/sandbox/linear/deliveries');
    expect(listed.body.deliveries[0]).toMatchObject({ id, status: 'retrying', statusCode: 500, attempts: 1 });
    const again = await harness.api('POST', '/api/sandbox/linear/redeliver', { delivery: id });
    expect(again.body.delivery).toMatchObject({ id, status: 'delivered', attempts: 2, statusCode: 200 });
    expect(receiver.received[1]!.headers['linear-delivery']).toBe(id);

    const state = await harness.api('GET', '/api/state?member=ada');
    expect(state.body.sandbox.linear.webhook.authorized).toBe(true);
    expect(JSON.stringify(state.body)).not.toContain(secret);
  });

  it('answers bad input and unknown actions in the runtime’s error shape', async () => {
    const unknown = await harness.api('POST', '/api/sandbox/linear/nope', {});
    expect(unknown.status).toBe(404);
    const badState = await harness.api('POST', '/api/sandbox/linear/issue-update', {
      issue: 'ENG-1',
      state: 'Shipped',
    });
    expect(badState).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    const noIssue = await harness.api('POST', '/api/sandbox/linear/comment', { issue: 'ENG-999', body: 'x' });
    expect(noIssue.status).toBe(404);
    const noDelivery = await harness.api('POST', '/api/sandbox/linear/redeliver', { delivery: 'missing' });
    expect(noDelivery.status).toBe(404);
    const github = await harness.api('POST', '/api/sandbox/github/webhook', {});
    expect(github.status).toBe(404);
  });
});
