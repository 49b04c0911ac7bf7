import { randomUUID } from 'node:crypto';
import { HttpResponse, http } from 'msw';
import type { AppConnection } from 'twenty-sdk/logic-function';
import { PROVIDERS, type ProviderName } from '../../src/providers/index.ts';
import { createFakeCore, type FakeCore } from './fake-twenty-core.ts';

/** Where the app's twenty-sdk sends `POST /metadata` in tests. */
export const TWENTY_API_URL = 'http://twenty.test';
export const APP_ACCESS_TOKEN = 'twenty-app-token-7f3c1e9a5b2d4c6e8f0a';
export const WORKSPACE_ID = '20202020-0000-4000-8000-000000000001';

/**
 * OAuth client variables the admin fills (serverVariables → process.env), for every provider of the app's list.
 * Secrets are fake but secret: distinct per provider, so a test can tell whose leaked.
 */
export const PROVIDER_ENV: Record<string, string> = Object.fromEntries(
  PROVIDERS.flatMap((p) => [
    [p.clientIdVariable, `${p.name}-client-id-test`],
    [p.clientSecretVariable, `${p.name}-client-secret-${p.ids.connectionProvider.slice(0, 8)}`],
  ]),
);

const DISPLAY_NAMES: Record<string, string> = Object.fromEntries(
  PROVIDERS.map((p) => [p.name, p.displayName]),
);

/** One `POST /metadata` the app sent, by GraphQL operation name. */
export type TwentyRequest = { operation: string; variables: Record<string, unknown>; authorized: boolean };

export type NewConnection = {
  provider: ProviderName;
  visibility: 'user' | 'workspace';
  /** The member who created it (Twenty keeps the creator on workspace-shared rows too). */
  userWorkspaceId: string;
  /** Default: Twenty's own `"<displayName> #N"`. */
  name?: string;
  accessToken: string;
  scopes?: string[];
  id?: string;
  authFailedAt?: string | null;
  authFailedReason?: string | null;
};

export type FakeTwenty = {
  connections: AppConnection[];
  /** WORKSPACE-scope key values (what `kv.get/set/delete` use by default). */
  kv: Map<string, unknown>;
  serverKv: Map<string, unknown>;
  authFailureReports: { connectionId: string; reason: string }[];
  requests: TwentyRequest[];
  /** Records behind `POST /graphql` (companies, people, opportunities, work items, links). */
  core: FakeCore;
  /** Operations the fake does not know, or calls without the app token: each one fails the test. */
  problems: string[];
  handlers: ReturnType<typeof http.post>[];
  addConnection(connection: NewConnection): AppConnection;
  /** Every request of one operation, e.g. `requestsOf('ReportAppConnectionAuthFailure')`. */
  requestsOf(operation: string): TwentyRequest[];
  /** Puts process.env back as an installed app with every provider configured sees it. */
  resetEnv(): void;
  reset(): void;
};

type Answer = { data?: unknown; errors?: { message: string }[] };

const operationName = (query: string): string =>
  /\b(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(query)?.[1] ?? 'anonymous';

/**
 * A stand-in for the Twenty server at its public boundary: `POST ${TWENTY_API_URL}/metadata`, answering
 * the operations twenty-sdk's `listConnections`, `getConnection`, `reportConnectionAuthFailure` and `kv`
 * send. Like Twenty, the app token sees every member's connections; filters apply as the server does.
 */
export const createFakeTwenty = (): FakeTwenty => {
  const twenty: FakeTwenty = {
    connections: [],
    kv: new Map(),
    serverKv: new Map(),
    authFailureReports: [],
    requests: [],
    core: createFakeCore(),
    problems: [],
    handlers: [],
    addConnection(input) {
      const ofProvider = twenty.connections.filter((c) => c.providerName === input.provider).length;
      const connection: AppConnection = {
        id: input.id ?? randomUUID(),
        providerName: input.provider,
        name: input.name ?? `${DISPLAY_NAMES[input.provider]} #${ofProvider + 1}`,
        // Twenty's handle is the member's email, not the upstream account.
        handle: `${input.userWorkspaceId}@members.test`,
        visibility: input.visibility,
        userWorkspaceId: input.userWorkspaceId,
        workspaceMemberId: `member-of-${input.userWorkspaceId}`,
        accessToken: input.accessToken,
        scopes: input.scopes ?? [],
        authFailedAt: input.authFailedAt ?? null,
        authFailedReason: input.authFailedReason ?? null,
      };
      twenty.connections.push(connection);
      return connection;
    },
    requestsOf: (operation) => twenty.requests.filter((r) => r.operation === operation),
    resetEnv() {
      process.env.TWENTY_API_URL = TWENTY_API_URL;
      process.env.TWENTY_APP_APPLICATION_ACCESS_TOKEN = APP_ACCESS_TOKEN;
      delete process.env.CRM_BASE_URL;
      Object.assign(process.env, PROVIDER_ENV);
    },
    reset() {
      twenty.connections.length = 0;
      twenty.kv.clear();
      twenty.serverKv.clear();
      twenty.authFailureReports.length = 0;
      twenty.requests.length = 0;
      twenty.problems.length = 0;
      twenty.core.reset();
      twenty.resetEnv();
    },
  };

  const store = (scope: unknown) => (scope === 'SERVER' ? twenty.serverKv : twenty.kv);

  const answer = (operation: string, variables: Record<string, unknown>): Answer => {
    switch (operation) {
      case 'ListAppConnections': {
        const filter = (variables.filter ?? {}) as Partial<AppConnection>;
        const rows = twenty.connections.filter(
          (c) =>
            (!filter.providerName || c.providerName === filter.providerName) &&
            (!filter.userWorkspaceId || c.userWorkspaceId === filter.userWorkspaceId) &&
            (!filter.visibility || c.visibility === filter.visibility),
        );
        return { data: { appConnections: structuredClone(rows) } };
      }
      case 'GetAppConnection': {
        const row = twenty.connections.find((c) => c.id === variables.id);
        return row
          ? { data: { appConnection: structuredClone(row) } }
          : { errors: [{ message: `App connection ${String(variables.id)} not found` }] };
      }
      case 'ReportAppConnectionAuthFailure': {
        const input = variables.input as { id: string; reason: string };
        const row = twenty.connections.find((c) => c.id === input.id);
        if (!row) return { errors: [{ message: `App connection ${input.id} not found` }] };
        row.authFailedAt = new Date().toISOString();
        row.authFailedReason = input.reason;
        twenty.authFailureReports.push({ connectionId: input.id, reason: input.reason });
        return { data: { reportAppConnectionAuthFailure: true } };
      }
      case 'GetAppKeyValue': {
        const key = String(variables.key);
        const map = store(variables.scope);
        return {
          data: {
            appKeyValue: map.has(key) ? { key, value: map.get(key), scope: variables.scope } : null,
          },
        };
      }
      case 'SetAppKeyValue': {
        const input = variables.input as { key: string; value: unknown; scope?: string };
        store(input.scope).set(input.key, structuredClone(input.value));
        return { data: { setAppKeyValue: { key: input.key, value: input.value, scope: input.scope } } };
      }
      case 'DeleteAppKeyValue':
        return { data: { deleteAppKeyValue: store(variables.scope).delete(String(variables.key)) } };
      default:
        twenty.problems.push(`fake Twenty does not know the operation ${operation}`);
        return { errors: [{ message: `Unknown operation ${operation}` }] };
    }
  };

  twenty.handlers = [
    http.post(`${TWENTY_API_URL}/metadata`, async ({ request }) => {
      const body = (await request.json()) as { query?: string; variables?: Record<string, unknown> };
      const operation = operationName(body.query ?? '');
      const variables = body.variables ?? {};
      const authorized = request.headers.get('authorization') === `Bearer ${APP_ACCESS_TOKEN}`;
      twenty.requests.push({ operation, variables: structuredClone(variables), authorized });
      if (!authorized) {
        twenty.problems.push(`${operation} sent without the application access token`);
        return HttpResponse.json({ errors: [{ message: 'Unauthorized' }] }, { status: 401 });
      }
      return HttpResponse.json(answer(operation, variables));
    }),
    twenty.core.handler(TWENTY_API_URL, APP_ACCESS_TOKEN, twenty.problems),
  ];
  twenty.resetEnv();
  return twenty;
};
