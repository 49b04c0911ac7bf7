import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../local/twenty/build/build-app.ts';
import { QUEUED_PER_RUN } from '../../local/twenty/functions/admission.ts';
import { writeFixtureApp } from './fixtures/fixture-app.ts';
import { BOTH_SCOPES, closeHarness, registerWorkspaceClient, workspaceToken } from './helpers/mcp-oauth.ts';
import { type Harness, startHarness } from './helpers/runtime-harness.ts';

const WAIT_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
/** A pool of two: two runs at once, eight more waiting per lane. */
const POOL = 2;
const CAPACITY = POOL + POOL * QUEUED_PER_RUN;
/** Long enough that every call of a burst arrives while the first runs still hold the pool. */
const HOLD_MS = 600;

const until = async (condition: () => boolean, what: string, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const postWait = (harness: Harness, ms = HOLD_MS) =>
  fetch(`${harness.baseUrl}/s/wait`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms }),
  });

const callWaitTool = (id: number, ms = HOLD_MS) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'app_wait', arguments: { ms } },
});

const postMcpBody = (harness: Harness, token: string, body: unknown) =>
  fetch(`${harness.baseUrl}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify(body),
  });

describe('Function runs under load: a bounded pool, bounded queues, health that answers', () => {
  let harness: Harness;
  let token: string;
  const stats = () => harness.services.runner.admission.stats();
  const pool = () => harness.services.pool.stats();
  /** Waits until the pool is busy and `lane` holds its full queue. */
  const held = (lane: 'route' | 'tool' | 'mcp') =>
    until(() => stats().running === POOL && stats().queued[lane] === CAPACITY - POOL, `a full ${lane} queue`);
  const idle = async () => {
    await until(() => stats().running === 0 && pool().busy === 0, 'the runs to end');
    await harness.services.pool.whenReady();
    await until(() => pool().live === pool().idleSize, 'the workers to return to the idle spares');
  };

  beforeAll(async () => {
    const app = await buildApp(writeFixtureApp({ load: true }));
    harness = await startHarness({ app, maxConcurrentRuns: POOL });
    token = await workspaceToken(harness, await registerWorkspaceClient(harness));
    expect(BOTH_SCOPES).toContain('mcp:tools:execute');
  }, 120_000);
  afterAll(() => closeHarness(harness));
  beforeEach(() => idle(), 30_000);

  it('answers route calls beyond the pool and its queue with 429 and retry-after, and completes the admitted ones', async () => {
    const admitted = Array.from({ length: CAPACITY }, () => postWait(harness));
    await held('route');
    const extra = await Promise.all(Array.from({ length: 4 }, () => postWait(harness)));
    for (const response of extra) {
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('BUSY');
      expect(body.error.message).toMatch(/busy.*Retry in \d+ s/);
    }
    const answers = await Promise.all(admitted);
    expect(answers.map((response) => response.status)).toEqual(Array(CAPACITY).fill(200));
    expect(await answers[0]!.json()).toEqual({ waited: HOLD_MS });
    expect(stats().refused.route).toBe(4);
  });

  it('never runs more functions at once than the pool allows, and returns to its idle workers after a burst', async () => {
    await idle();
    const burst = await Promise.all(Array.from({ length: 3 * CAPACITY }, () => postWait(harness, 300)));
    expect(burst.filter((response) => response.status === 200).length).toBeGreaterThanOrEqual(CAPACITY);
    expect(burst.every((response) => response.status === 200 || response.status === 429)).toBe(true);
    expect(pool().peakBusy).toBeLessThanOrEqual(POOL);
    await idle();
    // The generic spare and the one preloaded `wait` bundle: nothing left over from the burst.
    expect(pool().live).toBeLessThanOrEqual(2);
  });

  it('answers /healthz and /health while runs hold the pool and the queue is full', async () => {
    const admitted = Array.from({ length: CAPACITY }, () => postWait(harness));
    await held('route');
    const [healthz, health] = await Promise.all([
      fetch(`${harness.baseUrl}/healthz`),
      fetch(`${harness.baseUrl}/health`),
    ]);
    expect(stats().running).toBe(POOL);
    expect(healthz.status).toBe(200);
    expect(health.status).toBe(200);
    await Promise.all(admitted);
  });

  it('gives a console tool call beyond the queue a clear "busy" error and no run', async () => {
    const run = () =>
      harness.api('POST', `/api/functions/${WAIT_ID}/run`, { trigger: 'tool', input: { ms: HOLD_MS } });
    const admitted = Array.from({ length: CAPACITY }, run);
    await held('tool');
    const runsBefore = (await harness.api('GET', '/api/runs?limit=500')).body.length;
    const refused = await run();
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('BUSY');
    expect(refused.body.error.message).toMatch(
      /^The runtime is busy: 2 function runs in progress and 8 tool calls waiting\. Retry in \d+ s\.$/,
    );
    const answers = await Promise.all(admitted);
    expect(answers.every((answer) => answer.status === 200 && answer.body.ok === true)).toBe(true);
    expect((await harness.api('GET', '/api/runs?limit=500')).body.length).toBe(runsBefore + CAPACITY);
  });

  it('answers MCP tool calls beyond the queue with HTTP 429, retry-after and a JSON-RPC error', async () => {
    const admitted = Array.from({ length: CAPACITY }, (_, i) =>
      postMcpBody(harness, token, callWaitTool(i + 1)),
    );
    await held('mcp');
    const refused = await postMcpBody(harness, token, callWaitTool(99));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({
      jsonrpc: '2.0',
      id: 99,
      error: { code: -32000, message: expect.stringMatching(/busy.*retry in \d+ s/) },
    });
    const answers = await Promise.all(admitted);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect((await answer.json()).result.isError).toBe(false);
    }
  });

  it('answers the calls of an admitted MCP batch that find the queue full with a tool error the model can read', async () => {
    const routes = Array.from({ length: POOL }, () => postWait(harness));
    await until(() => stats().running === POOL, 'routes holding the pool');
    const batch = Array.from({ length: 10 }, (_, i) => callWaitTool(i + 1, 10));
    const answer = await postMcpBody(harness, token, batch);
    expect(answer.status).toBe(200);
    const replies = (await answer.json()) as Array<{
      result: { isError: boolean; content: [{ text: string }] };
    }>;
    const busy = replies.filter((reply) => reply.result.isError);
    expect(busy).toHaveLength(10 - POOL * QUEUED_PER_RUN);
    for (const reply of busy)
      expect(reply.result.content[0].text).toMatch(/^The runtime is busy: .* The tool did not run\.$/);
    await Promise.all(routes);
  });

  it('refuses an MCP batch over the bound with a JSON-RPC Invalid Request, running nothing', async () => {
    const runsBefore = (await harness.api('GET', '/api/runs?limit=500')).body.length;
    const batch = Array.from({ length: 11 }, (_, i) => callWaitTool(i + 1, 10));
    const answer = await postMcpBody(harness, token, batch);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600, message: expect.stringMatching(/batch of 11 messages; at most 10/) },
    });
    expect((await harness.api('GET', '/api/runs?limit=500')).body.length).toBe(runsBefore);
  });

  it('lets database events wait for a worker instead of refusing them: nothing is lost', async () => {
    const admitted = Array.from({ length: CAPACITY }, () => postWait(harness, 500));
    await held('route');
    const before = { id: 'r1', stage: 'NEW' };
    const events = await Promise.all(
      Array.from({ length: 12 }, () =>
        harness.api('POST', '/api/events', {
          eventName: 'opportunity.updated',
          recordId: 'r1',
          before,
          after: { ...before, stage: 'WON' },
        }),
      ),
    );
    expect(events.map((event) => event.status)).toEqual(Array(12).fill(200));
    expect(events.every((event) => event.body.runs.length === 1 && event.body.runs[0].ok)).toBe(true);
    await Promise.all(admitted);
  });
});
