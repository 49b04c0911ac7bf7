import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** Runtime settings: `.twentyrc` at the project root (no secrets), overridable by `TWENTY_CONNECT_*` env vars. */
export type RuntimeSettings = {
  host: string;
  port: number;
  dataDir: string;
  mode: 'sandbox' | 'live';
  /** Lifetime of the MCP endpoint's access tokens, in seconds. */
  mcpAccessTokenTtl: number;
  /**
   * Behave exactly as Twenty where the runtime deliberately differs on refresh: refresh by token age (55 min)
   * ignoring `expires_in`, no single flight, and a failed refresh drops the row from that read.
   */
  twentyExact?: boolean;
  /** How many function runs the run history keeps (the oldest are deleted); default 1000. */
  runHistory?: number;
  /** Function runs at once (each in its own worker thread); absent: twice the machine's cores. See docs "Load". */
  maxConcurrentRuns?: number;
  /**
   * Watch `src/` and `application.config.ts`, rebuild on save and swap the bundles without a restart (default
   * on for `npm start`; absent means off, so tests and scripts that build their own settings never watch).
   */
  watch?: boolean;
  /**
   * Multiplies the retry backoff of jobs a server route dispatched (Twenty: 1 s, 2 s, 4 s with jitter); tests set
   * it small. Default 1.
   */
  retryBackoffScale?: number;
};

const settingsSchema = z.object({
  host: z.string().min(1, 'host must not be empty').default('127.0.0.1'),
  port: z.coerce
    .number({ error: 'port must be a number' })
    .int('port must be a whole number')
    .min(0, 'port must be between 0 and 65535')
    .max(65535, 'port must be between 0 and 65535')
    .default(4020),
  dataDir: z.string().min(1, 'dataDir must not be empty').default('.data'),
  mode: z.enum(['sandbox', 'live'], { error: 'mode must be "sandbox" or "live"' }).default('sandbox'),
  mcpAccessTokenTtl: z.coerce
    .number({ error: 'mcpAccessTokenTtl must be a number of seconds' })
    .int('mcpAccessTokenTtl must be a whole number of seconds')
    .min(1, 'mcpAccessTokenTtl must be between 1 and 86400 seconds')
    .max(86_400, 'mcpAccessTokenTtl must be between 1 and 86400 seconds')
    .default(600),
  twentyExact: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])], {
      error: 'twentyExact must be true or false',
    })
    .transform((value) => value === true || value === 'true' || value === '1')
    .default(false),
  watch: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])], { error: 'watch must be true or false' })
    .transform((value) => value === true || value === 'true' || value === '1')
    .default(true),
  runHistory: z.coerce
    .number({ error: 'runHistory must be a number of runs' })
    .int('runHistory must be a whole number of runs')
    .min(1, 'runHistory must be between 1 and 1000000 runs')
    .max(1_000_000, 'runHistory must be between 1 and 1000000 runs')
    .default(1000),
  maxConcurrentRuns: z.coerce
    .number({ error: 'maxConcurrentRuns must be a number' })
    .int('maxConcurrentRuns must be a whole number')
    .min(1, 'maxConcurrentRuns must be between 1 and 256')
    .max(256, 'maxConcurrentRuns must be between 1 and 256')
    .optional(),
  retryBackoffScale: z.coerce
    .number({ error: 'retryBackoffScale must be a number' })
    .min(0, 'retryBackoffScale must be between 0 and 100')
    .max(100, 'retryBackoffScale must be between 0 and 100')
    .default(1),
});

const fileSchema = z.object({ runtime: z.record(z.string(), z.unknown()).optional() }).loose();

export class SettingsError extends Error {
  override name = 'SettingsError';
}

const readRcFile = (projectRoot: string): Record<string, unknown> => {
  const path = join(projectRoot, '.twentyrc');
  if (!existsSync(path)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SettingsError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const file = fileSchema.safeParse(parsed);
  if (!file.success) throw new SettingsError(`${path} must be a JSON object with a "runtime" object`);
  return file.data.runtime ?? {};
};

const readEnv = (env: NodeJS.ProcessEnv): Record<string, unknown> => {
  const fromEnv: Record<string, unknown> = {};
  if (env.TWENTY_CONNECT_HOST !== undefined) fromEnv.host = env.TWENTY_CONNECT_HOST;
  if (env.TWENTY_CONNECT_PORT !== undefined) fromEnv.port = env.TWENTY_CONNECT_PORT;
  if (env.TWENTY_CONNECT_DATA_DIR !== undefined) fromEnv.dataDir = env.TWENTY_CONNECT_DATA_DIR;
  if (env.TWENTY_CONNECT_MODE !== undefined) fromEnv.mode = env.TWENTY_CONNECT_MODE;
  if (env.TWENTY_CONNECT_MCP_ACCESS_TOKEN_TTL !== undefined)
    fromEnv.mcpAccessTokenTtl = env.TWENTY_CONNECT_MCP_ACCESS_TOKEN_TTL;
  if (env.TWENTY_CONNECT_TWENTY_EXACT !== undefined) fromEnv.twentyExact = env.TWENTY_CONNECT_TWENTY_EXACT;
  if (env.TWENTY_CONNECT_WATCH !== undefined) fromEnv.watch = env.TWENTY_CONNECT_WATCH;
  if (env.TWENTY_CONNECT_RUN_HISTORY !== undefined) fromEnv.runHistory = env.TWENTY_CONNECT_RUN_HISTORY;
  if (env.TWENTY_CONNECT_MAX_CONCURRENT_RUNS !== undefined)
    fromEnv.maxConcurrentRuns = env.TWENTY_CONNECT_MAX_CONCURRENT_RUNS;
  if (env.TWENTY_CONNECT_RETRY_BACKOFF_SCALE !== undefined)
    fromEnv.retryBackoffScale = env.TWENTY_CONNECT_RETRY_BACKOFF_SCALE;
  return fromEnv;
};

/** Reads `.twentyrc` then env; `dataDir` is resolved against the project root. Throws `SettingsError`. */
export const loadSettings = (projectRoot: string, env: NodeJS.ProcessEnv = process.env): RuntimeSettings => {
  const merged = { ...readRcFile(projectRoot), ...readEnv(env) };
  const result = settingsSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || 'runtime'}: ${issue.message}`,
    );
    throw new SettingsError(
      `Invalid runtime settings (.twentyrc / TWENTY_CONNECT_*): ${problems.join('; ')}`,
    );
  }
  const settings = result.data;
  return { ...settings, dataDir: resolve(projectRoot, settings.dataDir) };
};
