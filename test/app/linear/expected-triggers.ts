import type { ExpectedTriggers } from '../../build/expected-triggers.ts';

/** This provider's functions and their triggers, as the README documents them (see test/build/expected-triggers.ts). */
export const expectedTriggers: Record<string, ExpectedTriggers> = {
  'linear-list-teams': { tool: true },
  'linear-search-issues': { tool: true },
  'linear-create-issue': { tool: true },
  'linear-create-issue-route': {
    httpRoute: { path: '/linear/issues', httpMethod: 'POST', isAuthRequired: true },
  },
  'linear-add-comment': { tool: true },
  'linear-update-issue': { tool: true },
  'linear-on-connect': {},
  'linear-on-disconnect': {},
};
