import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BuiltApp } from './build-app.ts';
import type { BuildFile } from './fast-build.ts';

let count = 0;

/**
 * Copies the build output into `<dataDir>/build/<stamp>` and runs functions from there: a later
 * `twenty dev:build` (or another runtime) rewriting `.twenty/output` must not pull bundles from under a running
 * runtime. Bundles import `twenty-client-sdk` (Twenty provides it at run time), so the app's `node_modules` is
 * linked next to the copy. A swap keeps the snapshot it replaces (runs under way import from it) and removes
 * older ones. `files` (the dev loop's fast rebuild) replace files of the copy.
 */
export const snapshotBuild = (
  app: BuiltApp,
  dataDir: string,
  appPath: string,
  options: {
    /** The snapshot being replaced (a swap): kept, so runs already under way finish on their bundles. */
    keep?: BuiltApp;
    /** Files written over the copy (paths relative to the output). */
    files?: BuildFile[];
  } = {},
): BuiltApp => {
  const { keep } = options;
  const root = join(dataDir, 'build');
  mkdirSync(root, { recursive: true });
  const kept = keep ? basename(dirname(keep.outputDir)) : null;
  for (const old of readdirSync(root)) {
    if (old !== kept) rmSync(join(root, old), { recursive: true, force: true });
  }
  const snapshot = join(root, `${Date.now()}-${process.pid}-${++count}`);
  const output = join(snapshot, 'output');
  cpSync(app.outputDir, output, { recursive: true });
  for (const file of options.files ?? []) writeFileSync(join(output, file.path), file.contents);
  const modules = findNodeModules(appPath || app.outputDir);
  if (modules) symlinkSync(modules, join(snapshot, 'node_modules'), 'dir');
  return { ...app, outputDir: output };
};

const findNodeModules = (from: string): string | null => {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules');
    if (existsSync(join(candidate, 'twenty-client-sdk'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
};
