/**
 * Figures for the local runtime (not a test: prints numbers, asserts nothing).
 *   npx tsx scripts/bench-runtime.ts
 * 0. The build step of start-up: as found, then with inputs unchanged (reused); section 5 has the cold build.
 * 1. A route through the runtime (`POST /s/linear/issues`: auth, payload, isolated worker, response mapping)
 *    vs calling the same built handler in this process, both against the same Linear sandbox; cold and warm.
 * 2. `/metadata` `appConnections` latency with 50 concurrent callers, sending the request the SDK's
 *    `listConnections({ providerName })` sends, next to a bare `node:http` server's latency for the same request,
 *    answer size and load, measured in the same run (the machine's floor at that moment).
 * 3. Refresh requests sent for 100 concurrent reads of an expired connection.
 * 4. Load: the same route at 10 and at 200 concurrent callers: runs/s, 429s (admission refused, nothing ran)
 *    apart from errors, `/healthz` latency meanwhile, and this process's RSS idle, at peak, after the burst and
 *    after settling.
 * Requests to the runtime come from a client in another process (see CLIENT).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { type Runtime, startRuntime } from '../local/runtime.ts';
import { readConsentForm } from '../local/sandboxes/shared/index.ts';
import { type BuiltApp, buildApp } from '../local/twenty/build/build-app.ts';
import { type Client, rawRequest, startClient } from './bench-client.ts';

const ROUTE_PATH = '/linear/issues';
const ROUNDS = { cold: 15, warm: 60, metadataPerCaller: 40, metadataCallers: 50, refreshReads: 100 };

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const timed = async (fn: () => Promise<unknown>) => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};
const sleep = (delay: number) => new Promise((r) => setTimeout(r, delay));

const connect = async (runtime: Runtime, csrf: string, member: string) => {
  const api = (path: string, body: unknown, method = 'POST') =>
    fetch(`${runtime.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-twenty-connect-csrf': csrf },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<Record<string, string>>);
  await api(
    '/api/server-variables',
    { values: { LINEAR_CLIENT_ID: 'bench-id', LINEAR_CLIENT_SECRET: 'bench-secret' } },
    'PUT',
  );
  // These figures are the route's and the runtime's own: the Linear sandbox's webhook (on by default, pointing at
  // the app's linear-webhook route) would add a delivery and a resolver run per created issue. Section 2 of
  // scripts/bench-events.ts measures that path.
  await api('/api/sandbox/linear/webhook', { url: null });
  const { authorizeUrl } = await api('/api/connections', { member, provider: 'linear', visibility: 'user' });
  const form = readConsentForm(await (await fetch(authorizeUrl!)).text());
  const approved = await fetch(authorizeUrl!, {
    method: 'POST',
    body: new URLSearchParams({ ...form.fields, account: form.accounts[0] ?? '', decision: 'approve' }),
    redirect: 'manual',
  });
  const landed = await fetch(approved.headers.get('location')!, { redirect: 'manual' });
  return new URL(landed.headers.get('location')!, runtime.baseUrl).searchParams.get('connected')!;
};

/** The same handler in this process: env as Twenty sets it, fetch pointed at the sandbox like the worker does. */
const inProcessHandler = async (runtime: Runtime, bundlePath: string) => {
  Object.assign(process.env, runtime.services.runner.env());
  const hosts = new Set(runtime.services.ctx.bridge!.hosts);
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!hosts.has(url.hostname)) return realFetch(input, init);
    const local = `${runtime.baseUrl}/_sandbox/${url.hostname}${url.pathname}${url.search}`;
    return realFetch(input instanceof Request ? new Request(local, input) : local, init);
  }) as typeof fetch;
  const started = performance.now();
  const module = await import(pathToFileURL(bundlePath).href);
  const importMs = performance.now() - started;
  return {
    handler: module.default.config.handler as (payload: unknown, context: unknown) => Promise<unknown>,
    importMs,
  };
};

/** The exact `/metadata` request the SDK's `listConnections({ providerName })` sends (captured, not retyped). */
const sdkListConnectionsRequest = async (providerName: string) => {
  const realFetch = globalThis.fetch;
  let captured: { headers: Record<string, string>; body: string } | undefined;
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    captured = { headers: init?.headers as Record<string, string>, body: String(init?.body) };
    return realFetch(input, init);
  }) as typeof fetch;
  try {
    const { listConnections } = await import('twenty-sdk/logic-function');
    await listConnections({ providerName });
  } finally {
    globalThis.fetch = realFetch;
  }
  if (!captured) throw new Error('listConnections sent no request.');
  return captured;
};

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/** Section 4: bursts of the route at 10 and 200 concurrent callers, health probed every 20 ms meanwhile. */
/**
 * The floor for `/metadata` on this machine in this run: a bare `node:http` server in this process answering
 * the same request with a body of the same size, loaded by the same client with the same concurrency.
 */
const bareServerLatencies = async (
  request: { headers: Record<string, string>; body: string },
  answer: string,
  load: { callers: number; perCaller: number; warmUp: number },
) => {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(answer),
      });
      res.end(answer);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = startClient(url);
  try {
    return (await client.load(rawRequest(url, '/metadata', request.headers, request.body), load)).latencies;
  } finally {
    client.close();
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
};

const loadFigures = async (runtime: Runtime, client: Client, routeRequest: string) => {
  const { pool, runner } = runtime.services;
  const health = rawRequest(runtime.baseUrl, '/healthz', {}, '', 'GET');
  await sleep(500);
  await pool.whenReady();
  const idleRss = process.memoryUsage().rss;
  let peakRss = idleRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const burst = async (callers: number, perCaller: number) => {
    const result = await client.burst(routeRequest, { probe: health, callers, perCaller });
    const ok = Object.entries(result.counts)
      .filter(([status]) => Number(status) < 400)
      .reduce((sum, [, count]) => sum + count, 0);
    const refused = result.counts['429'] ?? 0;
    const errors = Object.values(result.counts).reduce((sum, count) => sum + count, 0) - ok - refused;
    return { ...result, ok, refused, errors };
  };
  const at10 = await burst(10, 10);
  // How long the runtime's event loop was held up during the 200 burst (its own work, or no core to run on).
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const at200 = await burst(200, 1);
  loopDelay.disable();
  clearInterval(sampler);
  const afterRss = process.memoryUsage().rss;
  await sleep(3000);
  await pool.whenReady();
  const settledRss = process.memoryUsage().rss;

  const { maxRunning, refused } = runner.admission.stats();
  console.log(
    `\n4. Load: the same route, ${maxRunning} runs at once (maxConcurrentRuns), queue ${runner.admission.maxQueued.route} per lane`,
  );
  for (const [label, run] of [
    ['10 concurrent x 10', at10],
    ['200 concurrent x 1', at200],
  ] as const) {
    console.log(
      `   ${label}: ${(run.ok / run.seconds).toFixed(1)} runs/s, ${run.ok} ok, ${run.refused} refused (429 + retry-after), ${run.errors} errors, ${run.seconds.toFixed(2)} s`,
    );
  }
  console.log(
    `   /healthz during the 200 burst: p50 ${ms(percentile(at200.probeMs, 50))}, p99 ${ms(percentile(at200.probeMs, 99))}, max ${ms(Math.max(...at200.probeMs))} over ${at200.probeMs.length} probes   (target <= 100 ms)`,
  );
  console.log(
    `   event loop delay during the 200 burst: p50 ${ms(loopDelay.percentile(50) / 1e6)}, p99 ${ms(loopDelay.percentile(99) / 1e6)}, max ${ms(loopDelay.max / 1e6)}`,
  );
  console.log(
    `   RSS: idle ${mb(idleRss)}, peak ${mb(peakRss)}, after the bursts ${mb(afterRss)}, after 3 s ${mb(settledRss)}   (target: back near idle)`,
  );
  console.log(
    `   workers after settling: ${pool.stats().live} (idle spares ${pool.stats().idleSize}); most running at once ${pool.stats().peakBusy}; refused so far ${refused.route} route calls`,
  );
};

const main = async () => {
  const root = resolve(import.meta.dirname, '..');
  const dataDir = mkdtempSync(join(tmpdir(), 'twenty-connect-bench-'));
  // Figures depend on the machine: say which one they come from.
  console.log(
    `Machine: ${cpus().length} CPUs, load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}, Node ${process.version}`,
  );
  // Start-up's build step in this process: the build as `npm start` would find it (reused when the inputs are
  // unchanged), then a second start with unchanged inputs. The whole process, cold and warm, is section 5.
  const firstStart = performance.now();
  let app: BuiltApp = await buildApp(root);
  const firstBuild = performance.now() - firstStart;
  const firstReused = app.reused === true;
  const warmBuild = await timed(async () => {
    app = await buildApp(root);
  });
  console.log(
    `\n0. Build step of start-up: first ${firstReused ? 'reused' : 'built'} in ${ms(firstBuild)}, then with inputs unchanged (${app.reused ? 'reused' : 'NOT reused'}) ${ms(warmBuild)}; a full build from nothing is in section 5`,
  );
  const runtime = await startRuntime({
    app,
    appPath: root,
    cron: false,
    log: () => {},
    settings: { host: '127.0.0.1', port: 0, dataDir, mode: 'sandbox', mcpAccessTokenTtl: 600 },
  });
  const clients: Client[] = [];
  try {
    const { ctx } = runtime.services;
    const session = (await (await fetch(`${runtime.baseUrl}/api/session`)).json()) as { csrfToken: string };
    const connectionId = await connect(runtime, session.csrfToken, 'ada');
    const ada = ctx.members.byId('ada')!;
    const fn = runtime.services.runner.list().find((f) => f.httpRouteTriggerSettings?.path === ROUTE_PATH);
    if (!fn) throw new Error(`The app has no ${ROUTE_PATH} route.`);
    const body = { team: 'ENG', title: 'Benchmark issue' };
    const client = startClient(runtime.baseUrl);
    clients.push(client);
    const routeRequest = rawRequest(
      runtime.baseUrl,
      `/s${ROUTE_PATH}`,
      { Authorization: `Bearer ${ada.routeToken}`, 'Content-Type': 'application/json' },
      JSON.stringify(body),
    );
    const viaRuntime = async () => {
      const reply = await client.once(routeRequest);
      if (reply.status >= 400) throw new Error(`route answered ${reply.status}: ${reply.body}`);
      return reply.ms;
    };

    const { handler, importMs } = await inProcessHandler(
      runtime,
      join(ctx.app.outputDir, fn.builtHandlerPath),
    );
    const payload = {
      headers: { 'content-type': 'application/json' },
      queryStringParameters: {},
      pathParameters: {},
      body,
      rawBody: JSON.stringify(body),
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: `/s${ROUTE_PATH}` } },
      userWorkspaceId: ada.userWorkspaceId,
    };
    const context = {
      retryCount: 0,
      maxRetries: 0,
      workspaceId: 'bench',
      userWorkspaceId: ada.userWorkspaceId,
      workspaceMemberId: ada.workspaceMemberId,
    };
    const inProcess = () => timed(() => handler(payload, context));
    for (let i = 0; i < 5; i++) await inProcess();

    const { pool } = runtime.services;
    const settle = async () => {
      await sleep(50);
      await pool.whenReady();
    };
    // Warm: the pre-spawned worker is ready (the runtime's normal state between requests a person or an agent
    // makes). Runtime and in-process calls alternate, so both see the same machine load.
    for (let i = 0; i < 5; i++) await settle().then(viaRuntime);
    const warmRuntime: number[] = [];
    const warmInProcess: number[] = [];
    for (let i = 0; i < ROUNDS.warm; i++) {
      await settle();
      warmRuntime.push(await viaRuntime());
      await settle();
      warmInProcess.push(await inProcess());
    }
    // Cold: no spare worker, each call starts a thread (what a burst of concurrent requests beyond one sees).
    pool.keepSpare = false;
    await sleep(300);
    const coldRuntime: number[] = [];
    for (let i = 0; i < ROUNDS.cold; i++) coldRuntime.push(await settle().then(viaRuntime));
    pool.keepSpare = true;
    pool.warm();

    console.log(
      `\n1. Route ${fn.httpRouteTriggerSettings!.httpMethod} /s${ROUTE_PATH} (Linear issueCreate against the sandbox)`,
    );
    const row = (label: string, values: number[]) =>
      console.log(
        `   ${label.padEnd(34)} p50 ${ms(percentile(values, 50)).padStart(9)}   p99 ${ms(percentile(values, 99)).padStart(9)}`,
      );
    row('in process (warm module)', warmInProcess);
    row('through the runtime, warm worker', warmRuntime);
    row('through the runtime, cold worker', coldRuntime);
    console.log(`   in process, first import of the bundle: ${ms(importMs)}`);
    console.log(
      `   overhead warm: p50 ${ms(percentile(warmRuntime, 50) - percentile(warmInProcess, 50))}, p99 ${ms(percentile(warmRuntime, 99) - percentile(warmInProcess, 99))}   (target p50 <= 15 ms)`,
    );
    console.log(
      `   overhead cold: p50 ${ms(percentile(coldRuntime, 50) - percentile(warmInProcess, 50))}, p99 ${ms(percentile(coldRuntime, 99) - percentile(warmInProcess, 99))}`,
    );

    const sdk = await sdkListConnectionsRequest('linear');
    const metadataRequest = rawRequest(runtime.baseUrl, '/metadata', sdk.headers, sdk.body);
    const metadataLoad = async (callers: number, perCaller: number, warmUp: number) => {
      const result = await client.load(metadataRequest, { callers, perCaller, warmUp });
      const rows = (JSON.parse(result.firstBody) as { data?: { appConnections?: unknown[] } }).data
        ?.appConnections;
      if (result.statuses.join() !== '200' || !rows?.length) {
        throw new Error(`/metadata answered ${result.statuses.join()}: ${result.firstBody.slice(0, 200)}`);
      }
      return result.latencies;
    };
    // Steady state: the spare workers started after the route calls have finished booting.
    await pool.whenReady();
    const latencies = await metadataLoad(ROUNDS.metadataCallers, ROUNDS.metadataPerCaller, 20);
    console.log(
      `\n2. /metadata appConnections (the SDK's ListAppConnections), ${ROUNDS.metadataCallers} concurrent callers x ${ROUNDS.metadataPerCaller}`,
    );
    console.log(
      `   p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}   (target p99 <= 10 ms)`,
    );
    const bare = await bareServerLatencies(sdk, (await client.once(metadataRequest)).body, {
      callers: ROUNDS.metadataCallers,
      perCaller: ROUNDS.metadataPerCaller,
      warmUp: 20,
    });
    console.log(
      `   bare node:http server, same request, answer and load: p50 ${ms(percentile(bare, 50))}, p99 ${ms(percentile(bare, 99))}`,
    );
    const alone = await metadataLoad(1, 300, 100);
    console.log(
      `   one caller alone (no queueing): p50 ${ms(percentile(alone, 50))}, p99 ${ms(percentile(alone, 99))}`,
    );

    const sandbox = ctx.bridge!.forProvider('linear')!;
    const refreshes = () =>
      sandbox
        .calls()
        .filter(
          (c) =>
            c.operation === 'oauth.token' &&
            (c.body as { grant_type?: string }).grant_type === 'refresh_token',
        ).length;
    ctx.db
      .prepare('UPDATE connections SET expires_at = ? WHERE id = ?')
      .run(new Date(0).toISOString(), connectionId);
    const before = refreshes();
    await metadataLoad(ROUNDS.refreshReads, 0, 1);
    console.log(`\n3. ${ROUNDS.refreshReads} concurrent reads of an expired connection`);
    console.log(`   refresh requests sent: ${refreshes() - before}   (target exactly 1)`);

    await loadFigures(runtime, client, routeRequest);
  } finally {
    for (const client of clients) client.close();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
