import { availableParallelism } from 'node:os';

/**
 * Who is waiting for a worker: callers that a person or an agent waits on (a route, a tool from the console or
 * API, an MCP tool call) and the runtime's own background triggers (cron, database events, connection hooks).
 */
export type Lane = 'route' | 'tool' | 'mcp' | 'background';

const LANES: readonly Lane[] = ['route', 'tool', 'mcp', 'background'];

/** Interactive calls that may wait for a worker, per lane, for each run the pool allows at once. */
export const QUEUED_PER_RUN = 4;

/** Runs at once when the setting is absent: twice the cores, as most runs wait on HTTP rather than compute. */
export const defaultMaxConcurrentRuns = (): number => Math.max(2, availableParallelism() * 2);

/** A call refused because its lane's queue is full: routes and MCP answer 429 with `retry-after`. */
export class RunRefusedError extends Error {
  override name = 'RunRefusedError';
  constructor(
    readonly lane: Lane,
    readonly retryAfterSeconds: number,
    running: number,
    queued: number,
  ) {
    super(
      `The runtime is busy: ${running} function runs in progress and ${queued} ${lane} calls waiting. Retry in ${retryAfterSeconds} s.`,
    );
  }
}

export type AdmissionStats = {
  maxRunning: number;
  running: number;
  queued: Record<Lane, number>;
  refused: Record<Lane, number>;
};

const perLane = <T>(value: (lane: Lane) => T) =>
  Object.fromEntries(LANES.map((lane) => [lane, value(lane)])) as Record<Lane, T>;

/**
 * Admission control for function runs: at most `maxRunning` run at once; the others wait in a queue per lane.
 * Interactive lanes hold at most `maxRunning * QUEUED_PER_RUN` waiting calls and refuse the next with
 * `RunRefusedError`; the background lane has no bound, so a cron tick or a database event waits, never lost.
 * A freed slot goes to the lanes in turn, so a flood on one lane does not starve the others.
 */
export class Admission {
  #running = 0;
  #next = 0;
  /** Smoothed run duration, for `retry-after`. */
  #averageRunMs = 500;
  readonly #waiting = perLane<Array<() => void>>(() => []);
  readonly #refused = perLane(() => 0);
  readonly maxQueued: Record<Lane, number>;

  constructor(readonly maxRunning: number = defaultMaxConcurrentRuns()) {
    if (!Number.isInteger(maxRunning) || maxRunning < 1) throw new RangeError('maxRunning must be >= 1');
    this.maxQueued = perLane((lane) =>
      lane === 'background' ? Number.POSITIVE_INFINITY : maxRunning * QUEUED_PER_RUN,
    );
  }

  /** True when a call on `lane` would be refused now. */
  isFull(lane: Lane): boolean {
    return this.#running >= this.maxRunning && this.#waiting[lane].length >= this.maxQueued[lane];
  }

  /** Seconds until a slot is likely free: the queue ahead, run through the pool at the recent pace. */
  retryAfterSeconds(): number {
    const ahead = LANES.reduce((sum, lane) => sum + this.#waiting[lane].length, 0) + 1;
    return Math.min(60, Math.max(1, Math.ceil((ahead / this.maxRunning) * (this.#averageRunMs / 1000))));
  }

  /** Waits for a slot; the returned function frees it. Throws `RunRefusedError` when the lane is full. */
  async acquire(lane: Lane): Promise<() => void> {
    if (this.#running < this.maxRunning) this.#running += 1;
    else if (this.isFull(lane)) {
      this.#refused[lane] += 1;
      throw new RunRefusedError(lane, this.retryAfterSeconds(), this.#running, this.#waiting[lane].length);
    } else await new Promise<void>((resolve) => this.#waiting[lane].push(resolve));
    const started = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#averageRunMs = this.#averageRunMs * 0.8 + (performance.now() - started) * 0.2;
      this.#handOver();
    };
  }

  /** Gives the freed slot to the next lane in turn that has a waiter, or frees it. */
  #handOver(): void {
    for (let i = 0; i < LANES.length; i++) {
      const lane = LANES[(this.#next + i) % LANES.length]!;
      const waiter = this.#waiting[lane].shift();
      if (waiter) {
        this.#next = (this.#next + i + 1) % LANES.length;
        waiter();
        return;
      }
    }
    this.#running -= 1;
  }

  stats(): AdmissionStats {
    return {
      maxRunning: this.maxRunning,
      running: this.#running,
      queued: perLane((lane) => this.#waiting[lane].length),
      refused: { ...this.#refused },
    };
  }
}
