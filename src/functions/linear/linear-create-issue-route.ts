import { defineLogicFunction } from 'twenty-sdk/define';
import { routeHandler } from '../../core/handlers';
import { createIssueInput, createLinearIssue } from './create-issue';

const TIMEOUT_SECONDS = 30;

export default defineLogicFunction({
  universalIdentifier: '1d4ae08c-2de5-4a71-9c4d-e5aa53bd93d4',
  name: 'linear-create-issue-route',
  description:
    'POST /s/linear/issues: create a Linear issue from JSON { team, title, description?, priority?, connection? }. ' +
    'Signed-in members use their own connection first; API keys use the workspace-shared one. Answers 201.',
  timeoutSeconds: TIMEOUT_SECONDS,
  httpRouteTriggerSettings: { path: '/linear/issues', httpMethod: 'POST', isAuthRequired: true },
  handler: routeHandler({
    input: createIssueInput,
    timeoutSeconds: TIMEOUT_SECONDS,
    successStatus: 201,
    run: createLinearIssue,
  }),
});
