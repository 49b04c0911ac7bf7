import { defineLogicFunction } from 'twenty-sdk/define';
import { route } from '../../core/handlers';
import { createGithubIssue, createIssueInput } from './create-issue';

export default defineLogicFunction(
  route({
    universalIdentifier: '3f2df850-b219-4964-b876-28d3423cfcb9',
    name: 'github-create-issue-route',
    description:
      'POST <functions URL>/github/issues (the workspace public function domain; /s/github/issues only on servers that still serve it): open a GitHub issue from JSON { repository, title, body?, labels?, assignees?, record?: { object, id }, connection? }. ' +
      'Signed-in members use their own connection first; API keys use the workspace-shared one. Answers 201.',
    path: '/github/issues',
    input: createIssueInput,
    timeoutSeconds: 30,
    successStatus: 201,
    run: createGithubIssue,
  }),
);
