import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import type { AppConnection } from 'twenty-sdk/logic-function';
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { createSandboxes, type SandboxName } from '../../local/sandboxes/index.ts';
import type { Sandbox } from '../../local/sandboxes/sandbox.ts';
import { PROVIDERS } from '../../src/providers/index.ts';
import {
  APP_ACCESS_TOKEN,
  createFakeTwenty,
  type FakeTwenty,
  PROVIDER_ENV,
  TWENTY_API_URL,
} from './fake-twenty.ts';
import { type ContractViolation, checkUpstreamRequest } from './upstream-contracts.ts';

export type MintOptions = {
  visibility: 'user' | 'workspace';
  /** The member who owns (or, for workspace-shared, created) the connection. */
  userWorkspaceId: string;
  name?: string;
  /** Sandbox account: Linear user id/email, GitHub login; Slack has one team. */
  account?: string;
  scopes?: string[];
};

/** Each sandbox by its provider name (`up.linear`), and the harness around them. */
export type Upstreams = Record<SandboxName, Sandbox> & {
  twenty: FakeTwenty;
  sandboxes: Record<SandboxName, Sandbox>;
  server: ReturnType<typeof setupServer>;
  /** Requests that broke a provider contract or that nothing answered; afterEach asserts it is empty. */
  contractViolations: ContractViolation[];
  /** Mints a sandbox token for `account` and adds the connection row to the fake Twenty. */
  mintConnection(provider: SandboxName, options: MintOptions): AppConnection;
  /** Every token and client secret in play: none may appear in a result, error, report or log. */
  secrets(): string[];
  /** Console output of the current test (captured, not printed). */
  consoleOutput(): string;
  /** Asserts no secret appears anywhere in `value` (serialised as JSON). */
  expectNoSecrets(value: unknown): void;
  /**
   * The next request to `provider` whose body contains `bodyIncludes` (any request if omitted) reaches the
   * sandbox and is applied, but the app's `fetch` fails as if the connection dropped before the answer:
   * the ambiguous failure that decides whether a retried create duplicates.
   */
  dropNextResponse(provider: SandboxName, bodyIncludes?: string): void;
};

/** Twenty's callback URLs (newer path first), registered at each provider as the app's redirect URLs. */
export const TWENTY_CALLBACK_URLS = [
  `${TWENTY_API_URL}/auth/apps/callback`,
  `${TWENTY_API_URL}/apps/oauth/callback`,
];

/** The app's OAuth client at `provider`: the id and secret in the app's server variables, Twenty's callbacks. */
export const registeredClient = (provider: string) => {
  const spec = PROVIDERS.find((p) => p.name === provider);
  if (!spec) throw new Error(`The app has no provider "${provider}" (src/providers/index.ts).`);
  return {
    clientId: PROVIDER_ENV[spec.clientIdVariable]!,
    clientSecret: PROVIDER_ENV[spec.clientSecretVariable]!,
    redirectUris: TWENTY_CALLBACK_URLS,
  };
};

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

const stringify = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : (JSON.stringify(value, (_k, v) => (v instanceof Error ? String(v) : v)) ?? '');

/**
 * The app's outside world for one test file: a fake Twenty at `POST /metadata` and the three stateful
 * provider sandboxes behind msw. Call at the top of a test file (it registers its own hooks):
 * before each test everything is reset to the seeded state with every provider configured; after each
 * test it asserts that no request broke a provider contract, that the fake Twenty saw only known,
 * authorized operations, and that no token or client secret reached the console or an auth-failure report.
 */
export const setupUpstreams = (): Upstreams => {
  const sandboxes = createSandboxes();
  const twenty = createFakeTwenty();
  const contractViolations: ContractViolation[] = [];
  const minted: string[] = [];
  let output: string[] = [];
  const drops: { provider: SandboxName; bodyIncludes?: string }[] = [];

  const forward =
    (sandbox: Sandbox) =>
    async ({ request }: { request: Request }) => {
      const violation = await checkUpstreamRequest(request);
      if (violation) contractViolations.push(violation);
      const text = await request.clone().text();
      const drop = drops.findIndex(
        (d) => d.provider === sandbox.provider && (!d.bodyIncludes || text.includes(d.bodyIncludes)),
      );
      try {
        const response = await sandbox.handle(request);
        if (drop < 0) return response;
        drops.splice(drop, 1);
        return HttpResponse.error();
      } catch {
        // The sandbox rejects like `fetch` for a queued network failure: make fetch reject too.
        return HttpResponse.error();
      }
    };
  const handlers = Object.values(sandboxes).flatMap((sandbox) =>
    sandbox.hosts.map((host) => http.all(`https://${host}/*`, forward(sandbox))),
  );
  const server = setupServer(...twenty.handlers, ...handlers);

  const secrets = () => [
    APP_ACCESS_TOKEN,
    ...PROVIDERS.map((p) => PROVIDER_ENV[p.clientSecretVariable]!),
    ...minted,
    ...twenty.connections.map((c) => c.accessToken),
  ];
  const expectNoSecrets = (value: unknown) => {
    const text = stringify(value);
    const leaked = secrets().filter((secret) => text.includes(secret));
    expect(leaked, `secrets found in: ${text.slice(0, 500)}`).toEqual([]);
  };

  beforeAll(() =>
    server.listen({
      onUnhandledRequest(request, print) {
        contractViolations.push({ url: `${request.method} ${request.url}`, problem: 'unhandled request' });
        print.error();
      },
    }),
  );
  beforeEach(() => {
    for (const sandbox of Object.values(sandboxes)) {
      sandbox.reset();
      // The installed app's OAuth app, as the admin registered it at each provider (tokens are minted for it,
      // and GitHub's revoke authenticates with it).
      sandbox.registerClient(registeredClient(sandbox.provider));
    }
    twenty.reset();
    contractViolations.length = 0;
    minted.length = 0;
    drops.length = 0;
    output = [];
    for (const method of CONSOLE_METHODS) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        output.push(args.map(stringify).join(' '));
      });
    }
  });
  afterEach(() => {
    for (const method of CONSOLE_METHODS) vi.mocked(console[method]).mockRestore();
    server.resetHandlers();
    expect(contractViolations, 'requests that break a provider contract').toEqual([]);
    expect(twenty.problems, 'problems at the fake Twenty').toEqual([]);
    expectNoSecrets(output);
    expectNoSecrets(twenty.authFailureReports);
  });
  afterAll(() => server.close());

  return {
    ...sandboxes,
    twenty,
    sandboxes,
    server,
    contractViolations,
    mintConnection(provider, options) {
      const token = sandboxes[provider].mintToken({ account: options.account, scopes: options.scopes });
      minted.push(token.accessToken, ...(token.refreshToken ? [token.refreshToken] : []));
      return twenty.addConnection({
        provider,
        visibility: options.visibility,
        userWorkspaceId: options.userWorkspaceId,
        name: options.name,
        accessToken: token.accessToken,
        scopes: options.scopes,
      });
    },
    secrets,
    consoleOutput: () => output.join('\n'),
    expectNoSecrets,
    dropNextResponse: (provider, bodyIncludes) => void drops.push({ provider, bodyIncludes }),
  };
};
