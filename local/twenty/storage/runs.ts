import type { DatabaseSync } from 'node:sqlite';

export type RunLog = { level: string; message: string; at: string };

/** Who asked for a run, when it was not the console: an MCP client, for a member or for the workspace. */
export type RunCaller = { via: 'mcp'; clientId: string; clientName: string; memberName: string | null };

export type RunRecord = {
  runId: string;
  functionId: string;
  functionName: string;
  trigger: string;
  ok: boolean;
  status?: number;
  result: unknown;
  error?: { name: string; message: string };
  logs: RunLog[];
  durationMs: number;
  attempts: number;
  startedAt: string;
  caller?: RunCaller;
};

/** Runs kept when no `runHistory` setting says otherwise. */
export const DEFAULT_RUN_HISTORY = 1000;

export class RunStore {
  /** The newest `keep` runs are kept; older ones are deleted as new ones are saved (and on start). */
  constructor(
    private readonly db: DatabaseSync,
    private readonly keep = DEFAULT_RUN_HISTORY,
  ) {
    this.#prune();
  }

  /** rowid follows insertion (a re-saved run is re-inserted), so "oldest" is cheap to find. */
  #prune(): void {
    this.db
      .prepare(
        'DELETE FROM runs WHERE rowid <= (SELECT rowid FROM runs ORDER BY rowid DESC LIMIT 1 OFFSET ?)',
      )
      .run(this.keep);
  }

  save(run: RunRecord): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO runs (id, function_id, function_name, trigger, ok, status, result, error, logs,
          duration_ms, attempts, started_at, caller) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.runId,
        run.functionId,
        run.functionName,
        run.trigger,
        run.ok ? 1 : 0,
        run.status ?? null,
        JSON.stringify(run.result ?? null),
        run.error ? JSON.stringify(run.error) : null,
        JSON.stringify(run.logs),
        Math.round(run.durationMs),
        run.attempts,
        run.startedAt,
        run.caller ? JSON.stringify(run.caller) : null,
      );
    this.#prune();
  }

  recent(limit: number): RunRecord[] {
    return this.db
      .prepare('SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?')
      .all(limit)
      .map((row) => ({
        runId: String(row.id),
        functionId: String(row.function_id),
        functionName: String(row.function_name),
        trigger: String(row.trigger),
        ok: row.ok === 1,
        ...(row.status === null ? {} : { status: Number(row.status) }),
        result: JSON.parse(String(row.result ?? 'null')),
        ...(row.error ? { error: JSON.parse(String(row.error)) } : {}),
        logs: JSON.parse(String(row.logs)) as RunLog[],
        durationMs: Number(row.duration_ms),
        attempts: Number(row.attempts),
        startedAt: String(row.started_at),
        ...(row.caller ? { caller: JSON.parse(String(row.caller)) as RunCaller } : {}),
      }));
  }

  /** When each MCP client last had a tool run, by client id. */
  lastMcpCalls(): Map<string, string> {
    const rows = this.db
      .prepare(
        `SELECT json_extract(caller, '$.clientId') AS client_id, MAX(started_at) AS last_at FROM runs
         WHERE caller IS NOT NULL GROUP BY client_id`,
      )
      .all();
    return new Map(rows.map((row) => [String(row.client_id), String(row.last_at)]));
  }
}
