import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { loadSandboxes } from './sandbox-bridge/load-sandboxes.ts';
import { SandboxBridge } from './sandbox-bridge/sandbox-bridge.ts';
import type { ProviderName } from './sandboxes/index.ts';
import type { Sandbox } from './sandboxes/sandbox.ts';
import { type BuiltApp, reusableBuild } from './twenty/build/build-app.ts';
import { buildInChild } from './twenty/build/build-in-child.ts';
import { snapshotBuild } from './twenty/build/build-snapshot.ts';
import { DevLoop } from './twenty/build/dev-loop.ts';
import type { RuntimeSettings } from './twenty/config/settings.ts';
import { ConnectionService } from './twenty/connections/connection-service.ts';
import { FunctionRunner } from './twenty/functions/function-runner.ts';
import { TriggerService } from './twenty/functions/trigger-service.ts';
import { WorkerPool } from './twenty/functions/worker-pool.ts';
import { registerSandboxClients } from './twenty/http/api-state.ts';
import { createHttpApp } from './twenty/http/http-app.ts';
import { listen } from './twenty/http/node-adapter.ts';
import type { Services } from './twenty/http/services.ts';
import type { createMetadataEndpoint } from './twenty/metadata/metadata-endpoint.ts';
import { hostGuard } from './twenty/own-origin.ts';
import { RecordsService } from './twenty/records/records-service.ts';
import type { RuntimeContext } from './twenty/runtime-context.ts';
import { ConnectionStore } from './twenty/storage/connections.ts';
import { openDatabase } from './twenty/storage/database.ts';
import { MemberStore } from './twenty/storage/members.ts';
import { RecordStore } from './twenty/storage/records.ts';
import { RunStore } from './twenty/storage/runs.ts';
import { loadSecretBox } from './twenty/storage/secret-box.ts';

type MetadataEndpoint = ReturnType<typeof createMetadataEndpoint>;

/** One promise for a value made on first use. */
const lazy = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
};

export type RuntimeOptions = {
  settings: RuntimeSettings;
  /** The app to build and run (the project root for the real app). */
  appPath: string;
  /** A prebuilt app (skips the build); tests build once and start several runtimes. */
  app?: BuiltApp;
  /** Sandbox providers; default: `createSandboxes()` in sandbox mode. */
  sandboxes?: Partial<Record<ProviderName, Sandbox>>;
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
  /** Start cron schedules (off in tests unless asked). */
  cron?: boolean;
};

export type Runtime = {
  baseUrl: string;
  fetch: (request: Request) => Promise<Response>;
  services: Services;
  close: () => Promise<void>;
};

/** The last build when its inputs are unchanged (checked here, cheaply), else a build in a child process. */
const prepareBuild = async (appPath: string, log: (message: string) => void): Promise<BuiltApp> => {
  const reused = await reusableBuild(appPath);
  if (reused) {
    log('  build: build reused (inputs unchanged)');
    return reused;
  }
  return buildInChild(appPath, { onProgress: (message) => log(`  build: ${message}`) }).result;
};

/**
 * Builds (unless given) the app, opens storage, wires the services and listens. With `settings.watch` it then
 * watches the app's sources, rebuilds in a child process on save and swaps the bundles (see `DevLoop`).
 */
export const startRuntime = async (options: RuntimeOptions): Promise<Runtime> => {
  const { settings } = options;
  const log = options.log ?? ((message: string) => console.log(message));
  const built = options.app ?? (await prepareBuild(options.appPath, log));
  const db = openDatabase(settings.dataDir);
  const app = snapshotBuild(built, settings.dataDir, options.appPath);
  const box = loadSecretBox(settings.dataDir, options.env ?? process.env);
  const records = new RecordStore(db, box);
  let baseUrl = `http://${settings.host}:${settings.port}`;
  const sandboxes =
    settings.mode === 'sandbox' ? (options.sandboxes ?? (await loadSandboxes(log))) : undefined;
  const bridge = sandboxes
    ? new SandboxBridge(
        sandboxes,
        () => baseUrl,
        (provider, state) => records.saveSandboxState(provider, state),
      )
    : null;
  for (const sandbox of Object.values(sandboxes ?? {})) {
    const saved = records.sandboxState(sandbox.provider);
    if (saved !== undefined) sandbox.importState(saved);
  }
  const ctx: RuntimeContext = {
    settings,
    app,
    db,
    box,
    members: new MemberStore(db, box),
    records,
    connections: new ConnectionStore(db, box),
    runs: new RunStore(db, settings.runHistory),
    bridge,
    secrets: {
      csrfToken: randomBytes(24).toString('base64url'),
      apiKey: records.persistentSecret(
        'workspace-api-key',
        () => `tck_${randomBytes(24).toString('base64url')}`,
      ),
      appToken: records.persistentSecret(
        'app-application-token',
        () => `tca_${randomBytes(24).toString('base64url')}`,
      ),
      appUserToken: records.persistentSecret(
        'app-user-token',
        () => `tcu_${randomBytes(24).toString('base64url')}`,
      ),
    },
    baseUrl: () => baseUrl,
    log,
  };
  const pool = new WorkerPool(() => ({ baseUrl, sandboxHosts: bridge?.hosts ?? [] }));
  const runner = new FunctionRunner(ctx, pool);
  const triggers = new TriggerService(ctx, runner);
  const connections = new ConnectionService(ctx, (hook, provider, id) =>
    triggers.runConnectionHook(hook, provider, id),
  );
  // `/metadata` (graphql, graphql-jit) and MCP (oidc-provider, the MCP SDK) load after the runtime is ready: a
  // first request waits for them; nothing else does.
  const metadata = lazy(async () =>
    (await import('./twenty/metadata/metadata-endpoint.ts')).createMetadataEndpoint(ctx, connections),
  );
  const handleMetadata = async (request: Request) => (await metadata()).handle(request);
  const handleMetadataRaw: MetadataEndpoint['handleRaw'] = async (authorization, body) =>
    (await metadata()).handleRaw(authorization, body);
  const cron = options.cron ?? true;
  const devLoop = new DevLoop({
    appPath: options.appPath,
    serving: app,
    log,
    // New runs (and retries) read `ctx.app`; runs under way finish on the snapshot they started from.
    swap: (next, files) => {
      ctx.app = snapshotBuild(next, settings.dataDir, options.appPath, { keep: ctx.app, files });
      pool.dropPreloaded();
      if (cron) {
        triggers.stopCron();
        triggers.startCron();
      }
      registerSandboxClients(services);
      return ctx.app;
    },
  });
  // Records written through `/graphql` fire the app's database-event triggers, as Twenty's would.
  const workspaceRecords = new RecordsService(db, ctx, (events) => {
    for (const event of events) {
      void triggers
        .emitDatabaseEvent(event)
        .catch((error: unknown) => log(`${event.eventName} trigger failed: ${(error as Error).message}`));
    }
  });
  const services: Services = {
    ctx,
    connections,
    runner,
    pool,
    triggers,
    metadata: handleMetadata,
    records: workspaceRecords,
    consoleDir: fileURLToPath(new URL('./console/', import.meta.url)),
    version: '0.1.0',
    build: () => devLoop.status(),
    mcp: null,
    mcpStarting: null,
  };
  const fetchApp = createHttpApp(services);
  let server: Server;
  try {
    server = await listen(fetchApp, {
      host: settings.host,
      port: settings.port,
      origin: () => baseUrl,
      shortcuts: { 'POST /metadata': handleMetadataRaw },
      allowHost: hostGuard(settings.host, () => baseUrl),
    });
  } catch (error) {
    devLoop.close();
    db.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  baseUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const issuer = baseUrl;
  // Requests for the MCP door that arrive before it is loaded wait for it (`Services.mcpStarting`).
  services.mcpStarting = import('./mcp/mcp-service.ts').then(
    ({ startMcp }) => {
      services.mcp = startMcp(services, issuer, settings.mcpAccessTokenTtl);
      return services.mcp;
    },
    (error: unknown) => {
      log(`MCP could not start: ${(error as Error).message}`);
      return null;
    },
  );
  void metadata().catch((error: unknown) => log(`/metadata could not start: ${(error as Error).message}`));
  pool.warm();
  registerSandboxClients(services);
  if (cron) triggers.startCron();
  if (settings.watch && options.appPath) devLoop.watch();

  let closed = false;
  return {
    baseUrl,
    fetch: fetchApp,
    services,
    close: async () => {
      if (closed) return;
      closed = true;
      devLoop.close();
      triggers.stopCron();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
      bridge?.flush();
      db.close();
    },
  };
};
