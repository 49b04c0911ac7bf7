import type { SandboxFailure } from '../sandbox.ts';

/**
 * Failures queued with `Sandbox.failNext`, consumed in order. A failure without `operation` matches any
 * API call; with one, only a call to that operation (Linear root field, GitHub `METHOD /path`, Slack method).
 */
export class FailureQueue {
  #queue: SandboxFailure[] = [];

  push(failure: SandboxFailure): void {
    this.#queue.push({ ...failure });
  }

  /** Removes and returns the oldest failure matching one of `operations`, if any. */
  take(...operations: string[]): SandboxFailure | undefined {
    const index = this.#queue.findIndex(
      (failure) => failure.operation === undefined || operations.includes(failure.operation),
    );
    if (index < 0) return undefined;
    return this.#queue.splice(index, 1)[0];
  }

  /** Queued failures, oldest first (a copy, for persistence). */
  list(): SandboxFailure[] {
    return this.#queue.map((failure) => ({ ...failure }));
  }

  replace(failures: SandboxFailure[]): void {
    this.#queue = failures.map((failure) => ({ ...failure }));
  }

  clear(): void {
    this.#queue = [];
  }
}
