// One logic-function invocation, isolated in its own worker thread (own module graph, own process.env).
// Plain JavaScript so a worker starts without a TypeScript loader.
//
// Messages from the pool: `{ type: 'preload', bundlePath, env }` (load ahead of time, so a warm call pays for
// neither the import nor the first fetch), then exactly one `{ type: 'run', job }`.

import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';

const { baseUrl, sandboxHosts } = workerData;

// Sandbox mode: requests the app sends to a provider host go to the runtime's /_sandbox/<host>/...; the app
// code does not know. Installed before the bundle loads, so clients that capture `fetch` see the patch too.
if (sandboxHosts.length > 0) {
  const hosts = new Set(sandboxHosts);
  const realFetch = globalThis.fetch;
  const toLocal = (url) => {
    const parsed = new URL(url);
    if (!hosts.has(parsed.hostname.toLowerCase())) return null;
    return `${baseUrl}/_sandbox/${parsed.hostname.toLowerCase()}${parsed.pathname}${parsed.search}`;
  };
  globalThis.fetch = (input, init) => {
    if (input instanceof Request) {
      const local = toLocal(input.url);
      return realFetch(local ? new Request(local, input) : input, init);
    }
    const local = toLocal(String(input instanceof URL ? input.href : input));
    return realFetch(local ?? input, init);
  };
}

const send = (message) => parentPort.postMessage(message);
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  console[level] = (...args) =>
    send({ type: 'log', level: level === 'log' ? 'info' : level, message: format(...args) });
}

const serialise = (value) => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

const errorOf = (error) =>
  error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { name: 'Error', message: String(error) };

process.on('unhandledRejection', (error) => send({ type: 'done', ok: false, error: errorOf(error) }));

let loaded = null;
const load = (bundlePath, env) => {
  if (loaded?.bundlePath !== bundlePath) {
    Object.assign(process.env, env);
    const module = import(pathToFileURL(bundlePath).href);
    module.catch(() => {});
    loaded = { bundlePath, module };
  }
  return loaded.module;
};

parentPort.on('message', async (message) => {
  if (message.type === 'preload') {
    await load(message.bundlePath, message.env).catch(() => {});
    await warmedUp;
    send({ type: 'preloaded' });
    return;
  }
  const { job } = message;
  try {
    Object.assign(process.env, job.env);
    let handler = await load(job.bundlePath, job.env);
    for (const key of job.handlerName.split('.')) handler = handler?.[key];
    if (typeof handler !== 'function')
      throw new Error(`${job.handlerName} is not a function in ${job.bundlePath}`);
    const value = await handler(job.payload, job.context);
    send({ type: 'done', ok: true, value: serialise(value) });
  } catch (error) {
    send({ type: 'done', ok: false, error: errorOf(error) });
  }
});

// Warm the HTTP client: loading undici and its first GET/POST with JSON are a large part of a cold call.
const warmUp = async () => {
  await (await fetch(`${baseUrl}/healthz`)).json();
  const post = await fetch(`${baseUrl}/healthz`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer warm-up' },
    body: JSON.stringify({ warm: true }),
  });
  await post.json();
};
const warmedUp = warmUp().catch(() => {});
warmedUp.then(() => send({ type: 'ready' }));
