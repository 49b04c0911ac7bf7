import { defineLogicFunction } from 'twenty-sdk/define';
import { tool } from '../../core/handlers';

import { createIssueInput, createLinearIssue } from './create-issue';

export default defineLogicFunction(
  tool({
    universalIdentifier: '56cca396-13bd-4fd5-9eb0-b9f3346cc0dd',
    name: 'linear-create-issue',
    description:
      "Create a Linear issue in a team, as the member's own Linear account (or the workspace-shared one). " +
      'Returns the issue identifier (e.g. ENG-42) and URL. Never creates a duplicate when retried. With `record` ' +
      '(a Twenty company, person or opportunity) the issue links back to it, shows on it with its status, and ' +
      "the record's company becomes a Linear customer with a customer request on the issue.",
    input: createIssueInput,
    timeoutSeconds: 30,
    run: createLinearIssue,
  }),
);
