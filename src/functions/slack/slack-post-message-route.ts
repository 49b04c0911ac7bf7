import { defineLogicFunction } from 'twenty-sdk/define';
import { route } from '../../core/handlers';
import { postMessageInput, postSlackMessage } from './post-message';

export default defineLogicFunction(
  route({
    universalIdentifier: '2914094d-6821-4572-b36b-9a02db942357',
    name: 'slack-post-message-route',
    description:
      'POST <functions URL>/slack/messages (the workspace public function domain; /s/slack/messages only on servers that still serve it): post to a Slack channel from JSON { channel, text, threadTs?, record?: { object, id }, connection? }. ' +
      'Signed-in members use their own connection first; API keys use the workspace-shared one. Answers 201.',
    path: '/slack/messages',
    input: postMessageInput,
    timeoutSeconds: 30,
    successStatus: 201,
    run: postSlackMessage,
  }),
);
