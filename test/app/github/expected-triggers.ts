import type { ExpectedTriggers } from '../../build/expected-triggers.ts';

/** This provider's functions and their triggers, as the README documents them (see test/build/expected-triggers.ts). */
export const expectedTriggers: Record<string, ExpectedTriggers> = {
  'github-list-repositories': { tool: true },
  'github-search-issues': { tool: true },
  'github-create-issue': { tool: true },
  'github-create-issue-route': {
    httpRoute: { path: '/github/issues', httpMethod: 'POST', isAuthRequired: true },
  },
  'github-add-comment': { tool: true },
  'github-on-connect': {},
  'github-on-disconnect': {},
};
