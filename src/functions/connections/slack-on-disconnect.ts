import { defineLogicFunction } from 'twenty-sdk/define';
import { slack } from '../../providers/slack/slack.provider';
import { revokeSlack } from '../../providers/slack/slack.revoke';
import { disconnectHook } from './disconnect-hook';

export default defineLogicFunction(
  disconnectHook({ universalIdentifier: slack.ids.onDisconnect, provider: slack, revoke: revokeSlack }),
);
