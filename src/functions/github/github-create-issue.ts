import { defineLogicFunction } from 'twenty-sdk/define';
import { toolHandler } from '../../core/handlers';
import { toInputSchema } from '../../core/input';
import { createGithubIssue, createIssueInput } from './create-issue';

const TIMEOUT_SECONDS = 30;

export default defineLogicFunction({
  universalIdentifier: '8d747092-e28a-4b97-874d-bab621656ec2',
  name: 'github-create-issue',
  description:
    "Open an issue in a GitHub repository as the member's own GitHub account (or the workspace-shared one). " +
    'Returns the issue number and URL. If GitHub does not confirm, the error says so: check before retrying.',
  timeoutSeconds: TIMEOUT_SECONDS,
  toolTriggerSettings: { inputSchema: toInputSchema(createIssueInput) },
  handler: toolHandler({ input: createIssueInput, timeoutSeconds: TIMEOUT_SECONDS, run: createGithubIssue }),
});
