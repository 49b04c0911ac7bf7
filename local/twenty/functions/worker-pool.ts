import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

export type WorkerJob = {
  bundlePath: string;
  handlerName: string;
  payload: unknown;
  context: Record<string, unknown>;
  env: Record<string, string>;
};

export type WorkerLog = { level: string; message: string; at: string };

export type WorkerOutcome =
  | { ok: true; value: unknown; logs: WorkerLog[] }
  | { ok: false; error: { name: string; message: string; stack?: string }; logs: WorkerLog[] };

const ENTRY = new URL('./function-worker.mjs', import.meta.url);
/** Functions kept preloaded in a spare worker, most recently used first. */
const PRELOADED_FUNCTIONS = 4;

type Spare = { worker: Worker; envKey: string };

const envKey = (env: Record<string, string>) =>
  createHash('sha256').update(JSON.stringify(env)).digest('hex');

/** Worker threads alive, running a function now, and the most that ran at once since start. */
export type PoolStats = { live: number; busy: number; peakBusy: number; idleSize: number };

/**
 * Runs each invocation in a fresh worker thread that is used once and terminated. To keep warm calls fast,
 * spare workers are started ahead of time: one generic (HTTP client warmed), and one per recently used
 * function with its bundle already loaded under the env it will run with (a changed env discards it).
 * The pool does not bound how many run at once: `FunctionRunner`'s admission does, before calling `run`.
 */
export class WorkerPool {
  #generic: Worker | undefined;
  readonly #preloaded = new Map<string, Spare>();
  #closed = false;
  readonly #live = new Set<Worker>();
  readonly #starting = new Set<Promise<void>>();
  #busy = 0;
  #peakBusy = 0;
  /** Keep spares (off only to measure cold starts). */
  keepSpare = true;

  /** `workerData` is read at each spawn: the base URL is only known once the server listens. */
  constructor(private readonly workerData: () => { baseUrl: string; sandboxHosts: string[] }) {}

  #spawn(): Worker {
    const worker = new Worker(ENTRY, {
      workerData: this.workerData(),
      env: {},
      execArgv: [],
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    worker.unref();
    worker.on('error', () => {});
    this.#live.add(worker);
    worker.once('exit', () => this.#live.delete(worker));
    return worker;
  }

  /** Tracks a spare until it reports `readyMessage` (or exits). */
  #track(worker: Worker, readyMessage: string): void {
    const ready = new Promise<void>((resolve) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== readyMessage) return;
        worker.off('message', onMessage);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('exit', () => resolve());
    });
    this.#starting.add(ready);
    void ready.then(() => this.#starting.delete(ready));
  }

  /** Resolves when every spare being started is ready (benchmarks wait on it to measure warm calls). */
  async whenReady(): Promise<void> {
    while (this.#starting.size > 0) await Promise.all(this.#starting);
  }

  /** Starts the generic spare (called at start-up and after each use). */
  warm(): void {
    if (!this.#closed && this.keepSpare && !this.#generic) {
      this.#generic = this.#spawn();
      this.#track(this.#generic, 'ready');
    }
  }

  #preload(job: WorkerJob): void {
    if (this.#closed || !this.keepSpare) return;
    // Under load many runs of one function end in a row: one spare for it is enough, not one per run.
    if (this.#preloaded.get(job.bundlePath)?.envKey === envKey(job.env)) return;
    const worker = this.#spawn();
    this.#track(worker, 'preloaded');
    worker.postMessage({ type: 'preload', bundlePath: job.bundlePath, env: job.env });
    this.#preloaded.get(job.bundlePath)?.worker.terminate();
    this.#preloaded.delete(job.bundlePath);
    this.#preloaded.set(job.bundlePath, { worker, envKey: envKey(job.env) });
    while (this.#preloaded.size > PRELOADED_FUNCTIONS) {
      const [oldest, spare] = this.#preloaded.entries().next().value!;
      void spare.worker.terminate();
      this.#preloaded.delete(oldest);
    }
  }

  #take(job: WorkerJob): { worker: Worker; preloaded: boolean } {
    const spare = this.#preloaded.get(job.bundlePath);
    if (spare) {
      this.#preloaded.delete(job.bundlePath);
      if (spare.envKey === envKey(job.env)) return { worker: spare.worker, preloaded: true };
      void spare.worker.terminate();
    }
    const worker = this.#generic ?? this.#spawn();
    this.#generic = undefined;
    return { worker, preloaded: false };
  }

  async run(job: WorkerJob, timeoutMs: number): Promise<WorkerOutcome> {
    const { worker, preloaded } = this.#take(job);
    const logs: WorkerLog[] = [];
    this.#busy += 1;
    this.#peakBusy = Math.max(this.#peakBusy, this.#busy);
    try {
      return await new Promise<WorkerOutcome>((resolve) => {
        const timer = setTimeout(() => {
          resolve({
            ok: false,
            error: {
              name: 'TimeoutError',
              message: `The function did not finish within ${timeoutMs / 1000} s.`,
            },
            logs,
          });
        }, timeoutMs);
        worker.on('message', (message: { type: string } & Record<string, unknown>) => {
          if (message.type === 'log') {
            logs.push({
              level: String(message.level),
              message: String(message.message),
              at: new Date().toISOString(),
            });
          } else if (message.type === 'done') {
            clearTimeout(timer);
            resolve(
              message.ok
                ? { ok: true, value: message.value, logs }
                : { ok: false, error: message.error as { name: string; message: string }, logs },
            );
          }
        });
        worker.once('error', (error) => {
          clearTimeout(timer);
          resolve({ ok: false, error: { name: error.name, message: error.message }, logs });
        });
        worker.once('exit', (code) => {
          clearTimeout(timer);
          resolve({
            ok: false,
            error: { name: 'Error', message: `The function's worker exited (${code}).` },
            logs,
          });
        });
        worker.postMessage({ type: 'run', job });
      });
    } finally {
      this.#busy -= 1;
      // Used once: a timed-out function is stopped here, mid-flight.
      void worker.terminate();
      // Replacements start after the call, so they do not compete with it for CPU.
      setImmediate(() => {
        this.#preload(job);
        if (!preloaded) this.warm();
      });
    }
  }

  /**
   * A new build is serving: spares with an old bundle loaded are stopped (new runs load the new bundles); runs
   * under way finish in their own workers on the bundles they loaded.
   */
  dropPreloaded(): void {
    for (const spare of this.#preloaded.values()) void spare.worker.terminate();
    this.#preloaded.clear();
  }

  stats(): PoolStats {
    return {
      live: this.#live.size,
      busy: this.#busy,
      peakBusy: this.#peakBusy,
      // Between bursts: the generic spare and one preloaded spare per recently used function.
      idleSize: (this.#generic ? 1 : 0) + this.#preloaded.size,
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#generic = undefined;
    this.#preloaded.clear();
    await Promise.all([...this.#live].map((worker) => worker.terminate()));
  }
}
