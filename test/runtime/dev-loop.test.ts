import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '../../local/runtime.ts';
import type { BuildStatus } from '../../local/twenty/build/dev-loop.ts';
import { loadSettings } from '../../local/twenty/config/settings.ts';
import { writeFixtureApp } from './fixtures/fixture-app.ts';

const WHOAMI = '9b6c7d8e-af01-4c12-93e4-5f6071829304';
const ADDED = 'c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b';
const BUILD_TIMEOUT_MS = 170_000;

const root = writeFixtureApp();
const dirs: string[] = [root];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'twenty-connect-data-'));
  dirs.push(dir);
  return dir;
};
const runtimes: Runtime[] = [];
afterAll(async () => {
  for (const runtime of runtimes) await runtime.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const start = async (watch: boolean) => {
  const runtime = await startRuntime({
    appPath: root,
    cron: false,
    log: () => {},
    settings: {
      host: '127.0.0.1',
      port: 0,
      dataDir: dataDir(),
      mode: 'sandbox',
      mcpAccessTokenTtl: 600,
      watch,
    },
  });
  runtimes.push(runtime);
  return runtime;
};

/** Runs a tool through `runtime.fetch` as the console does. */
const runTool = async (runtime: Runtime, id: string) => {
  const session = (await (await runtime.fetch(new Request(`${runtime.baseUrl}/api/session`))).json()) as {
    csrfToken: string;
  };
  const response = await runtime.fetch(
    new Request(`${runtime.baseUrl}/api/functions/${id}/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twenty-connect-csrf': session.csrfToken },
      body: JSON.stringify({ trigger: 'tool', input: {} }),
    }),
  );
  return { status: response.status, body: (await response.json()) as { ok: boolean; result: unknown } };
};

/**
 * Waits for the build that follows a save to reach one of `states` (no time is asserted: the bound only stops a
 * hung test). By default the end of the save's builds: ready or failed.
 */
const nextBuild = async (
  runtime: Runtime,
  before: BuildStatus,
  states: BuildStatus['state'][] = ['ready', 'failed'],
): Promise<BuildStatus> => {
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  for (;;) {
    const status = runtime.services.build();
    if (status.at !== before.at && states.includes(status.state)) return status;
    if (Date.now() > deadline) throw new Error(`no build ended: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('dev loop', () => {
  it(
    'builds in a child process: the runtime never loads the SDK builder or TypeScript',
    async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'helpers', 'runtime-load-probe.ts'), root, dataDir()],
        { cwd: join(import.meta.dirname, '..', '..'), maxBuffer: 64 * 1024 * 1024 },
      );
      const probe = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
        loaded: string[];
        reused: boolean;
        functions: number;
        log: string[];
      };
      // It built (the SDK's progress lines came from the child)...
      expect(probe.reused).toBe(false);
      expect(probe.log).toContain('  build: Building manifest...');
      expect(probe.functions).toBeGreaterThan(0);
      // ...and this process resolved its own modules, but never the SDK's CLI build or the TypeScript compiler.
      expect(probe.loaded.some((url) => url.endsWith('/local/runtime.ts'))).toBe(true);
      expect(
        probe.loaded.filter((url) =>
          /twenty-sdk\/dist\/(operations|cli)|\/node_modules\/typescript\//.test(url),
        ),
      ).toEqual([]);
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'does not watch when watching is off (TWENTY_CONNECT_WATCH=false), and watches by default',
    async () => {
      expect(loadSettings(root, { TWENTY_CONNECT_WATCH: 'false' }).watch).toBe(false);
      expect(loadSettings(root, {}).watch).toBe(true);
      const runtime = await start(false);
      expect(runtime.services.build()).toMatchObject({ state: 'ready', watching: false });
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'runs an edited function body from the fast rebuild before the full build ends; a type error keeps it running and shows the error',
    async () => {
      const runtime = await start(true);
      const first = runtime.services.build();
      const whoami = join(root, 'src', 'whoami.ts');
      const original = readFileSync(whoami, 'utf8');
      // The full build waits for this lock (as for another build of the app): only the fast rebuild can finish.
      const lock = join(root, '.twenty', '.build-lock');
      mkdirSync(lock, { recursive: true });
      writeFileSync(join(lock, 'owner'), `${process.pid} ${hostname()}\n`);
      try {
        writeFileSync(
          whoami,
          original.replace('=> ({ ...(await whoami', "=> ({ edited: 'fast', ...(await whoami"),
        );
        const swapped = await nextBuild(runtime, first, ['swapped', 'failed']);
        expect(swapped).toMatchObject({ state: 'swapped', functions: first.functions });
        expect((await runTool(runtime, WHOAMI)).body.result).toMatchObject({ edited: 'fast' });
        expect(runtime.services.build().state).toBe('swapped');
        rmSync(lock, { recursive: true, force: true });
        expect(await nextBuild(runtime, swapped)).toMatchObject({ state: 'ready' });
        expect((await runTool(runtime, WHOAMI)).body.result).toMatchObject({ edited: 'fast' });

        // A type error: the bundles compile, so the saved code runs; the full build's typecheck fails.
        const ready = runtime.services.build();
        writeFileSync(
          whoami,
          `${original.replace('=> ({ ...(await whoami', "=> ({ edited: 'typed', ...(await whoami")}\nexport const typeError: number = 'text';\n`,
        );
        const failed = await nextBuild(runtime, ready);
        expect(failed.state).toBe('failed');
        expect(failed.error).toMatch(/saved code is running/);
        expect(failed.error).toMatch(/Typecheck failed[\s\S]*whoami\.ts/);
        expect((await runTool(runtime, WHOAMI)).body.result).toMatchObject({ edited: 'typed' });
      } finally {
        rmSync(lock, { recursive: true, force: true });
        writeFileSync(whoami, original);
        await runtime.close();
      }
    },
    3 * BUILD_TIMEOUT_MS,
  );

  it(
    'swaps in the new code after a save, picks up a new function, and keeps the last good build when one fails',
    async () => {
      const runtime = await start(true);
      const first = runtime.services.build();
      expect(first).toMatchObject({ state: 'ready', watching: true });
      expect((await runTool(runtime, WHOAMI)).body.result).not.toHaveProperty('edited');
      const mcp = await runtime.services.mcpStarting;
      const toolsBefore = mcp!.toolNames();
      expect(toolsBefore.some((name) => /added/.test(name))).toBe(false);

      // A function body edited and a new tool added in one save burst.
      const whoami = join(root, 'src', 'whoami.ts');
      const original = readFileSync(whoami, 'utf8');
      writeFileSync(
        whoami,
        original.replace('=> ({ ...(await whoami', "=> ({ edited: 'v2', ...(await whoami"),
      );
      writeFileSync(
        join(root, 'src', 'added.ts'),
        [
          "import { defineLogicFunction } from 'twenty-sdk/define';",
          `${['export', 'default'].join(' ')} defineLogicFunction({`,
          `  universalIdentifier: '${ADDED}',`,
          "  name: 'added',",
          "  description: 'Added while running',",
          '  timeoutSeconds: 5,',
          "  toolTriggerSettings: { inputSchema: { type: 'object', properties: {} } },",
          '  handler: async () => ({ added: true }),',
          '});',
          '',
        ].join('\n'),
      );
      const swapped = await nextBuild(runtime, first);
      expect(swapped).toMatchObject({ state: 'ready', functions: first.functions + 1 });
      expect((await runTool(runtime, WHOAMI)).body.result).toMatchObject({ edited: 'v2' });
      expect((await runTool(runtime, ADDED)).body).toMatchObject({ ok: true, result: { added: true } });
      // MCP clients see the new tool in their next tools/list.
      expect([...mcp!.toolNames()].sort()).toEqual([...toolsBefore, 'app_added'].sort());

      // A broken save: the error is shown, the last good build keeps serving.
      writeFileSync(whoami, `${original}\nexport const broken = (;\n`);
      const failed = await nextBuild(runtime, swapped);
      expect(failed.state).toBe('failed');
      expect(failed.error).toMatch(/whoami\.ts/);
      expect(failed.functions).toBe(swapped.functions);
      expect((await runTool(runtime, WHOAMI)).body.result).toMatchObject({ edited: 'v2' });
      const state = await runtime.fetch(new Request(`${runtime.baseUrl}/api/state?member=ada`));
      expect(((await state.json()) as { build: BuildStatus }).build).toMatchObject({ state: 'failed' });
    },
    3 * BUILD_TIMEOUT_MS,
  );
});
