import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppManifest, readManifest } from './manifest.ts';

export type BuiltApp = { outputDir: string; manifest: AppManifest };

let homeLock: Promise<unknown> = Promise.resolve();

const LOCK_STALE_MS = 5 * 60 * 1000;

/**
 * Two builds of the same app (a test run and `npm start`, say) would write `.twenty/output` at the same time:
 * a lock directory next to it serialises them across processes (atomic mkdir; a stale lock is broken).
 */
const withBuildLock = async <T>(appPath: string, run: () => Promise<T>): Promise<T> => {
  const lock = join(appPath, '.twenty', '.build-lock');
  mkdirSync(join(appPath, '.twenty'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS)
          rmSync(lock, { recursive: true, force: true });
      } catch {}
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await run();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
};

/**
 * Builds the app with the SDK's own `appBuild` (the same artifact `twenty dev:build` deploys) into
 * `<appPath>/.twenty/output`. The CLI keeps its config under `$HOME/.twenty`, so HOME points at a throwaway
 * directory during the call and the person's home is never written.
 */
export const buildApp = async (
  appPath: string,
  options: { onProgress?: (message: string) => void } = {},
): Promise<BuiltApp> => {
  const run = async (): Promise<BuiltApp> => {
    const { appBuild } = await import('twenty-sdk/cli');
    const previousHome = process.env.HOME;
    const home = mkdtempSync(join(tmpdir(), 'twenty-connect-home-'));
    process.env.HOME = home;
    try {
      const result = await withBuildLock(appPath, () =>
        appBuild({ appPath, onProgress: options.onProgress }),
      );
      if (!result.success) {
        throw new Error(`Building the app failed (${result.error.code}): ${result.error.message}`);
      }
      return { outputDir: result.data.outputDir, manifest: readManifest(result.data.outputDir) };
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
