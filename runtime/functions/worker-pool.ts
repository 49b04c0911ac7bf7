import { Worker } from 'node:worker_threads';

export type WorkerJob = {
  bundlePath: string;
  handlerName: string;
  payload: unknown;
  context: Record<string, unknown>;
  env: Record<string, string>;
};

export type WorkerOutcome =
  | { ok: true; value: unknown; logs: WorkerLog[] }
  | { ok: false; error: { name: string; message: string; stack?: string }; logs: WorkerLog[] };

export type WorkerLog = { level: string; message: string; at: string };

const ENTRY = new URL('./function-worker.mjs', import.meta.url);

/**
 * Runs each invocation in a fresh worker thread that is used once and terminated. One worker is kept
 * pre-spawned, so a warm call only pays for loading the bundle, not for starting a thread.
 */
export class WorkerPool {
  #spare: Worker | undefined;
  #closed = false;
  /** Keep one worker pre-spawned (off only to measure cold starts). */
  keepSpare = true;
  readonly #live = new Set<Worker>();

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
    this.#live.add(worker);
    worker.once('exit', () => this.#live.delete(worker));
    return worker;
  }

  /** Starts the spare worker now (called at start-up, and after each use). */
  warm(): void {
    if (!this.#closed && this.keepSpare && !this.#spare) this.#spare = this.#spawn();
  }

  async run(job: WorkerJob, timeoutMs: number): Promise<WorkerOutcome> {
    const worker = this.#spare ?? this.#spawn();
    this.#spare = undefined;
    setImmediate(() => this.warm());
    const logs: WorkerLog[] = [];
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
        worker.postMessage(job);
      });
    } finally {
      // Used once: a timed-out function is stopped here, mid-flight.
      void worker.terminate();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#spare = undefined;
    await Promise.all([...this.#live].map((worker) => worker.terminate()));
  }
}
