import type { ExpectedTriggers } from '../../build/expected-triggers.ts';

/** This provider's functions and their triggers, as the README documents them (see test/build/expected-triggers.ts). */
export const expectedTriggers: Record<string, ExpectedTriggers> = {
  'slack-list-channels': { tool: true },
  'slack-post-message': { tool: true },
  'slack-post-message-route': {
    httpRoute: { path: '/slack/messages', httpMethod: 'POST', isAuthRequired: true },
  },
  'slack-on-connect': {},
  'slack-on-disconnect': {},
};
