import { defineLogicFunction } from 'twenty-sdk/define';
import { routeHandler } from '../../core/handlers';
import { createGithubIssue, createIssueInput } from './create-issue';

const TIMEOUT_SECONDS = 30;

export default defineLogicFunction({
  universalIdentifier: '3f2df850-b219-4964-b876-28d3423cfcb9',
  name: 'github-create-issue-route',
  description:
    'POST /s/github/issues: open a GitHub issue from JSON { repository, title, body?, labels?, assignees?, connection? }. ' +
    'Signed-in members use their own connection first; API keys use the workspace-shared one. Answers 201.',
  timeoutSeconds: TIMEOUT_SECONDS,
  httpRouteTriggerSettings: { path: '/github/issues', httpMethod: 'POST', isAuthRequired: true },
  handler: routeHandler({
    input: createIssueInput,
    timeoutSeconds: TIMEOUT_SECONDS,
    successStatus: 201,
    run: createGithubIssue,
  }),
});
