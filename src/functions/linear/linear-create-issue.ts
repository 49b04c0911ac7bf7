import { defineLogicFunction } from 'twenty-sdk/define';
import { toolHandler } from '../../core/handlers';
import { toInputSchema } from '../../core/input';
import { createIssueInput, createLinearIssue } from './create-issue';

const TIMEOUT_SECONDS = 30;

export default defineLogicFunction({
  universalIdentifier: '56cca396-13bd-4fd5-9eb0-b9f3346cc0dd',
  name: 'linear-create-issue',
  description:
    "Create a Linear issue in a team, as the member's own Linear account (or the workspace-shared one). " +
    'Returns the issue identifier (e.g. ENG-42) and URL. Never creates a duplicate when retried.',
  timeoutSeconds: TIMEOUT_SECONDS,
  toolTriggerSettings: { inputSchema: toInputSchema(createIssueInput) },
  handler: toolHandler({ input: createIssueInput, timeoutSeconds: TIMEOUT_SECONDS, run: createLinearIssue }),
});
