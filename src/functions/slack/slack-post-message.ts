import { defineLogicFunction } from 'twenty-sdk/define';
import { tool } from '../../core/handlers';

import { postMessageInput, postSlackMessage } from './post-message';

export default defineLogicFunction(
  tool({
    universalIdentifier: '0686b761-83b1-4ffe-9012-38efeec1547b',
    name: 'slack-post-message',
    description:
      'Post a message to a Slack channel as the connected Slack app (bot). Public channels work without ' +
      'inviting the app; private channels need the app invited. `text` is Slack mrkdwn sent as written, so ' +
      '<!channel>, <!here> and <@U…> in it notify people: only include them when the member asked to. ' +
      'Returns the channel and message ts. With `record` (a Twenty company, person or opportunity) the message ' +
      'links back to it and shows on it.',
    input: postMessageInput,
    timeoutSeconds: 30,
    run: postSlackMessage,
  }),
);
