import { defineLogicFunction } from 'twenty-sdk/define';
import { route } from '../../core/handlers';
import { createIssueInput, createLinearIssue } from './create-issue';

export default defineLogicFunction(
  route({
    universalIdentifier: '1d4ae08c-2de5-4a71-9c4d-e5aa53bd93d4',
    name: 'linear-create-issue-route',
    description:
      'POST <functions URL>/linear/issues (the workspace public function domain; /s/linear/issues only on servers that still serve it): create a Linear issue from JSON { team, title, description?, priority?, record?: { object, id }, connection? }. ' +
      'Signed-in members use their own connection first; API keys use the workspace-shared one. Answers 201.',
    path: '/linear/issues',
    input: createIssueInput,
    timeoutSeconds: 30,
    successStatus: 201,
    run: createLinearIssue,
  }),
);
