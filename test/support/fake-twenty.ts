import { randomUUID } from 'node:crypto';
import { HttpResponse, http } from 'msw';
import { STANDARD_OBJECT_UNIVERSAL_IDENTIFIERS as STANDARD } from 'twenty-sdk/define';
import type { AppConnection } from 'twenty-sdk/logic-function';
import role from '../../src/default-role.ts';
import { PROVIDERS, type ProviderName } from '../../src/providers/index.ts';
import { IDS } from '../../src/universal-identifiers.ts';
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

/** A timeline row as Twenty stores one an app created (docs/events-sources.md §B3). */
export type TimelineRow = {
  id: string;
  /** The type's universalIdentifier (the fake's type id is `type-<universalIdentifier>`). */
  type: string;
  target: { object: string; id: string };
  linkedRecordId: string | null;
  linkedObjectMetadataId: string | null;
  happensAt: string;
  properties: Record<string, unknown>;
  workspaceMemberId: null;
};

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
  /**
   * SERVER-scope keys → the claimant's workspace id. Twenty's semantics (application-key-value.service.ts,
   * docs/events-sources.md §A3): `set` ignores the value and stores the caller's workspace id, refusing a key another
   * workspace holds; `get` answers the claimant; `delete` removes only the caller's own claim.
   */
  serverKv: Map<string, unknown>;
  /** The workspace the app runs in (whose id SERVER claims record). */
  workspaceId: string;
  /** Timeline activities created through `POST /rest/timelineActivities`. */
  timeline: TimelineRow[];
  /** Timeline types an admin switched off (`isActive: false`). */
  inactiveTimelineTypes: Set<string>;
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

type Answer = { data?: unknown; errors?: { message: string; extensions?: { code: string } }[] };

/** The objects the app's timeline entries name: targets, and the work item as the linked record. */
const OBJECTS = [
  {
    id: 'object-company',
    universalIdentifier: STANDARD.company.universalIdentifier,
    nameSingular: 'company',
  },
  { id: 'object-person', universalIdentifier: STANDARD.person.universalIdentifier, nameSingular: 'person' },
  {
    id: 'object-opportunity',
    universalIdentifier: STANDARD.opportunity.universalIdentifier,
    nameSingular: 'opportunity',
  },
  { id: 'object-workItem', universalIdentifier: IDS.objects.workItem, nameSingular: 'workItem' },
];

/** Whether the app role may create timeline rows (insert needs `canUpdateObjectRecords`, permissions.utils.ts). */
const canWriteTimeline = () =>
  (role.config.objectPermissions ?? []).some(
    (p) =>
      p.objectUniversalIdentifier === STANDARD.timelineActivity.universalIdentifier &&
      p.canUpdateObjectRecords,
  );

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
    workspaceId: WORKSPACE_ID,
    timeline: [],
    inactiveTimelineTypes: new Set(),
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
      // A run nobody triggered gets the application token here too (executor, docs/events-sources.md §B2).
      process.env.TWENTY_APP_ACCESS_TOKEN = APP_ACCESS_TOKEN;
      delete process.env.CRM_BASE_URL;
      Object.assign(process.env, PROVIDER_ENV);
    },
    reset() {
      twenty.connections.length = 0;
      twenty.kv.clear();
      twenty.serverKv.clear();
      twenty.workspaceId = WORKSPACE_ID;
      twenty.timeline.length = 0;
      twenty.inactiveTimelineTypes.clear();
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
        if (input.scope === 'SERVER') {
          const holder = twenty.serverKv.get(input.key);
          if (holder !== undefined && holder !== twenty.workspaceId)
            return {
              errors: [
                {
                  message: `Key "${input.key}" is already claimed by another workspace`,
                  extensions: { code: 'FORBIDDEN' },
                },
              ],
            };
          twenty.serverKv.set(input.key, twenty.workspaceId);
          return { data: { setAppKeyValue: { key: input.key, value: twenty.workspaceId, scope: 'SERVER' } } };
        }
        store(input.scope).set(input.key, structuredClone(input.value));
        return { data: { setAppKeyValue: { key: input.key, value: input.value, scope: input.scope } } };
      }
      case 'DeleteAppKeyValue': {
        const key = String(variables.key);
        if (variables.scope === 'SERVER' && twenty.serverKv.get(key) !== twenty.workspaceId)
          return { data: { deleteAppKeyValue: false } };
        return { data: { deleteAppKeyValue: store(variables.scope).delete(key) } };
      }
      case 'anonymous': {
        // createTimelineActivity's metadata read (twenty-sdk logic-function index.mjs, docs/events-sources.md §A4; the
        // app sends the same document itself, src/functions/events/timeline.ts):
        // `timelineActivityTypes { id universalIdentifier isActive }` and `objects(paging, filter:
        // { universalIdentifier: { in } })`. Variables are genql's `v1`, `v2`.
        const filter = Object.values(variables).find(
          (v) => (v as { universalIdentifier?: unknown })?.universalIdentifier,
        ) as { universalIdentifier: { in: string[] } } | undefined;
        const wanted = filter?.universalIdentifier.in ?? [];
        return {
          data: {
            timelineActivityTypes: Object.values(IDS.timelineActivityTypes).map((id) => ({
              id: `type-${id}`,
              universalIdentifier: id,
              isActive: !twenty.inactiveTimelineTypes.has(id),
            })),
            objects: {
              edges: OBJECTS.filter((o) => wanted.includes(o.universalIdentifier)).map((node) => ({ node })),
            },
          },
        };
      }
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
    // Twenty's REST create for timelineActivity with the rules for app-created rows
    // (timeline-activity-mutation-input.util.ts, docs/events-sources.md §B3).
    http.post(`${TWENTY_API_URL}/rest/timelineActivities`, async ({ request }) => {
      if (request.headers.get('authorization') !== `Bearer ${APP_ACCESS_TOKEN}`) {
        twenty.problems.push('timeline activity sent without the application access token');
        return HttpResponse.json({ error: 'Unauthorized' }, { status: 401 });
      }
      if (!canWriteTimeline())
        return HttpResponse.json(
          { statusCode: 403, error: 'FORBIDDEN', messages: ['User does not have permission'] },
          { status: 403 },
        );
      const body = (await request.json()) as Record<string, unknown>;
      const targets = Object.entries(body).filter(([k, v]) => k.startsWith('target') && v != null);
      const typeId = String(body.timelineActivityTypeId ?? '');
      const type = typeId.replace(/^type-/, '');
      const bad =
        targets.length !== 1
          ? 'A timeline activity requires exactly one target and complete linked record metadata'
          : (body.linkedRecordId == null) !== (body.linkedObjectMetadataId == null)
            ? 'A timeline activity requires exactly one target and complete linked record metadata'
            : !Object.values(IDS.timelineActivityTypes).includes(type as never)
              ? 'An application can only create its own timeline activity types'
              : null;
      if (bad) {
        twenty.problems.push(`timeline activity refused: ${bad}`);
        return HttpResponse.json(
          { statusCode: 400, error: 'BadRequestException', messages: [bad] },
          { status: 400 },
        );
      }
      const [key, targetId] = targets[0]!;
      const now = new Date().toISOString();
      const happensAt = typeof body.happensAt === 'string' && body.happensAt < now ? body.happensAt : now;
      const row: TimelineRow = {
        id: randomUUID(),
        type,
        target: {
          object: key.replace(/^target(.)(.*)Id$/, (_, a: string, b: string) => a.toLowerCase() + b),
          id: String(targetId),
        },
        linkedRecordId: (body.linkedRecordId as string | undefined) ?? null,
        linkedObjectMetadataId: (body.linkedObjectMetadataId as string | undefined) ?? null,
        happensAt,
        properties: (body.properties as Record<string, unknown> | undefined) ?? {},
        workspaceMemberId: null,
      };
      twenty.timeline.push(row);
      return HttpResponse.json(
        {
          data: {
            createTimelineActivity: {
              id: row.id,
              timelineActivityTypeId: typeId,
              timelineActivityTypeSnapshot: {},
            },
          },
        },
        { status: 201 },
      );
    }),
  ];
  twenty.resetEnv();
  return twenty;
};
