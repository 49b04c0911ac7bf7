/**
 * Starts a runtime on the app at argv[2] (data dir argv[3]) in this process, with a resolve hook recording every
 * module this process loads, and prints `{ loaded, reused, functions, log }` as JSON: the dev-loop test reads it
 * to check that the build ran in another process (the SDK's builder and TypeScript never loaded here).
 */
import { registerHooks } from 'node:module';

const loaded: string[] = [];
registerHooks({
  resolve: (specifier, context, next) => {
    const result = next(specifier, context);
    loaded.push(result.url);
    return result;
  },
});

const [appPath, dataDir] = process.argv.slice(2);
const { startRuntime } = await import('../../../local/runtime.ts');
const log: string[] = [];
const runtime = await startRuntime({
  appPath: appPath!,
  cron: false,
  log: (message) => log.push(message),
  settings: { host: '127.0.0.1', port: 0, dataDir: dataDir!, mode: 'sandbox', mcpAccessTokenTtl: 600 },
});
const { app } = runtime.services.ctx;
await runtime.close();
console.log(
  JSON.stringify({ loaded, reused: app.reused ?? false, functions: app.manifest.logicFunctions.length, log }),
);
