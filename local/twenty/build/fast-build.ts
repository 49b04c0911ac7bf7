import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { BuildFailure } from 'esbuild';
import { defineStubPlugin } from './define-stub.ts';
import type { AppManifest } from './manifest.ts';

const moduleRequire = createRequire(import.meta.url);
/** The esbuild the SDK itself imports (resolved from inside `twenty-sdk`), so both produce the same bytes. */
const sdkRequire = createRequire(moduleRequire.resolve('twenty-sdk/define'));
const STUB_CHILD = fileURLToPath(new URL('./define-stub-child.ts', import.meta.url));
const TSX = pathToFileURL(moduleRequire.resolve('tsx')).href;

/** A file the fast rebuild wrote, relative to the build output (`src/functions/x.mjs`, its `.map`). */
export type BuildFile = { path: string; contents: Uint8Array };

/** Each bundle (`src/functions/x.mjs`) and the absolute paths of the files it was built from. */
export type BundleInputs = Map<string, Set<string>>;

/**
 * twenty-sdk 2.43's options for logic-function bundles (`dist/login-*.mjs`: the `external` list, the
 * `createRequire` banner, and the options the app build passes for `Ce.BuiltLogicFunction`). `outdir` is the
 * SDK's (`<app>/.twenty/output`) and nothing is written there (`write: false`): source map paths come out as
 * the SDK writes them.
 */
const EXTERNAL = [
  'twenty-client-sdk/core',
  'twenty-client-sdk/metadata',
  'path',
  'fs',
  'crypto',
  'stream',
  'util',
  'os',
  'url',
  'http',
  'https',
  'events',
  'buffer',
  'querystring',
  'assert',
  'zlib',
  'net',
  'tls',
  'child_process',
  'worker_threads',
];
const BANNER = {
  js: "import { createRequire as __createRequire } from 'module';\nconst require = __createRequire(import.meta.url);",
};

/** The `twenty-sdk/define` stub's source, made in a short child process (see `define-stub-child.ts`). */
export const loadDefineStub = async (): Promise<string> => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', TSX, STUB_CHILD], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
};

/** esbuild's errors as `file:line:column: text` lines (what the SDK's build shows for a syntax error). */
export const formatBuildFailure = (failure: BuildFailure): string =>
  failure.errors
    .map((error) =>
      error.location
        ? `${error.location.file}:${error.location.line}:${error.location.column}: ${error.text}`
        : error.text,
    )
    .join('\n');

export const isBuildFailure = (error: unknown): error is BuildFailure =>
  error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors);

/**
 * Rebuilds the bundles of the functions the manifest already has, exactly as the SDK's build does (one esbuild
 * call, entry points keyed by the source path without extension), in memory. New or removed functions,
 * triggers and schemas need the SDK's full build (the manifest); this only refreshes the code. esbuild's service
 * is stopped afterwards, so the runtime keeps no builder memory between saves. Rejects with esbuild's
 * `BuildFailure` on a syntax or resolution error.
 */
/** One fast rebuild at a time: each stops esbuild's service when done, which would end another's build. */
let queue: Promise<unknown> = Promise.resolve();

export const fastBundles = (options: Parameters<typeof bundleOnce>[0]): Promise<BuildFile[]> => {
  const next = queue.then(
    () => bundleOnce(options),
    () => bundleOnce(options),
  );
  queue = next.catch(() => undefined);
  return next;
};

const bundleOnce = async (options: {
  appPath: string;
  manifest: AppManifest;
  defineStub: string;
  /**
   * Only the bundles built from one of these files (absolute paths), per `inputs` (the last fast rebuild's);
   * a bundle `inputs` does not know is rebuilt. Each bundle is independent (`splitting: false`), so a bundle
   * built alone has the same bytes (checked by the same test).
   */
  changed?: { files: string[]; inputs: BundleInputs };
  /** Receives each rebuilt bundle's input files, for the next `changed`. */
  onInputs?: (inputs: BundleInputs) => void;
  /**
   * Only learn the inputs (the watch-start pass): no source maps, nothing returned, so an idle runtime does not
   * hold a build's worth of output it will never serve. The inputs do not depend on the source maps.
   */
  inputsOnly?: boolean;
}): Promise<BuildFile[]> => {
  const { appPath, changed } = options;
  const entryPoints: Record<string, string> = {};
  for (const fn of options.manifest.logicFunctions) {
    if (!fn.sourceHandlerPath) continue;
    const source = join(appPath, fn.sourceHandlerPath);
    const key = fn.sourceHandlerPath.replace(/\.tsx?$/, '');
    const inputs = changed?.inputs.get(`${key}.mjs`);
    if (changed && (inputs ? !changed.files.some((file) => inputs.has(file)) : false)) continue;
    // A deleted function file: the full build drops it from the manifest.
    if (existsSync(source)) entryPoints[key] = source;
  }
  if (Object.keys(entryPoints).length === 0) return [];
  const esbuild = sdkRequire('esbuild') as typeof import('esbuild');
  const outdir = join(appPath, '.twenty', 'output');
  try {
    const result = await esbuild.build({
      entryPoints,
      bundle: true,
      splitting: false,
      format: 'esm',
      platform: 'node',
      outdir,
      outExtension: { '.js': '.mjs' },
      external: EXTERNAL,
      tsconfig: join(appPath, 'tsconfig.json'),
      sourcemap: !options.inputsOnly,
      metafile: true,
      logLevel: 'silent',
      banner: BANNER,
      plugins: [defineStubPlugin(options.defineStub)],
      write: false,
    });
    const inputs: BundleInputs = new Map();
    for (const [output, meta] of Object.entries(result.metafile.outputs)) {
      if (!output.endsWith('.mjs')) continue;
      // Metafile paths are relative to esbuild's working directory (this process's).
      const files = Object.keys(meta.inputs).map((input) => resolve(input));
      inputs.set(relative(outdir, resolve(output)), new Set(files));
    }
    options.onInputs?.(inputs);
    if (options.inputsOnly) return [];
    return result.outputFiles.map((file) => ({ path: relative(outdir, file.path), contents: file.contents }));
  } finally {
    await esbuild.stop();
  }
};

/** The manifest with each rebuilt bundle's checksum (MD5 of the bundle, as the SDK records it). */
export const withChecksums = (manifest: AppManifest, files: BuildFile[]): AppManifest => {
  const checksums = new Map(
    files.map((file) => [file.path, createHash('md5').update(file.contents).digest('hex')]),
  );
  return {
    ...manifest,
    logicFunctions: manifest.logicFunctions.map((fn) => {
      const checksum = checksums.get(fn.builtHandlerPath);
      return checksum ? { ...fn, builtHandlerChecksum: checksum } : fn;
    }),
  };
};
