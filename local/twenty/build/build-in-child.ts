import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BuiltApp } from './build-app.ts';
import type { BuildChildMessage } from './build-child.ts';

const CHILD = fileURLToPath(new URL('./build-child.ts', import.meta.url));
/** tsx's loader, so the child runs the TypeScript build module (`tsx` exports its loader as the package root). */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** What the child printed last, kept for the error when it dies without saying why. */
const TAIL_CHARS = 4000;

export type BuildJob = {
  result: Promise<BuiltApp>;
  /** Stops the build process (its lock is broken by the next build: its owner is gone). */
  cancel: () => void;
  pid: number | undefined;
};

/**
 * Builds the app in a child process (`build-child.ts`) that exits when done: esbuild, TypeScript and the SDK's
 * builder (≈ 1 GB while building) are never loaded into the runtime. Progress lines arrive through `onProgress`
 * as the child reports them; a failed build rejects with the SDK's error code and message, as in-process.
 */
export const buildInChild = (
  appPath: string,
  options: { onProgress?: (message: string) => void; force?: boolean } = {},
): BuildJob => {
  const child = fork(CHILD, [appPath, ...(options.force ? ['--force'] : [])], {
    execArgv: ['--import', TSX],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const result = new Promise<BuiltApp>((resolve, reject) => {
    let settled = false;
    child.on('message', (message: BuildChildMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.message);
      else if (message.type === 'built') {
        settled = true;
        resolve(message.built);
      } else if (message.type === 'failed') {
        settled = true;
        reject(new Error(message.message));
      }
    });
    child.once('error', (error) => {
      if (!settled) reject(new Error(`The build process could not start: ${error.message}`));
      settled = true;
    });
    child.once('exit', (code, signal) => {
      if (settled) return;
      settled = true;
      const why = signal ? `was stopped (${signal})` : `exited (${code})`;
      reject(new Error(`The build process ${why} before finishing.${output ? `\n${output.trim()}` : ''}`));
    });
  });
  return {
    result,
    pid: child.pid,
    cancel: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
};
