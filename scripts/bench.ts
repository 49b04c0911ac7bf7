/**
 * `npm run bench`: prints figures, never judges them with an exit code.
 *
 * 1. Bundle sizes: every `.twenty/output/**\/*.mjs` (the unminified bundles `twenty dev:build` writes and
 *    Twenty deploys), against the goal of at most 160 KB each. The output is rebuilt first unless it is
 *    newer than every build input (pass `--rebuild` to force).
 * 2. Runtime figures: runs `scripts/bench-runtime.ts` when it exists and prints its output.
 * 3. `npm start` figures: runs `scripts/bench-dev-loop.ts` (cold and warm start of the whole process, the
 *    process group's memory, edit → new code running).
 *
 * Exits non-zero only when it could not measure (build failed, no bundles, runtime bench crashed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildApp, projectRoot } from './build.ts';

/** Size goal per function bundle, in bytes (160 KB with 1 KB = 1000 bytes). */
export const bundleSizeGoalBytes = 160_000;

/** One built bundle. */
export type Bundle = { path: string; bytes: number };

/** Every `.mjs` bundle under `outputDir`, sorted by path; `path` is relative to `outputDir`. */
export const listBundles = (outputDir: string): Bundle[] =>
  readdirSync(outputDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.mjs'))
    .map((entry) => {
      const file = join(entry.parentPath, entry.name);
      return { path: relative(outputDir, file), bytes: statSync(file).size };
    })
    .sort((a, b) => a.path.localeCompare(b.path));

const outputDir = join(projectRoot, '.twenty', 'output');
const buildInputs = ['application.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'src'];

const newestMtime = (path: string): number => {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
};

const isFresh = (): boolean => {
  const manifest = join(outputDir, 'manifest.json');
  if (!existsSync(manifest)) return false;
  const newestInput = Math.max(...buildInputs.map((input) => newestMtime(join(projectRoot, input))));
  return statSync(manifest).mtimeMs >= newestInput;
};

const kb = (bytes: number): string => (bytes / 1000).toFixed(1);

const printBundleTable = (bundles: Bundle[]): void => {
  const width = Math.max(6, ...bundles.map((bundle) => bundle.path.length));
  console.log(
    `\nBundle sizes (.twenty/output, unminified; 1 KB = 1000 bytes; goal <= ${kb(bundleSizeGoalBytes)} KB)`,
  );
  console.log(`${'bundle'.padEnd(width)}  ${'KB'.padStart(7)}  result`);
  for (const bundle of bundles) {
    const result = bundle.bytes <= bundleSizeGoalBytes ? 'PASS' : 'OVER';
    console.log(`${bundle.path.padEnd(width)}  ${kb(bundle.bytes).padStart(7)}  ${result}`);
  }
  const largest = bundles.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const over = bundles.filter((bundle) => bundle.bytes > bundleSizeGoalBytes).length;
  console.log(`\nBundles: ${bundles.length}; largest: ${largest.path} at ${kb(largest.bytes)} KB`);
  console.log(
    `Goal <= ${kb(bundleSizeGoalBytes)} KB each: ${over === 0 ? 'PASS' : `OVER for ${over} bundle(s)`}`,
  );
};

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
  const rebuild = process.argv.includes('--rebuild');
  if (rebuild || !isFresh()) {
    console.log(`Building .twenty/output (${rebuild ? '--rebuild' : 'missing or older than its sources'})`);
    await buildApp({ force: rebuild });
  } else {
    console.log('Reusing .twenty/output: newer than every build input');
  }
  const bundles = listBundles(outputDir);
  if (bundles.length === 0) throw new Error(`No .mjs bundles under ${outputDir}`);
  printBundleTable(bundles);
  if (runScript('bench-runtime.ts') !== 0) process.exitCode = 1;
  if (runScript('bench-dev-loop.ts') !== 0) process.exitCode = 1;
};

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await main().catch((error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
