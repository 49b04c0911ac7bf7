import { defineLogicFunction } from 'twenty-sdk/define';
import { toolHandler } from '../../core/handlers';
import { toInputSchema } from '../../core/input';
import { postMessageInput, postSlackMessage } from './post-message';

const TIMEOUT_SECONDS = 30;

export default defineLogicFunction({
  universalIdentifier: '0686b761-83b1-4ffe-9012-38efeec1547b',
  name: 'slack-post-message',
  description:
    'Post a message to a Slack channel as the connected Slack app (bot). Public channels work without ' +
    'inviting the app; private channels need the app invited. Returns the channel and message ts.',
  timeoutSeconds: TIMEOUT_SECONDS,
  toolTriggerSettings: { inputSchema: toInputSchema(postMessageInput) },
  handler: toolHandler({ input: postMessageInput, timeoutSeconds: TIMEOUT_SECONDS, run: postSlackMessage }),
});
