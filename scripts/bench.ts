/**
 * `npm run bench`: prints figures, never judges them with an exit code.
 *
 * 1. Bundles (`scripts/bench-bundles.ts`, runnable alone): every `.twenty/output/**\/*.mjs` (the unminified
 *    bundles `twenty dev:build` writes and Twenty deploys), its size against the goal of at most 160 KB and its
 *    cold-import time against an SDK-only bundle's (over 160 KB passes only within 1.2× of it). The output is
 *    rebuilt first unless it is newer than every build input (pass `--rebuild` to force).
 * 2. Runtime figures: runs `scripts/bench-runtime.ts` when it exists and prints its output.
 * 3. `npm start` figures: runs `scripts/bench-dev-loop.ts` (cold and warm start of the whole process, the
 *    process group's memory, edit → new code running).
 * 4. Inbound events: runs `scripts/bench-events.ts` (the Linear webhook resolver's throughput on one core, the
 *    same through the runtime's `/webhooks/server/…`, and the delay from a change in the sandbox to the timeline).
 *
 * Exits non-zero only when it could not measure (build failed, no bundles, a bundle that cannot be imported,
 * runtime bench crashed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { benchBundles } from './bench-bundles.ts';
import { projectRoot } from './build.ts';

const runScript = (name: string): number => {
  const script = join(projectRoot, 'scripts', name);
  if (!existsSync(script)) {
    console.log(`\nscripts/${name} does not exist yet; skipped.`);
    return 0;
  }
  console.log(`\nFigures of scripts/${name}:`);
  // Same Node and tsx as this script, output passed straight through.
  const tsxCli = resolve(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const run = spawnSync(process.execPath, [tsxCli, script], { cwd: projectRoot, stdio: 'inherit' });
  if (run.status !== 0) console.error(`scripts/${name} exited with ${run.status ?? run.signal}`);
  return run.status ?? 1;
};

const main = async (): Promise<void> => {
  await benchBundles({ rebuild: process.argv.includes('--rebuild') });
  if (runScript('bench-runtime.ts') !== 0) process.exitCode = 1;
  if (runScript('bench-dev-loop.ts') !== 0) process.exitCode = 1;
  if (runScript('bench-events.ts') !== 0) process.exitCode = 1;
};

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await main().catch((error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
