import { defineLogicFunction } from 'twenty-sdk/define';
import { tool } from '../../core/handlers';

import { createGithubIssue, createIssueInput } from './create-issue';

export default defineLogicFunction(
  tool({
    universalIdentifier: '8d747092-e28a-4b97-874d-bab621656ec2',
    name: 'github-create-issue',
    description:
      "Open an issue in a GitHub repository as the member's own GitHub account (or the workspace-shared one). " +
      'Returns the issue number and URL. If GitHub does not confirm, the error says so: check before retrying. ' +
      'With `record` (a Twenty company, person or opportunity) the issue links back to it and shows on it with its status.',
    input: createIssueInput,
    timeoutSeconds: 30,
    run: createGithubIssue,
  }),
);
