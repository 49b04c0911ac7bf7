import { existsSync, type FSWatcher, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { type BuiltApp, reusableBuild } from './build-app.ts';
import { type BuildJob, buildInChild } from './build-in-child.ts';
import {
  type BuildFile,
  type BundleInputs,
  fastBundles,
  formatBuildFailure,
  isBuildFailure,
  loadDefineStub,
  withChecksums,
} from './fast-build.ts';

/**
 * What `/api/state` and the console header show about the app's build: `swapped` is the saved code running
 * from the fast rebuild while the full build (manifest, typecheck) is under way.
 */
export type BuildStatus = {
  state: 'building' | 'swapped' | 'ready' | 'failed';
  /** When the state was reached (ISO). */
  at: string;
  /** The last build's error, while the last good build keeps serving. */
  error?: string;
  /** Functions in the build being served. */
  functions: number;
  /** `src/` and `application.config.ts` are watched; a save rebuilds and swaps the bundles. */
  watching: boolean;
};

/** Editors write a file in several steps (truncate, write, rename): one rebuild per burst of events. */
const DEBOUNCE_MS = 150;

/** Whether a fast-rebuilt file differs from the one being served. */
const differs = (outputDir: string, file: BuildFile): boolean => {
  try {
    return Buffer.compare(readFileSync(join(outputDir, file.path)), file.contents) !== 0;
  } catch {
    return true;
  }
};

/**
 * The build the runtime serves, and the dev loop around it: reuse or build at start, then (when watching) after
 * each save two steps. First the fast rebuild: the bundles of the functions the manifest already has, built
 * in this process with the SDK's esbuild options (`fast-build.ts`) and swapped in at once (`swapped`); a syntax
 * error stops there (the last good build keeps serving, its error shown). Then the SDK's full build in a child
 * process (manifest, bundles, typecheck), swapped in on success (`ready`); when it fails after a fast swap the
 * saved code keeps running and the error is shown. A save during a full build stops it and starts over.
 */
export class DevLoop {
  #status: BuildStatus;
  readonly #watchers: FSWatcher[] = [];
  #timer: NodeJS.Timeout | undefined;
  #job: BuildJob | null = null;
  #running = false;
  #again = false;
  #closed = false;
  /** The full build under way was stopped for a newer save (its rejection is no failure). */
  #superseded = false;
  #idle: Promise<void> = Promise.resolve();
  #serving: BuiltApp;
  /** The code serving came from the fast rebuild, not yet confirmed by a full build. */
  #fastServing = false;
  #defineStub: Promise<string | null> | null = null;
  /** Files saved since the last rebuild began (null: unknown, every bundle is rebuilt). */
  #changed: Set<string> | null = new Set();
  /** What each bundle is built from (the last fast rebuild's metafile): a save rebuilds only the bundles it touches. */
  #inputs: BundleInputs | null = null;

  constructor(
    private readonly options: {
      appPath: string;
      serving: BuiltApp;
      /**
       * Swaps the runtime to a new build (a successful build with a changed output), or to the serving build
       * with `files` (the fast rebuild's bundles) written over it; returns the snapshot now serving.
       */
      swap: (built: BuiltApp, files?: BuildFile[]) => BuiltApp;
      log: (message: string) => void;
    },
  ) {
    this.#serving = options.serving;
    this.#status = {
      state: 'ready',
      at: new Date().toISOString(),
      functions: options.serving.manifest.logicFunctions.length,
      watching: false,
    };
  }

  status(): BuildStatus {
    return { ...this.#status };
  }

  /** A new state, reached now; `watching` carries over, and so does `error` only when `extra` gives one. */
  #enter(state: BuildStatus['state'], extra: Partial<Omit<BuildStatus, 'state' | 'at'>> = {}): void {
    const { watching, functions } = this.#status;
    this.#status = { state, at: new Date().toISOString(), functions, watching, ...extra };
  }

  /** Watches `src/` (recursive) and `application.config.ts`; each burst of changes rebuilds once. */
  watch(): void {
    if (this.#closed || this.#status.watching) return;
    const { appPath } = this.options;
    const src = join(appPath, 'src');
    if (existsSync(src))
      this.#watchers.push(
        watch(src, { recursive: true }, (_event, name) => this.#schedule(name ? join(src, name) : null)),
      );
    // The folder, not the file: editors replace the file by a rename, which ends a watch on the file itself.
    this.#watchers.push(
      watch(appPath, (_event, name) => {
        if (name === 'application.config.ts') this.#schedule(join(appPath, name));
      }),
    );
    for (const watcher of this.#watchers)
      watcher.on('error', (error) => this.options.log(`watch: ${error.message}`));
    this.#status = { ...this.#status, watching: true };
    // Learn what each bundle is built from (one fast rebuild, output discarded), so the first save is fast too.
    void this.#stub().then(async (defineStub) => {
      if (!defineStub || this.#closed || this.#inputs) return;
      const serving = this.#serving;
      await fastBundles({
        appPath,
        manifest: serving.manifest,
        defineStub,
        onInputs: (inputs) => this.#learn(inputs),
        inputsOnly: true,
      }).catch(() => {});
    });
  }

  #learn(inputs: BundleInputs): void {
    this.#inputs ??= new Map();
    for (const [bundle, files] of inputs) this.#inputs.set(bundle, files);
  }

  /** The `twenty-sdk/define` stub for the fast rebuild, made once (null: the fast rebuild is off). */
  #stub(): Promise<string | null> {
    this.#defineStub ??= loadDefineStub().catch((error: unknown) => {
      this.options.log(
        `build: the fast rebuild is off (${(error as Error).message}); each save runs the full build`,
      );
      return null;
    });
    return this.#defineStub;
  }

  #schedule(file: string | null): void {
    if (this.#closed) return;
    if (file === null) this.#changed = null;
    else this.#changed?.add(file);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.rebuild(), DEBOUNCE_MS);
  }

  /** Rebuilds now (or once more after the build under way); resolves when no build is running or queued. */
  rebuild(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      // The full build under way is of older sources: stop it; the loop starts over with a fast swap.
      if (this.#job) {
        this.#superseded = true;
        this.#job.cancel();
      }
      return this.#idle;
    }
    this.#running = true;
    this.#idle = this.#run().finally(() => {
      this.#running = false;
    });
    return this.#idle;
  }

  async #run(): Promise<void> {
    do {
      this.#again = false;
      if (this.#closed) return;
      await this.#buildOnce();
    } while (this.#again);
  }

  async #buildOnce(): Promise<void> {
    const { appPath, log } = this.options;
    const started = performance.now();
    const { error } = this.#status;
    // The last failure stays shown while the next build runs.
    this.#enter('building', error === undefined ? {} : { error });
    const changed = this.#changed;
    this.#changed = new Set();
    const fast = await this.#fastSwap(started, changed);
    // Those bundles still need the fixed code: the next save rebuilds them too.
    if (fast === 'failed') for (const file of changed ?? []) this.#changed?.add(file);
    // A syntax error: the full build would fail on it too. A newer save: the loop starts over.
    if (fast === 'failed' || this.#closed || this.#again) return;
    try {
      let built = await reusableBuild(appPath);
      if (!built) {
        log('build: change seen, building...');
        this.#job = buildInChild(appPath, { onProgress: (message) => log(`  build: ${message}`) });
        built = await this.#job.result;
      }
      if (this.#closed) return;
      // Unchanged inputs (a save without edits) leave the served build as it is, unless fast bundles serve.
      if (!built.reused || this.#fastServing) {
        this.#serving = this.options.swap(built);
        this.#fastServing = false;
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        log(
          `build: ready in ${seconds} s, new bundles serving (${built.manifest.logicFunctions.length} functions)`,
        );
      }
      this.#enter('ready', { functions: built.manifest.logicFunctions.length });
    } catch (error) {
      if (this.#closed || this.#superseded) return;
      const message = error instanceof Error ? error.message : String(error);
      // The fast bundles compiled, so they keep running; `twenty dev` would refuse to sync this state.
      const serving = this.#fastServing
        ? 'The saved code is running (its bundles compiled), but the full build failed'
        : 'The last good build keeps serving; the build failed';
      log(`build: ${serving}.\n${message}`);
      this.#enter('failed', { error: `${serving}:\n${message}` });
    } finally {
      this.#job = null;
      this.#superseded = false;
    }
  }

  /**
   * The fast rebuild: the served manifest's functions rebundled and, when a bundle changed, swapped in.
   * `failed`: esbuild reported errors (status and log say which); `skipped`: no fast rebuild (no stub, or
   * esbuild could not run), the full build decides.
   */
  async #fastSwap(
    started: number,
    saved: Set<string> | null,
  ): Promise<'swapped' | 'unchanged' | 'failed' | 'skipped'> {
    const { appPath, log } = this.options;
    const defineStub = await this.#stub();
    if (!defineStub || this.#closed) return 'skipped';
    const serving = this.#serving;
    let files: BuildFile[];
    try {
      files = await fastBundles({
        appPath,
        manifest: serving.manifest,
        defineStub,
        changed: saved && this.#inputs ? { files: [...saved], inputs: this.#inputs } : undefined,
        onInputs: (inputs) => this.#learn(inputs),
      });
    } catch (error) {
      if (this.#closed) return 'skipped';
      if (!isBuildFailure(error)) {
        log(`build: fast rebuild skipped (${(error as Error).message})`);
        return 'skipped';
      }
      const message = formatBuildFailure(error);
      log(`build: failed; the last good build keeps serving.\n${message}`);
      this.#enter('failed', { error: message });
      return 'failed';
    }
    const changed = files.filter((file) => differs(serving.outputDir, file));
    if (this.#closed || !changed.some((file) => file.path.endsWith('.mjs'))) return 'unchanged';
    this.#serving = this.options.swap(
      { ...serving, manifest: withChecksums(serving.manifest, files) },
      changed,
    );
    this.#fastServing = true;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const bundles = changed.filter((file) => file.path.endsWith('.mjs')).length;
    log(`build: new code serving in ${seconds} s (${bundles} bundles rebuilt); full build next`);
    this.#enter('swapped', { functions: serving.manifest.logicFunctions.length });
    return 'swapped';
  }

  /** Stops watching and any build under way (its process is ended). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const watcher of this.#watchers.splice(0)) watcher.close();
    this.#job?.cancel();
    this.#status = { ...this.#status, watching: false };
  }
}
