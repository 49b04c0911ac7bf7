import { PROVIDERS } from '../../src/providers/index.ts';

/**
 * Every logic function's triggers as the README documents them, keyed by function `name`. The manifest test
 * (manifest.test.ts) compares the built manifest with this table exactly whenever the table is non-empty:
 * same function names, same triggers, same settings.
 *
 * Settings are written as they appear in `.twenty/output/manifest.json` (the `*TriggerSettings` objects of
 * `defineLogicFunction`, verbatim). A function with no trigger (an onConnect/onDisconnect hook) maps to `{}`.
 *
 * @example
 * {
 *   'linear-create-issue': { tool: true },
 *   'linear-create-issue-route': { httpRoute: { path: '/linear/issues', httpMethod: 'POST', isAuthRequired: true } },
 *   'linear-digest': { cron: { pattern: '0 8 * * 1-5' } },
 *   'opportunity-stage-to-slack': { databaseEvent: { eventName: 'opportunity.updated', updatedFields: ['stage'] } },
 *   'linear-on-connect': {},
 * }
 */
export type ExpectedTriggers = {
  /** An AI tool (`toolTriggerSettings`; its `inputSchema` is checked separately). */
  tool?: true;
  /** `httpRouteTriggerSettings`, served at `/s<path>`. */
  httpRoute?: {
    path: string;
    httpMethod: string;
    isAuthRequired: boolean;
    forwardedRequestHeaders?: string[];
  };
  /** `cronTriggerSettings`. */
  cron?: { pattern: string };
  /** `databaseEventTriggerSettings`. */
  databaseEvent?: { eventName: string; updatedFields?: string[]; batchMode?: unknown };
  /** `serverRouteTriggerSettings` (served at `/webhooks/server/<universalIdentifier>`), verbatim. */
  serverRoute?: { httpMethods?: string[]; forwardedRequestHeaders?: string[] };
  /** `workflowActionTriggerSettings`, verbatim. */
  workflowAction?: Record<string, unknown>;
};

/**
 * The app's own functions here; each provider's in `test/app/<name>/expected-triggers.ts`, found through the
 * app's list of providers, so a new provider adds its table in its own test folder.
 */
const APP_FUNCTIONS: Record<string, ExpectedTriggers> = {
  'connections-status': { tool: true },
  'linear-digest': { cron: { pattern: '0 8 * * 1-5' } },
  'opportunity-stage-to-slack': {
    databaseEvent: { eventName: 'opportunity.updated', updatedFields: ['stage'] },
  },
  'health-check': {},
  'link-work-item': { tool: true },
  'link-work-item-route': {
    httpRoute: { path: '/work-items/link', httpMethod: 'POST', isAuthRequired: true },
  },
  'list-work-items': { tool: true },
  'list-work-items-route': {
    httpRoute: { path: '/work-items/list', httpMethod: 'POST', isAuthRequired: true },
  },
  'unlink-work-item': { tool: true },
  'linear-webhook': {
    serverRoute: {
      httpMethods: ['POST'],
      forwardedRequestHeaders: ['linear-signature', 'linear-delivery', 'linear-event'],
    },
  },
  'linear-event': {},
  'work-items-refresh': { cron: { pattern: '*/15 * * * *' } },
};

const ofProvider = async (name: string): Promise<Record<string, ExpectedTriggers>> =>
  (
    (await import(`../app/${name}/expected-triggers.ts`)) as {
      expectedTriggers: Record<string, ExpectedTriggers>;
    }
  ).expectedTriggers;

/** Filled in with the function catalog; while empty, the trigger comparison is skipped. */
export const expectedTriggers: Record<string, ExpectedTriggers> = Object.assign(
  {},
  APP_FUNCTIONS,
  ...(await Promise.all(PROVIDERS.map((p) => ofProvider(p.name)))),
);
