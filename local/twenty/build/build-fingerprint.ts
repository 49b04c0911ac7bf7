import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/**
 * What `appBuild` reads, hashed by content (a fresh clone has fresh mtimes, so mtimes prove nothing):
 * - every `.ts`/`.tsx` under the app root, as the SDK globs them (`**\/*.ts`, `**\/*.tsx`, ignoring
 *   `node_modules`, `dist`, `.twenty` and `*.d.ts`; fast-glob skips dot-folders such as `.data` by default):
 *   twenty-sdk `dist/login-*.mjs`, the glob beside `ignore: ["**\/node_modules/**", "**\/*.d.ts", ...]`;
 *   and, to be safe, what esbuild may bundle or tsc may typecheck next to them (`.d.ts`, `.js`/`.mjs`/`.cjs`,
 *   `.json`): an edit there costs a needless build, never a stale one;
 * - the public assets folder (`public/**`, copied into the output) and `README.md` (read into the manifest);
 * - `package.json`, `package-lock.json`, every `tsconfig*.json` at the root (the typecheck reads them);
 * - the version of `twenty-sdk` that builds (a new SDK bundles and validates differently).
 */
// `reports`: mutation-testing output (stryker.config.mjs), never an input of the build.
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'reports']);

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

const walk = (root: string, dir: string, keep: (name: string) => boolean, out: string[]) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue; // .twenty, .data, .git, .stryker-tmp: the SDK's glob skips them
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(root, path, keep, out);
    } else if (entry.isFile() && keep(entry.name)) {
      out.push(relative(root, path).split(sep).join('/'));
    }
  }
};

const isSource = (name: string) => /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|json)$/.test(name);

/** The `package.json` of the twenty-sdk this module builds with (the one `import('twenty-sdk/cli')` loads). */
const sdkVersion = (): string => {
  let dir = import.meta.dirname;
  for (;;) {
    const candidate = join(dir, 'node_modules', 'twenty-sdk', 'package.json');
    if (existsSync(candidate))
      return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
};

/** One hash over every input of the build: the same inputs give the same fingerprint on any machine. */
export const buildInputsFingerprint = (appPath: string): string => {
  const files: string[] = [];
  walk(appPath, appPath, isSource, files);
  const publicDir = join(appPath, 'public');
  if (existsSync(publicDir)) walk(appPath, publicDir, () => true, files);
  for (const name of readdirSync(appPath)) {
    if (
      /^tsconfig.*\.json$/.test(name) ||
      ['package.json', 'package-lock.json', 'README.md'].includes(name)
    ) {
      files.push(name);
    }
  }
  const lines = [...new Set(files)]
    .sort()
    .map((file) => `${file}\0${sha256(readFileSync(join(appPath, file)))}`);
  return sha256([`twenty-sdk ${sdkVersion()}`, ...lines].join('\n'));
};

/** Every file of the output with its hash: a deleted or edited bundle shows as a mismatch. */
const outputDigest = (outputDir: string): Record<string, string> => {
  const files: string[] = [];
  walk(outputDir, outputDir, () => true, files);
  return Object.fromEntries(files.sort().map((file) => [file, sha256(readFileSync(join(outputDir, file)))]));
};

type Stamp = { version: 1; inputs: string; output: Record<string, string> };

/** Kept beside the output (not inside it: the build rewrites `.twenty/output`). */
export const stampPath = (appPath: string) => join(appPath, '.twenty', 'build-inputs.json');

/** Drops the stamp before a build, so a build that fails or is killed half-way is never reused. */
export const forgetBuild = (appPath: string) => rmSync(stampPath(appPath), { force: true });

export const recordBuild = (appPath: string, inputs: string, outputDir: string) => {
  const stamp: Stamp = { version: 1, inputs, output: outputDigest(outputDir) };
  writeFileSync(stampPath(appPath), `${JSON.stringify(stamp, null, 2)}\n`);
};

/** True when the last build had these inputs and its output (manifest and bundles) is still as it wrote it. */
export const canReuseBuild = (appPath: string, inputs: string, outputDir: string): boolean => {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath(appPath), 'utf8')) as Stamp;
  } catch {
    return false;
  }
  if (stamp.version !== 1 || stamp.inputs !== inputs || !stamp.output['manifest.json']) return false;
  if (!existsSync(outputDir)) return false;
  const now = outputDigest(outputDir);
  const expected = Object.entries(stamp.output);
  return expected.length === Object.keys(now).length && expected.every(([file, hash]) => now[file] === hash);
};
