/**
 * Section 1 of `npm run bench`, runnable alone: `npx tsx scripts/bench-bundles.ts [--rebuild]`.
 *
 * Every `.twenty/output/**\/*.mjs` (the unminified bundles `twenty dev:build` writes and Twenty deploys): its
 * size against the goal of at most 160 KB, and its cold-import time against an SDK-only bundle's (a logic
 * function that imports `twenty-sdk/define` and one helper of `twenty-sdk/logic-function`, nothing else, built
 * with the SDK's own options through `local/twenty/build/fast-build.ts`). Twenty imports a function's bundle on
 * every cold start, so a bundle over 160 KB still passes when its import takes at most 1.2× the SDK-only one's.
 * The output is rebuilt first unless it is newer than every build input (`--rebuild` forces it).
 *
 * Import times: each sample is a fresh `node` (this process's, `process.execPath`: the Node 24 of the npm
 * scripts) that times `await import(file)` with `performance.now()` (process start not included). One
 * discarded warm-up round (disk cache), then `SAMPLES` rounds, each over every bundle in turn, starting one
 * bundle later each round, so machine load falls on all bundles alike.
 *
 * Never judges the figures with an exit code: throws only when it cannot measure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fastBundles, loadDefineStub } from '../local/twenty/build/fast-build.ts';
import { buildApp, projectRoot } from './build.ts';

/** Size goal per function bundle, in bytes (160 KB with 1 KB = 1000 bytes). */
export const bundleSizeGoalBytes = 160_000;
/** A bundle over the size goal passes when its cold import takes at most this times the SDK-only one's. */
export const importRatioGoal = 1.2;
/** Cold-import samples per bundle (plus one warm-up round). */
const SAMPLES = 9;
/** One sample may take this long before the bench gives up (a bundle that never finishes importing). */
const SAMPLE_TIMEOUT_MS = 30_000;

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

/** The rule: at most 160 KB, or over it with a cold import at most 1.2× the SDK-only bundle's. */
export const bundleResult = (bytes: number, importRatio: number): string => {
  if (bytes <= bundleSizeGoalBytes) return 'PASS';
  return importRatio <= importRatioGoal ? `PASS (over size, import within ${importRatioGoal}×)` : 'OVER';
};

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

/** Where the SDK-only bundle is built (git-ignored, under the project so `twenty-sdk` resolves; removed after). */
const sdkOnlyDir = join(projectRoot, '.twenty', 'bench');
// The SDK's build takes any project file whose text holds a define export for a definition: this one spells it
// in two parts so the build does not pick up the bench.
const DEFINE_EXPORT = ['export default', 'defineLogicFunction'].join(' ');
const SDK_ONLY_SOURCE = `import { defineLogicFunction } from 'twenty-sdk/define';
import { listConnections } from 'twenty-sdk/logic-function';

${DEFINE_EXPORT}({
  universalIdentifier: '00000000-0000-4000-8000-000000000000',
  name: 'sdk-only',
  handler: async () => typeof listConnections,
});
`;

/**
 * Builds the SDK-only bundle as the SDK builds a logic function (`fastBundles`: the SDK's esbuild options and
 * its `twenty-sdk/define` stub) and writes it beside its source; returns the bundle's path.
 */
const buildSdkOnlyBundle = async (): Promise<string> => {
  const sourceHandlerPath = relative(projectRoot, join(sdkOnlyDir, 'sdk-only.ts'));
  mkdirSync(sdkOnlyDir, { recursive: true });
  writeFileSync(join(projectRoot, sourceHandlerPath), SDK_ONLY_SOURCE);
  const [bundle, ...others] = (
    await fastBundles({
      appPath: projectRoot,
      defineStub: await loadDefineStub(),
      manifest: {
        application: {
          universalIdentifier: '00000000-0000-4000-8000-000000000001',
          displayName: 'bench',
          serverVariables: {},
          applicationVariables: {},
        },
        connectionProviders: [],
        logicFunctions: [
          {
            universalIdentifier: '00000000-0000-4000-8000-000000000000',
            timeoutSeconds: 300,
            builtHandlerPath: sourceHandlerPath.replace(/\.ts$/, '.mjs'),
            sourceHandlerPath,
            handlerName: 'default.config.handler',
          },
        ],
      },
    })
  ).filter((file) => file.path.endsWith('.mjs'));
  if (!bundle || others.length > 0) throw new Error('the SDK-only build did not give exactly one bundle');
  const file = join(sdkOnlyDir, 'sdk-only.mjs');
  writeFileSync(file, bundle.contents);
  return file;
};

/** The child's program: the time `await import(file)` takes, in ms, on stdout. */
const importTimer = (file: string): string =>
  [
    `const url = ${JSON.stringify(pathToFileURL(file).href)};`,
    'const started = performance.now();',
    'await import(url);',
    'process.stdout.write(String(performance.now() - started));',
    // A bundle may leave a handle open at import; the figure is taken, so end here.
    'process.exit(0);',
  ].join('\n');

/** The child's environment: no loader (tsx) or compile cache inherited, so each import is a plain cold one. */
const childEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.NODE_COMPILE_CACHE;
  return env;
};

/** One cold import of `file` in a fresh Node process, in ms. */
const coldImportMs = (file: string, env: NodeJS.ProcessEnv): number => {
  const run = spawnSync(process.execPath, ['--input-type=module', '--eval', importTimer(file)], {
    cwd: projectRoot,
    env,
    encoding: 'utf8',
    timeout: SAMPLE_TIMEOUT_MS,
  });
  const ms = Number(run.stdout);
  if (run.status !== 0 || !run.stdout || !Number.isFinite(ms)) {
    const why = run.error?.message ?? `exit ${run.status ?? run.signal}: ${run.stderr.trim().split('\n')[0]}`;
    throw new Error(`could not import ${relative(projectRoot, file)} (${why})`);
  }
  return ms;
};

/** Cold-import samples of every file, interleaved across files (see the header). */
const measureImports = (files: string[]): number[][] => {
  const env = childEnv();
  const samples = files.map((): number[] => []);
  for (let round = -1; round < SAMPLES; round++) {
    for (let step = 0; step < files.length; step++) {
      const at = (Math.max(round, 0) + step) % files.length;
      const ms = coldImportMs(files[at]!, env);
      if (round >= 0) samples[at]!.push(ms);
    }
  }
  return samples;
};

const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);
const median = (values: number[]): number => {
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const kb = (bytes: number): string => (bytes / 1000).toFixed(1);
const ms = (value: number): string => value.toFixed(1);

type Row = Bundle & { medianMs: number; minMs: number; ratio: number };

const printTable = (rows: Row[], sdkOnly: Omit<Row, 'path' | 'ratio'>): void => {
  const width = Math.max(6, ...rows.map((row) => row.path.length));
  console.log(
    `\nBundles (.twenty/output, unminified; 1 KB = 1000 bytes): goal <= ${kb(bundleSizeGoalBytes)} KB each, ` +
      `or cold import <= ${importRatioGoal}× the SDK-only bundle's`,
  );
  console.log(
    `Cold import: await import() in a fresh node ${process.version}, median and min of ${SAMPLES} samples`,
  );
  console.log(
    `${'bundle'.padEnd(width)}  ${'KB'.padStart(7)}  ${'import ms'.padStart(9)}  ${'min ms'.padStart(7)}  ${'ratio'.padStart(5)}  result`,
  );
  for (const row of rows) {
    console.log(
      `${row.path.padEnd(width)}  ${kb(row.bytes).padStart(7)}  ${ms(row.medianMs).padStart(9)}  ` +
        `${ms(row.minMs).padStart(7)}  ${row.ratio.toFixed(2).padStart(5)}  ${bundleResult(row.bytes, row.ratio)}`,
    );
  }
  const largest = rows.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const worst = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const over = rows.filter((row) => bundleResult(row.bytes, row.ratio) === 'OVER').length;
  console.log(
    `\nSDK-only bundle (twenty-sdk/define + one twenty-sdk/logic-function helper): ${kb(sdkOnly.bytes)} KB, ` +
      `import median ${ms(sdkOnly.medianMs)} ms (min ${ms(sdkOnly.minMs)} ms)`,
  );
  console.log(`Bundles: ${rows.length}; largest: ${largest.path} at ${kb(largest.bytes)} KB`);
  console.log(
    `Worst import ratio: ${worst.path} at ${worst.ratio.toFixed(2)}× (${ms(worst.medianMs)} ms, ${kb(worst.bytes)} KB)`,
  );
  console.log(
    `Goal (<= ${kb(bundleSizeGoalBytes)} KB, or import <= ${importRatioGoal}×): ` +
      `${over === 0 ? 'PASS' : `OVER for ${over} bundle(s)`}`,
  );
};

/** Builds when needed, measures every bundle and the SDK-only one, prints the table. */
export const benchBundles = async ({ rebuild = false }: { rebuild?: boolean } = {}): Promise<void> => {
  if (rebuild || !isFresh()) {
    console.log(`Building .twenty/output (${rebuild ? '--rebuild' : 'missing or older than its sources'})`);
    await buildApp({ force: rebuild });
  } else {
    console.log('Reusing .twenty/output: newer than every build input');
  }
  const bundles = listBundles(outputDir);
  if (bundles.length === 0) throw new Error(`No .mjs bundles under ${outputDir}`);
  try {
    const sdkOnlyFile = await buildSdkOnlyBundle();
    const files = [sdkOnlyFile, ...bundles.map((bundle) => join(outputDir, bundle.path))];
    console.log(`Timing cold imports: ${files.length} bundles × ${SAMPLES} samples (+1 warm-up round)`);
    const [sdkSamples, ...bundleSamples] = measureImports(files);
    const sdkOnly = {
      bytes: statSync(sdkOnlyFile).size,
      medianMs: median(sdkSamples!),
      minMs: Math.min(...sdkSamples!),
    };
    const rows = bundles.map((bundle, i): Row => {
      const medianMs = median(bundleSamples[i]!);
      return {
        ...bundle,
        medianMs,
        minMs: Math.min(...bundleSamples[i]!),
        ratio: medianMs / sdkOnly.medianMs,
      };
    });
    printTable(rows, sdkOnly);
  } finally {
    rmSync(sdkOnlyDir, { recursive: true, force: true });
  }
};

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await benchBundles({ rebuild: process.argv.includes('--rebuild') }).catch((error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
