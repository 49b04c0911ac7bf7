import { existsSync, type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';
import { type BuiltApp, reusableBuild } from './build-app.ts';
import { type BuildJob, buildInChild } from './build-in-child.ts';

/** What `/api/state` and the console header show about the app's build. */
export type BuildStatus = {
  state: 'building' | 'ready' | 'failed';
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

/**
 * The build the runtime serves, and the dev loop around it: reuse or build at start, then (when watching) a
 * rebuild in a child process after each save and a swap to the new bundles on success. A failed build keeps
 * the last good one serving and shows its error; saves during a build queue one more build after it.
 */
export class DevLoop {
  #status: BuildStatus;
  readonly #watchers: FSWatcher[] = [];
  #timer: NodeJS.Timeout | undefined;
  #job: BuildJob | null = null;
  #running = false;
  #again = false;
  #closed = false;
  #idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      appPath: string;
      serving: BuiltApp;
      /** Swaps the runtime to a new build (called only for a successful build with a changed output). */
      swap: (built: BuiltApp) => void;
      log: (message: string) => void;
    },
  ) {
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

  /** Watches `src/` (recursive) and `application.config.ts`; each burst of changes rebuilds once. */
  watch(): void {
    if (this.#closed || this.#status.watching) return;
    const { appPath } = this.options;
    const onChange = () => this.#schedule();
    const src = join(appPath, 'src');
    if (existsSync(src)) this.#watchers.push(watch(src, { recursive: true }, onChange));
    // The folder, not the file: editors replace the file by a rename, which ends a watch on the file itself.
    this.#watchers.push(
      watch(appPath, (_event, name) => {
        if (name === 'application.config.ts') onChange();
      }),
    );
    for (const watcher of this.#watchers)
      watcher.on('error', (error) => this.options.log(`watch: ${error.message}`));
    this.#status = { ...this.#status, watching: true };
  }

  #schedule(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.rebuild(), DEBOUNCE_MS);
  }

  /** Rebuilds now (or once more after the build under way); resolves when no build is running or queued. */
  rebuild(): Promise<void> {
    if (this.#running) {
      this.#again = true;
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
    this.#status = { ...this.#status, state: 'building', at: new Date().toISOString() };
    try {
      let built = await reusableBuild(appPath);
      if (!built) {
        log('build: change seen, building...');
        this.#job = buildInChild(appPath, { onProgress: (message) => log(`  build: ${message}`) });
        built = await this.#job.result;
      }
      if (this.#closed) return;
      // Unchanged inputs (a save without edits) leave the served build as it is.
      if (!built.reused) this.options.swap(built);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (!built.reused)
        log(
          `build: ready in ${seconds} s, new bundles serving (${built.manifest.logicFunctions.length} functions)`,
        );
      this.#status = {
        state: 'ready',
        at: new Date().toISOString(),
        functions: built.manifest.logicFunctions.length,
        watching: this.#status.watching,
      };
    } catch (error) {
      if (this.#closed) return;
      const message = error instanceof Error ? error.message : String(error);
      log(`build: failed; the last good build keeps serving.\n${message}`);
      this.#status = { ...this.#status, state: 'failed', at: new Date().toISOString(), error: message };
    } finally {
      this.#job = null;
    }
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
