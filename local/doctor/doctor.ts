import { listConnections } from 'twenty-sdk/logic-function';
import { labelConnection, readIdentity } from '../../src/core/identity.ts';
import { listNames } from '../../src/core/provider.ts';
import { startRun } from '../../src/core/run.ts';
import { expiryCheck } from './expiry.ts';
import type { Check } from './probe-kit.ts';
import { DOCTOR_PROVIDERS } from './providers.ts';
import { DoctorSetupError, openRuntimeRecords } from './runtime-records.ts';
import { createTape } from './upstream-tape.ts';

export type ConnectionReport = {
  id: string;
  name: string;
  visibility: 'just for me' | 'workspace shared';
  owner: string | null;
  account: string | null;
  checks: Check[];
};

export type ProviderReport = {
  provider: string;
  displayName: string;
  configured: boolean;
  requestedScopes: readonly string[];
  /** Why nothing was checked, when nothing was. */
  note: string | null;
  connections: ConnectionReport[];
};

export type Verdict = 'ok' | 'warnings' | 'broken' | 'needs-network' | 'cannot-run';

export type DoctorReport = {
  mode: 'sandbox' | 'live' | null;
  runtimeUrl: string;
  verdict: Verdict;
  summary: string;
  providers: ProviderReport[];
};

export type DoctorOptions = {
  /** The running runtime (its `/metadata` hands out connections, refreshed on read). */
  runtimeUrl: string;
  /** The runtime's data dir: the app token and non-secret connection facts. */
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** `--write`: create one item per provider and remove it, where removal is possible. */
  write?: { slackChannel?: string | null; linearTeam?: string | null } | null;
  /** The way out to the providers; tests inject one. Default: the global fetch. */
  network?: typeof fetch;
  progress?: (line: string) => void;
};

/** 0: all good (warnings allowed); 1: something is broken; 2: the doctor could not check (runtime, network). */
export const exitCodeOf = (report: DoctorReport): number =>
  report.verdict === 'broken' ? 1 : report.verdict === 'ok' || report.verdict === 'warnings' ? 0 : 2;

const cannotRun = (runtimeUrl: string, summary: string): DoctorReport => ({
  mode: null,
  runtimeUrl,
  verdict: 'cannot-run',
  summary,
  providers: [],
});

const readMode = async (network: typeof fetch, runtimeUrl: string) => {
  try {
    const response = await network(`${runtimeUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as { mode?: unknown };
    return body.mode === 'sandbox' || body.mode === 'live' ? body.mode : null;
  } catch {
    return null;
  }
};

/** Sets `process.env` and `globalThis.fetch` the way a function sees them, for the length of `work`. */
const asAFunction = async <T>(env: Record<string, string>, fetcher: typeof fetch, work: () => Promise<T>) => {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const savedFetch = globalThis.fetch;
  Object.assign(process.env, env);
  globalThis.fetch = fetcher;
  try {
    return await work();
  } finally {
    globalThis.fetch = savedFetch;
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
};

/**
 * Checks every connection of the runtime against its provider, with the app's own provider code: identity
 * (token accepted), scopes, expiry and refresh, rate-limit headroom and the shape of each answer the app parses.
 */
export const runDoctor = async (options: DoctorOptions): Promise<DoctorReport> => {
  const network = options.network ?? globalThis.fetch;
  const progress = options.progress ?? (() => {});
  const runtimeUrl = options.runtimeUrl.replace(/\/+$/, '');
  progress(`Runtime at ${runtimeUrl}…`);
  const mode = await readMode(network, runtimeUrl);
  if (!mode) {
    return cannotRun(
      runtimeUrl,
      `The runtime is not answering at ${runtimeUrl}. Start it (npm start) and run the doctor again: connections are read through it.`,
    );
  }
  let records: ReturnType<typeof openRuntimeRecords>;
  try {
    records = openRuntimeRecords(options.dataDir, options.env ?? process.env);
  } catch (error) {
    if (error instanceof DoctorSetupError) return { ...cannotRun(runtimeUrl, error.message), mode };
    throw error;
  }
  const secrets = new Set<string>();
  try {
    const appToken = records.appToken();
    secrets.add(appToken);
    const tape = createTape({ runtimeUrl, sandbox: mode === 'sandbox', network });
    const filled = records.filledServerVariables();
    const write = options.write
      ? {
          slackChannel:
            options.write.slackChannel ?? records.applicationVariable('LINEAR_DIGEST_SLACK_CHANNEL'),
          linearTeam: options.write.linearTeam ?? null,
        }
      : null;
    const providers = await asAFunction(
      {
        TWENTY_API_URL: runtimeUrl,
        TWENTY_APP_APPLICATION_ACCESS_TOKEN: appToken,
        TWENTY_APP_ACCESS_TOKEN: appToken,
      },
      tape.fetch,
      async () => {
        const reports: ProviderReport[] = [];
        for (const provider of DOCTOR_PROVIDERS) {
          const { spec } = provider;
          const report: ProviderReport = {
            provider: spec.name,
            displayName: spec.displayName,
            configured: filled.has(spec.clientIdVariable) && filled.has(spec.clientSecretVariable),
            requestedScopes: provider.requestedScopes,
            note: null,
            connections: [],
          };
          reports.push(report);
          progress(`${spec.displayName}: reading its connections through /metadata…`);
          const before = new Map(records.connections().map((facts) => [facts.id, facts]));
          const connections = await listConnections({ providerName: spec.name });
          for (const connection of connections) secrets.add(connection.accessToken);
          if (!report.configured) {
            report.note = `not configured: fill ${spec.clientIdVariable} and ${spec.clientSecretVariable} (console → Admin, or the server variables in Twenty)${connections.length ? `; its ${connections.length} connection(s) stay unused until then` : ''}`;
            continue;
          }
          if (connections.length === 0) {
            report.note = 'configured, no connections yet: connect one (Add connection) to check it';
            continue;
          }
          const after = new Map(records.connections().map((facts) => [facts.id, facts]));
          for (const connection of connections) {
            const facts = after.get(connection.id);
            if (!facts) continue;
            const label = labelConnection(connection, await readIdentity(connection.id));
            const who = `${spec.displayName} "${connection.name}"${facts.owner ? ` (${facts.owner})` : ''}`;
            const say = (message: string) => progress(`${who}: ${message}`);
            // Once a provider's host proved unreachable, its other connections would only wait for the same
            // retries: they get the same answer.
            const unreachable = checksSoFar(report).find(isOfflineCheck);
            const checks = unreachable
              ? [{ ...unreachable }]
              : await provider.probe({
                  session: {
                    run: startRun('tool', { kind: 'workspace' }, 30),
                    provider: spec,
                    connection,
                    label,
                  },
                  tape,
                  facts,
                  requestedScopes: provider.requestedScopes,
                  write,
                  progress: say,
                });
            // A refused token is reported to the runtime by the app's own code (`send`), as a function would.
            const expiry = expiryCheck(
              before.get(connection.id),
              records.connections().find((f) => f.id === facts.id) ?? facts,
            );
            const at = checks.findIndex((check) => check.check === 'scopes');
            checks.splice(at === -1 ? checks.length : at + 1, 0, expiry);
            report.connections.push({
              id: connection.id,
              name: connection.name,
              visibility: connection.visibility === 'user' ? 'just for me' : 'workspace shared',
              owner: facts.owner,
              account: label.account,
              checks,
            });
          }
        }
        return reports;
      },
    );
    return redact(conclude(mode, runtimeUrl, providers), secrets);
  } catch (error) {
    // The SDK's words for a refused app token: this data dir is not the running runtime's.
    if (/HTTP 401/.test((error as Error)?.message ?? '')) {
      return {
        ...cannotRun(
          runtimeUrl,
          `The runtime at ${runtimeUrl} refused the app token found in ${options.dataDir}: it runs with another data dir. Run the doctor with the same TWENTY_CONNECT_DATA_DIR (or .twentyrc) as npm start.`,
        ),
        mode,
      };
    }
    throw error;
  } finally {
    records.close();
  }
};

const checksSoFar = (report: ProviderReport) => report.connections.flatMap((c) => c.checks);
const isOfflineCheck = (check: Check) =>
  check.check === 'reachable' && check.status === 'fail' && check.detail.includes('needs the network');

const conclude = (
  mode: 'sandbox' | 'live',
  runtimeUrl: string,
  providers: ProviderReport[],
): DoctorReport => {
  const connections = providers.flatMap((p) => p.connections.map((c) => ({ provider: p, connection: c })));
  const problems = connections.flatMap(({ provider, connection }) =>
    connection.checks
      .filter((check) => check.status === 'fail')
      .map((check) => ({ where: `${provider.displayName} "${connection.name}"`, check })),
  );
  const warnings = connections.flatMap(({ connection }) =>
    connection.checks.filter((c) => c.status === 'warn'),
  );
  const offline = connections.filter(({ connection }) => connection.checks.some(isOfflineCheck));
  const base = { mode, runtimeUrl, providers };
  if (connections.length > 0 && offline.length === connections.length) {
    return {
      ...base,
      verdict: 'needs-network',
      summary: `No network: the doctor checks the real ${listNames(DOCTOR_PROVIDERS.map((p) => p.spec))} (live mode) and needs the network. Connect this machine and run it again.`,
    };
  }
  if (problems.length > 0) {
    return {
      ...base,
      verdict: 'broken',
      summary: `${problems.length} problem(s): ${problems.map((p) => `${p.where}: ${p.check.check}`).join('; ')}.`,
    };
  }
  if (connections.length === 0) {
    return {
      ...base,
      verdict: 'warnings',
      summary: 'Nothing to check: no configured provider has a connection yet.',
    };
  }
  return warnings.length > 0
    ? {
        ...base,
        verdict: 'warnings',
        summary: `${connections.length} connection(s) work; ${warnings.length} warning(s).`,
      }
    : { ...base, verdict: 'ok', summary: `${connections.length} connection(s) checked: all good.` };
};

/** Belt and braces: no token the doctor handled may appear in what it prints, whatever a provider echoed. */
const redact = (report: DoctorReport, secrets: Set<string>): DoctorReport => {
  let text = JSON.stringify(report);
  for (const secret of secrets) if (secret.length >= 8) text = text.split(secret).join('[redacted]');
  return JSON.parse(text) as DoctorReport;
};
