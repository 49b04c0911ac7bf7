// The server the browser test drives: the real local runtime (the project's own app, built the way
// `npm start` builds it, on a fresh data dir and port 0), or with CONSOLE_TEST_TARGET=mock the mock of
// its HTTP API, for working on the console without building the app; CONSOLE_TEST_URL drives a runtime
// that is already running.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockRuntime } from './mock-runtime.ts';

export type Target = { kind: 'runtime' | 'mock'; url: string; close(): Promise<void> };

const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function startRealRuntime(): Promise<Target> {
  const { startRuntime } = await import('../../../local/runtime.ts');
  const dataDir = await mkdtemp(join(tmpdir(), 'twenty-connect-console-'));
  const runtime = await startRuntime({
    appPath: PROJECT_ROOT,
    settings: { host: '127.0.0.1', port: 0, dataDir, mode: 'sandbox', mcpAccessTokenTtl: 600 },
    cron: false,
    log: () => {},
  });
  return {
    kind: 'runtime',
    url: runtime.baseUrl,
    async close() {
      await runtime.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startTarget(): Promise<Target> {
  // An already running runtime (e.g. `npm start` on a fresh data dir): faster while working on the console.
  if (process.env.CONSOLE_TEST_URL)
    return { kind: 'runtime', url: process.env.CONSOLE_TEST_URL, close: async () => {} };
  if (process.env.CONSOLE_TEST_TARGET === 'mock') {
    const mock = await startMockRuntime();
    return { kind: 'mock', ...mock };
  }
  return startRealRuntime();
}
