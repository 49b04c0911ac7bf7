/**
 * The build process: `buildInChild` forks this file (under tsx), it builds the app with `buildApp` (the SDK's
 * `appBuild`: esbuild, the manifest, tsc) and exits, so the runtime never holds the builder's memory. Messages
 * to the parent: `{ type: 'progress', message }`, then `{ type: 'built', built }` or `{ type: 'failed', message }`.
 * Arguments: `<appPath> [--force]`.
 */
import { buildApp } from './build-app.ts';

export type BuildChildMessage =
  | { type: 'progress'; message: string }
  | { type: 'built'; built: Awaited<ReturnType<typeof buildApp>> }
  | { type: 'failed'; message: string };

const send = (message: BuildChildMessage) =>
  new Promise<void>((resolve) => {
    if (!process.connected) return resolve();
    process.send?.(message, undefined, {}, () => resolve());
  });

let finished = false;
// The runtime went away (killed, or a newer save cancelled this build): stop; the build lock names this pid,
// so the next build breaks it at once.
process.on('disconnect', () => {
  if (!finished) process.exit(1);
});

const [appPath, flag] = process.argv.slice(2);
try {
  if (!appPath) throw new Error('build-child: no app path given');
  const built = await buildApp(appPath, {
    force: flag === '--force',
    onProgress: (message) => void send({ type: 'progress', message }),
  });
  finished = true;
  await send({ type: 'built', built });
} catch (error) {
  finished = true;
  await send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
// esbuild's service would keep the process alive.
process.exit(0);
