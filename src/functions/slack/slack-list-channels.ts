import { defineLogicFunction } from 'twenty-sdk/define';
import { tool } from '../../core/handlers';
import { objectInput } from '../../core/input';
import { openSession } from '../../core/session';
import { connectionArgument, limitArgument } from '../../core/tool-args';
import { listChannels } from '../../providers/slack/slack.client';
import { slack } from '../../providers/slack/slack.provider';

const input = objectInput({ limit: limitArgument(1000, 200), connection: connectionArgument(slack) });

export default defineLogicFunction(
  tool({
    universalIdentifier: '061f5c3f-3e82-4832-ba6f-0c812c0fb3cb',
    name: 'slack-list-channels',
    description:
      'List Slack channels: every public channel, and the private channels the app was invited to. Archived ' +
      'channels are left out. Returns id, name, private and whether the app is a member, and `complete: false` ' +
      'when Slack has more channels than were read (raise `limit`).',
    input,
    timeoutSeconds: 30,
    run: async ({ connection, limit }, run) => {
      const session = await openSession(run, slack, connection);
      return { connection: session.label, ...(await listChannels(session, limit ?? 200)) };
    },
  }),
);
