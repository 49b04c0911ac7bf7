import type { Sandbox } from '../../../local/sandboxes/sandbox.ts';
import type { Loose } from '../../support/run-function.ts';
import type { Upstreams } from '../../support/upstreams.ts';

/** Issues (and pull requests) of one repository as a person sees them on GitHub, newest first. */
export const githubIssues = (github: Sandbox, fullName: string): Loose[] =>
  (github.view() as Loose).repositories.find((repo: Loose) => repo.fullName === fullName)?.issues ?? [];

/** The GitHub API calls the sandbox received, as `METHOD /template status`. */
export const githubOperations = (github: Sandbox): string[] =>
  github.calls().map((call) => `${call.operation} ${call.status}`);

/** Ada (org admin, sees the private repos) connects GitHub for herself. */
export const connectAda = (up: Upstreams, userWorkspaceId = 'uw-ada') =>
  up.mintConnection('github', {
    visibility: 'user',
    userWorkspaceId,
    account: 'ada-acme',
    name: 'Ada GitHub',
  });

/** Grace (org member without access to the private firmware repo) connects GitHub for herself. */
export const connectGrace = (up: Upstreams, userWorkspaceId = 'uw-grace') =>
  up.mintConnection('github', {
    visibility: 'user',
    userWorkspaceId,
    account: 'grace-acme',
    name: 'Grace GitHub',
  });
