import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../../local/runtime.ts';
import { readConsentForm } from '../../../local/sandboxes/shared/index.ts';
import { type BuiltApp, buildApp } from '../../../local/twenty/build/build-app.ts';
import type { RuntimeSettings } from '../../../local/twenty/config/settings.ts';
import { writeFixtureApp } from '../fixtures/fixture-app.ts';

let fixture: Promise<BuiltApp> | undefined;
let fixtureRoot: string | undefined;

/** The fixture app, built once per test file with the SDK's own build; removed after the file's tests. */
export const builtFixtureApp = (): Promise<BuiltApp> => {
  if (!fixture) {
    fixtureRoot = writeFixtureApp();
    fixture = buildApp(fixtureRoot);
  }
  return fixture;
};

afterAll(() => {
  if (fixtureRoot) rmSync(fixtureRoot, { recursive: true, force: true });
});

export type Harness = Runtime & {
  dataDir: string;
  csrf: string;
  // biome-ignore lint/suspicious/noExplicitAny: API answers are checked by shape in each test.
  api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;
  stop: () => Promise<void>;
};

/** Starts a runtime on 127.0.0.1:0 with a fresh (or given) data dir; `stop` closes it (and keeps the dir). */
export const startHarness = async (
  options: Partial<RuntimeOptions> & {
    dataDir?: string;
    mode?: RuntimeSettings['mode'];
    mcpAccessTokenTtl?: number;
    twentyExact?: boolean;
    maxConcurrentRuns?: number;
    retryBackoffScale?: number;
    /** 0 (any free port) unless a test restarts on the port it had, to keep its OAuth issuer. */
    port?: number;
  } = {},
): Promise<Harness> => {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'twenty-connect-data-'));
  const app = options.app ?? (await builtFixtureApp());
  const runtime = await startRuntime({
    appPath: '',
    cron: false,
    log: () => {},
    ...options,
    app,
    settings: {
      host: '127.0.0.1',
      port: options.port ?? 0,
      dataDir,
      mode: options.mode ?? 'sandbox',
      mcpAccessTokenTtl: options.mcpAccessTokenTtl ?? 600,
      twentyExact: options.twentyExact ?? false,
      ...(options.maxConcurrentRuns ? { maxConcurrentRuns: options.maxConcurrentRuns } : {}),
      ...(options.retryBackoffScale !== undefined ? { retryBackoffScale: options.retryBackoffScale } : {}),
    },
  });
  const session = (await (await fetch(`${runtime.baseUrl}/api/session`)).json()) as { csrfToken: string };
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${runtime.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-twenty-connect-csrf': session.csrfToken },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  return { ...runtime, dataDir, csrf: session.csrfToken, api, stop: () => runtime.close() };
};

export const removeDataDir = (dataDir: string) => rmSync(dataDir, { recursive: true, force: true });

/** Configures a provider's OAuth app as the admin would (sandbox mode: any values). */
export const configureLinear = (harness: Harness) =>
  harness.api('PUT', '/api/server-variables', {
    values: { LINEAR_CLIENT_ID: 'lin-client-id', LINEAR_CLIENT_SECRET: 'lin-client-secret-value' },
  });

/**
 * Add connection as a person does it in a browser: ask for the authorize URL, open the consent page, approve,
 * follow the redirect to the runtime's callback, and land on the console. Returns the console URL.
 */
export const addConnection = async (
  harness: Harness,
  options: {
    member: string;
    provider?: string;
    visibility: 'user' | 'workspace';
    reconnectId?: string;
    decision?: string;
    /** The upstream account to approve as (its id on the consent page); default the first one listed. */
    account?: string;
  },
): Promise<URL> => {
  const started = options.reconnectId
    ? await harness.api('POST', `/api/connections/${options.reconnectId}/reconnect`, {
        member: options.member,
      })
    : await harness.api('POST', '/api/connections', {
        member: options.member,
        provider: options.provider ?? 'linear',
        visibility: options.visibility,
      });
  if (started.status !== 200) throw new Error(`start failed: ${JSON.stringify(started.body)}`);
  return approveConsent(harness, started.body.authorizeUrl, options.decision, options.account);
};

export const approveConsent = async (
  harness: Harness,
  authorizeUrl: string,
  decision = 'approve',
  account?: string,
): Promise<URL> => {
  const page = await fetch(authorizeUrl);
  const form = readConsentForm(await page.text());
  if (account && !form.accounts.includes(account))
    throw new Error(`no account ${account} on the consent page`);
  const submitted = await fetch(authorizeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      ...form.fields,
      ...(form.accounts[0] ? { account: account ?? form.accounts[0] } : {}),
      decision,
    }),
    redirect: 'manual',
  });
  const callback = submitted.headers.get('location');
  if (!callback) throw new Error(`consent did not redirect (${submitted.status}): ${await submitted.text()}`);
  const landed = await fetch(new URL(callback, authorizeUrl), { redirect: 'manual' });
  return new URL(landed.headers.get('location') ?? '/', harness.baseUrl);
};

/** The app's function of that name, found in the running build (ids belong to the app). */
export const functionIdOf = (harness: Harness, name: string): string => {
  const fn = harness.services.runner.list().find((candidate) => candidate.name === name);
  if (!fn) throw new Error(`the app has no function named ${name}`);
  return fn.universalIdentifier;
};

/** Runs a tool as a member through the runtime's API; answers what the AI would read (the tool's result). */
export const runTool = async (
  harness: Harness,
  name: string,
  member: string,
  input: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: results are checked by shape in each test.
): Promise<any> => {
  const run = await harness.api('POST', `/api/functions/${functionIdOf(harness, name)}/run`, {
    trigger: 'tool',
    member,
    input,
  });
  if (run.status !== 200)
    throw new Error(`running ${name} answered ${run.status}: ${JSON.stringify(run.body)}`);
  return run.body.result;
};
