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
  /** `workflowActionTriggerSettings`, verbatim. */
  workflowAction?: Record<string, unknown>;
};

/** Filled in with the function catalog; while empty, the trigger comparison is skipped. */
export const expectedTriggers: Record<string, ExpectedTriggers> = {
  'connections-status': { tool: true },
  'linear-list-teams': { tool: true },
  'linear-search-issues': { tool: true },
  'linear-create-issue': { tool: true },
  'linear-create-issue-route': {
    httpRoute: { path: '/linear/issues', httpMethod: 'POST', isAuthRequired: true },
  },
  'linear-add-comment': { tool: true },
  'linear-update-issue': { tool: true },
  'github-list-repositories': { tool: true },
  'github-search-issues': { tool: true },
  'github-create-issue': { tool: true },
  'github-create-issue-route': {
    httpRoute: { path: '/github/issues', httpMethod: 'POST', isAuthRequired: true },
  },
  'github-add-comment': { tool: true },
  'slack-list-channels': { tool: true },
  'slack-post-message': { tool: true },
  'slack-post-message-route': {
    httpRoute: { path: '/slack/messages', httpMethod: 'POST', isAuthRequired: true },
  },
  'linear-digest': { cron: { pattern: '0 8 * * 1-5' } },
  'opportunity-stage-to-slack': {
    databaseEvent: { eventName: 'opportunity.updated', updatedFields: ['stage'] },
  },
  'linear-on-connect': {},
  'github-on-connect': {},
  'slack-on-connect': {},
  'on-disconnect': {},
  'health-check': {},
};
