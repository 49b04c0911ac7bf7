/**
 * `npm run build`: builds the app exactly as `twenty dev:build` does (manifest, one esbuild bundle per
 * logic function under `.twenty/output`, typecheck), through `appBuild` from `twenty-sdk/cli`, offline.
 *
 * The Twenty CLI keeps its config in `~/.twenty/` (the path is fixed when `twenty-sdk/cli` is first
 * imported), so the build runs with HOME pointed at a fresh temporary directory: CI and tests never read
 * or write the developer's real Twenty config. The directory is removed afterwards; anything the build
 * wrote there is listed.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The project root: the Twenty app lives at the top of this repository. */
export const projectRoot = resolve(import.meta.dirname, '..');

/** A successful build. */
export type BuildOutcome = {
  /** Absolute path of `.twenty/output`. */
  outputDir: string;
  /** Files the build reported writing (bundles, manifest, assets). */
  fileCount: number;
  /** Paths, relative to the temporary HOME, that the build created there (expected: none). */
  homeWrites: string[];
};

/** The build failed; `code` is the Twenty CLI's error code (e.g. `MANIFEST_BUILD_FAILED`, `TYPECHECK_FAILED`). */
export class BuildError extends Error {
  override name = 'BuildError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));

const lockStaleMs = 10 * 60_000;

/**
 * Serialises builds of one app (tests and the bench may build the same `.twenty/output` at once, and two
 * concurrent builds would write the same bundles). `mkdir` is atomic; a lock older than 10 min is stale.
 */
const withBuildLock = async <T>(appPath: string, work: () => Promise<T>): Promise<T> => {
  const lock = join(appPath, '.twenty', '.build-lock');
  mkdirSync(join(appPath, '.twenty'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > lockStaleMs) rmSync(lock, { recursive: true, force: true });
      else await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
};

/**
 * Builds the app at `appPath` with `twenty-sdk`'s `appBuild`, HOME pointed at a temporary directory.
 *
 * Must run before anything else in the process imports `twenty-sdk/cli`, which reads HOME once on load.
 * @throws BuildError with the CLI's error code and message when the build fails.
 */
export const buildApp = async ({
  appPath = projectRoot,
  onProgress = (message: string) => console.log(`  ${message}`),
}: {
  appPath?: string;
  onProgress?: (message: string) => void;
} = {}): Promise<BuildOutcome> => {
  const home = mkdtempSync(join(tmpdir(), 'twenty-connect-home-'));
  const previousHome = process.env.HOME;
  process.env.HOME = home;
  try {
    const { appBuild } = await import('twenty-sdk/cli');
    const result = await withBuildLock(appPath, () => appBuild({ appPath, onProgress }));
    if (!result.success) throw new BuildError(result.error.code, result.error.message);
    return { ...result.data, homeWrites: filesUnder(home) };
  } finally {
    if (previousHome === undefined) delete process.env.HOME;
    else process.env.HOME = previousHome;
    rmSync(home, { recursive: true, force: true });
  }
};

const main = async (): Promise<void> => {
  console.log(`Building the Twenty app in ${projectRoot}`);
  const started = performance.now();
  try {
    const outcome = await buildApp();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Built ${outcome.fileCount} files in ${seconds} s`);
    console.log(`Output: ${outcome.outputDir}`);
    if (outcome.homeWrites.length > 0) {
      console.log(`The build wrote to its temporary HOME: ${outcome.homeWrites.join(', ')}`);
    }
  } catch (error) {
    console.error(`Build failed\n${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
};

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
