/**
 * Figures for `npm start` as a person runs it (not a test: prints numbers, asserts nothing).
 *   npx tsx scripts/bench-dev-loop.ts
 * In a temp copy of the project (node_modules linked, never the checkout's own src/), with a fresh data dir:
 * 5. `npm start` to the ready banner: cold (no build output: a full build) and warm (inputs unchanged); the
 *    process group's memory (sum of RSS over every process in it, npm included) after ready and after settling,
 *    and after 200 concurrent tool runs and after settling.
 * 6. Edit → new code running: a function body changed in the copy, then its tool polled until it returns the
 *    new result (the fast rebuild's swap), then until the full build is in (`/api/state` build `ready`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const TOOL = 'f81e5886-56e1-4921-905b-f4e35c2530ef'; // connections-status
const TOOL_SOURCE = 'src/functions/connections/connections-status.ts';
const LEFT_OUT = new Set(['node_modules', '.git', '.twenty', '.data', 'reports', 'coverage', '.stryker-tmp']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Sum of RSS (MB) over the processes whose process group is `pgid` (from /proc). */
const groupRss = (pgid: number): { mb: number; processes: number } => {
  let kb = 0;
  let processes = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state, ppid, pgrp, ...
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp !== pgid) continue;
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kb += Number(rss?.[1] ?? 0);
      processes++;
    } catch {} // the process ended meanwhile
  }
  return { mb: Math.round(kb / 1000), processes };
};
const memory = (pgid: number) => {
  const { mb, processes } = groupRss(pgid);
  return `${mb} MB (${processes} processes)`;
};

type Started = { child: ChildProcess; baseUrl: string; readyMs: number };

/** `npm start` in `dir` as its own process group; resolves at the ready banner. */
const npmStart = (dir: string, dataDir: string): Promise<Started> =>
  new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn('npm', ['start'], {
      cwd: dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TWENTY_CONNECT_PORT: '0', TWENTY_CONNECT_DATA_DIR: dataDir },
    });
    let output = '';
    let baseUrl = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      baseUrl ||= /Console:\s+(http:\/\/\S+?)\/\s/.exec(output)?.[1] ?? '';
      if (output.includes('Ctrl+C to stop.')) done({ child, baseUrl, readyMs: performance.now() - started });
    });
    child.once('exit', (code) =>
      fail(new Error(`npm start exited (${code}) before ready:\n${output.slice(-2000)}`)),
    );
  });

const stop = async ({ child }: Started) => {
  const exited = new Promise((r) => child.once('exit', r));
  // The group this script started (npm, sh, node and its children): by its id.
  if (child.pid) process.kill(-child.pid, 'SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
};

const runTool = async (baseUrl: string, csrf: string) => {
  const response = await fetch(`${baseUrl}/api/functions/${TOOL}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-twenty-connect-csrf': csrf },
    body: JSON.stringify({ trigger: 'tool', input: {}, member: 'ada' }),
  });
  return (await response.json()) as { ok?: boolean; result?: Record<string, unknown> };
};

const buildState = async (baseUrl: string) =>
  (
    (await (await fetch(`${baseUrl}/api/state?member=ada`)).json()) as {
      build: { state: string; at: string };
    }
  ).build;

const main = async () => {
  const root = resolve(import.meta.dirname, '..');
  const copy = mkdtempSync(join(tmpdir(), 'twenty-connect-bench-app-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'twenty-connect-bench-data-'));
  console.log(
    `\n5. npm start (a copy of the project, node_modules linked; load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')})`,
  );
  try {
    for (const name of readdirSync(root).filter((entry) => !LEFT_OUT.has(entry)))
      cpSync(join(root, name), join(copy, name), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');

    const cold = await npmStart(copy, dataDir);
    const pgid = cold.child.pid!;
    console.log(`   cold (no build output: full build): ready in ${seconds(cold.readyMs)}`);
    console.log(`   process group RSS: at ready ${memory(pgid)}`);
    await sleep(5000);
    console.log(`   process group RSS: after 5 s ${memory(pgid)}   (target <= 300 MB)`);

    const { csrfToken } = (await (await fetch(`${cold.baseUrl}/api/session`)).json()) as {
      csrfToken: string;
    };
    const first = await runTool(cold.baseUrl, csrfToken);
    if (!first.result) throw new Error(`connections-status answered ${JSON.stringify(first)}`);
    await Promise.all(Array.from({ length: 200 }, () => runTool(cold.baseUrl, csrfToken).catch(() => null)));
    console.log(`   process group RSS: after 200 concurrent tool runs ${memory(pgid)}`);
    await sleep(3000);
    console.log(`   process group RSS: 3 s later ${memory(pgid)}`);

    // 6. An edit to the tool's body; polled every 50 ms.
    const source = join(copy, TOOL_SOURCE);
    const before = await buildState(cold.baseUrl);
    const saved = performance.now();
    writeFileSync(
      source,
      readFileSync(source, 'utf8').replace(
        'actingAs: run.caller.kind',
        'benchEdit: 1, actingAs: run.caller.kind',
      ),
    );
    let fastMs = Number.NaN;
    for (;;) {
      const now = performance.now() - saved;
      if (Number.isNaN(fastMs) && (await runTool(cold.baseUrl, csrfToken)).result?.benchEdit === 1)
        fastMs = now;
      const build = await buildState(cold.baseUrl);
      if (build.at !== before.at && (build.state === 'ready' || build.state === 'failed')) {
        console.log(`\n6. Edit a function body -> new code running (tool result polled every 50 ms)`);
        console.log(`   fast rebuild swapped in: ${seconds(fastMs)}   (target <= 2 s)`);
        console.log(`   full build (manifest, bundles, typecheck) ${build.state}: ${seconds(now)}`);
        break;
      }
      if (now > 180_000) throw new Error('no build ended within 180 s');
      await sleep(50);
    }
    await stop(cold);

    for (const round of [1, 2]) {
      const warm = await npmStart(copy, dataDir);
      const readyMs = warm.readyMs;
      const atReady = memory(warm.child.pid!);
      await sleep(5000);
      console.log(
        `   warm start ${round} (inputs unchanged): ready in ${seconds(readyMs)}; group RSS at ready ${atReady}, after 5 s ${memory(warm.child.pid!)}`,
      );
      await stop(warm);
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
