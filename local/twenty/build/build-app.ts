import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildInputsFingerprint, canReuseBuild, forgetBuild, recordBuild } from './build-fingerprint.ts';
import { type AppManifest, readManifest } from './manifest.ts';

/** `reused`: the previous output was kept because none of the build's inputs changed. */
export type BuiltApp = { outputDir: string; manifest: AppManifest; reused?: boolean };

type SdkBuild = typeof import('twenty-sdk/cli')['appBuild'];

let homeLock: Promise<unknown> = Promise.resolve();

/** A lock with no owner file yet is being taken right now; older than this, its taker died in between. */
const OWNERLESS_GRACE_MS = 10_000;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but another user's
  }
};

/** True when the lock's owner is gone (killed mid-build), so the lock can be broken at once. */
const isStale = (lock: string): boolean => {
  let owner: string;
  try {
    owner = readFileSync(join(lock, 'owner'), 'utf8');
  } catch {
    return Date.now() - statSync(lock).mtimeMs > OWNERLESS_GRACE_MS;
  }
  const [pid, host] = owner.trim().split(' ');
  // A lock from another machine (a shared folder) cannot be checked: it is left to its owner.
  if (host !== hostname()) return false;
  return !isAlive(Number(pid));
};

/**
 * Two builds of the same app (a test run and `npm start`, say) would write `.twenty/output` at the same time:
 * a lock directory next to it serialises them across processes (atomic mkdir). The lock names its owner
 * (`<pid> <host>`); a lock whose process is gone (kill -9 during a build) is broken at once.
 */
export const withBuildLock = async <T>(
  appPath: string,
  run: () => Promise<T>,
  options: { onWait?: (message: string) => void } = {},
): Promise<T> => {
  const lock = join(appPath, '.twenty', '.build-lock');
  mkdirSync(join(appPath, '.twenty'), { recursive: true });
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'owner'), `${process.pid} ${hostname()}\n`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (isStale(lock)) {
          rmSync(lock, { recursive: true, force: true });
          continue;
        }
      } catch {} // the lock went away meanwhile: try again
      if (!told) {
        told = true;
        options.onWait?.(`waiting for another build of this app to finish (${lock})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await run();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
};

const reuse = (appPath: string, inputs: string): BuiltApp | null => {
  const outputDir = join(appPath, '.twenty', 'output');
  return canReuseBuild(appPath, inputs, outputDir)
    ? { outputDir, manifest: readManifest(outputDir), reused: true }
    : null;
};

/**
 * The previous output when none of the build's inputs changed (checked under the build lock), else null. Loads
 * no builder: the runtime answers "nothing to build" with this alone and starts a build process only when needed.
 */
export const reusableBuild = (appPath: string): Promise<BuiltApp | null> =>
  withBuildLock(appPath, async () => reuse(appPath, buildInputsFingerprint(appPath)));

/**
 * Builds the app with the SDK's own `appBuild` (the same artifact `twenty dev:build` deploys) into
 * `<appPath>/.twenty/output`, or keeps the previous output when none of the build's inputs changed (see
 * `build-fingerprint.ts`) and the output is as that build wrote it. The check runs under the build lock, so a
 * build under way in another process is waited for, then reused. The CLI keeps its config under
 * `$HOME/.twenty`, so HOME points at a throwaway directory during the call and the person's home is never written.
 */
export const buildApp = async (
  appPath: string,
  options: {
    onProgress?: (message: string) => void;
    /** Build even when the inputs are unchanged. */
    force?: boolean;
    /** The SDK's `appBuild` unless given (tests observe whether it runs). */
    sdkBuild?: SdkBuild;
  } = {},
): Promise<BuiltApp> => {
  const outputDir = join(appPath, '.twenty', 'output');
  const build = async (): Promise<BuiltApp> => {
    const inputs = buildInputsFingerprint(appPath);
    const reused = options.force ? null : reuse(appPath, inputs);
    if (reused) {
      options.onProgress?.('build reused (inputs unchanged)');
      return reused;
    }
    forgetBuild(appPath);
    const appBuild = options.sdkBuild ?? (await import('twenty-sdk/cli')).appBuild;
    const result = await appBuild({ appPath, onProgress: options.onProgress });
    if (!result.success) {
      throw new Error(`Building the app failed (${result.error.code}): ${result.error.message}`);
    }
    const built = {
      outputDir: result.data.outputDir,
      manifest: readManifest(result.data.outputDir),
      reused: false,
    };
    if (result.data.outputDir === outputDir) recordBuild(appPath, inputs, outputDir);
    return built;
  };
  const run = async (): Promise<BuiltApp> => {
    const previousHome = process.env.HOME;
    const home = mkdtempSync(join(tmpdir(), 'twenty-connect-home-'));
    process.env.HOME = home;
    try {
      return await withBuildLock(appPath, build, { onWait: options.onProgress });
    } finally {
      process.env.HOME = previousHome;
      rmSync(home, { recursive: true, force: true });
    }
  };
  // HOME is process-wide: serialise builds that run in the same process (tests).
  const next = homeLock.then(run, run);
  homeLock = next.catch(() => undefined);
  return next;
};
