import { resolve } from 'node:path';
import { startRuntime } from './runtime.ts';
import { connectionProvidersInAppOrder } from './twenty/build/manifest.ts';
import { loadSettings, SettingsError } from './twenty/config/settings.ts';

const projectRoot = resolve(import.meta.dirname, '..');

const main = async () => {
  const settings = loadSettings(projectRoot);
  console.log(
    `twenty-connect local runtime: building the app, or reusing its last build (${projectRoot})...`,
  );
  const runtime = await startRuntime({ settings, appPath: projectRoot });
  const { ctx } = runtime.services;
  const providers = connectionProvidersInAppOrder(ctx.app.manifest);
  const configured = providers.filter((provider) => {
    const values = ctx.records.serverVariables();
    return values.has(provider.oauth.clientIdVariable) && values.has(provider.oauth.clientSecretVariable);
  });
  console.log('');
  console.log(`  Console:   ${runtime.baseUrl}/`);
  console.log(
    `  Mode:      ${settings.mode}${settings.mode === 'sandbox' ? ' (offline sandbox providers)' : ' (real providers)'}`,
  );
  console.log(
    `  Twenty-exact: ${settings.twentyExact ? 'on (token refresh as Twenty does it: by token age, no single flight)' : 'off (refresh by expires_in, one at a time; twentyExact in .twentyrc to behave as Twenty)'}`,
  );
  console.log(
    `  MCP:       ${runtime.baseUrl}/mcp (OAuth 2.1; ${runtime.services.runner.list().filter((fn) => fn.toolTriggerSettings).length} tools; walkthrough at ${runtime.baseUrl}/#mcp)`,
  );
  console.log(
    `  Build:     ${ctx.app.reused ? 'reused (inputs unchanged)' : 'built'} (${ctx.app.manifest.logicFunctions.length} functions)`,
  );
  console.log(
    `  Watch:     ${settings.watch ? 'on (a save in src/ or application.config.ts rebuilds and swaps the bundles; watch false in .twentyrc to turn off)' : 'off (restart to pick up changes)'}`,
  );
  console.log(`  Data:      ${settings.dataDir}`);
  console.log(
    `  Functions: ${ctx.app.manifest.logicFunctions.length}, providers: ${providers.map((p) => p.displayName).join(', ') || 'none'}`,
  );
  console.log('  Members:');
  for (const member of ctx.members.list()) {
    console.log(`    - ${member.name} <${member.email}>${member.isAdmin ? ' (admin)' : ''}`);
  }
  console.log('');
  console.log('  Next:');
  if (configured.length < providers.length) {
    console.log(
      `    1. Open the console as the admin and fill the client id/secret of: ${providers
        .filter((p) => !configured.includes(p))
        .map((p) => p.displayName)
        .join(', ')}`,
    );
    console.log(
      `       ${settings.mode === 'sandbox' ? '(any values: the sandbox registers them as your OAuth app)' : `(register ${runtime.baseUrl}/auth/apps/callback at the provider)`}`,
    );
  }
  console.log('    2. Pick a member, click Add connection, approve on the consent page.');
  console.log('    3. Run a tool or call a route from the Functions panel and watch the result.');
  console.log('');
  console.log('  Ctrl+C to stop.');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    runtime
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
};

main().catch((error: unknown) => {
  if (error instanceof SettingsError) console.error(error.message);
  else console.error(`The runtime could not start: ${(error as Error).message ?? error}`);
  process.exit(1);
});
