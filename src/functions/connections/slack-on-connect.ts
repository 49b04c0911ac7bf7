import { defineLogicFunction } from 'twenty-sdk/define';
import { backgroundHandler } from '../../core/handlers';
import { slackCall } from '../../providers/slack/slack.client';
import { slack } from '../../providers/slack/slack.provider';
import { type HookPayload, recordIdentity } from './record-identity';

type AuthTest = { team: string; team_id: string; user: string; user_id: string; bot_id?: string };

export default defineLogicFunction({
  universalIdentifier: slack.ids.onConnect,
  name: 'slack-on-connect',
  description: 'After a Slack connection is added, records its Slack workspace and bot user.',
  timeoutSeconds: 20,
  handler: backgroundHandler({
    trigger: 'hook',
    timeoutSeconds: 20,
    run: (payload: HookPayload, run) =>
      recordIdentity(slack, payload, run, async (session) => {
        const me = await slackCall<AuthTest>(
          session,
          'auth.test',
          {},
          { operation: 'identify the account', idempotent: true },
        );
        return {
          account: `${me.team} · bot @${me.user}`,
          details: { teamId: me.team_id, botUserId: me.user_id, ...(me.bot_id ? { botId: me.bot_id } : {}) },
        };
      }),
  }),
});
