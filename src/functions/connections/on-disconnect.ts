import { defineLogicFunction } from 'twenty-sdk/define';
import { backgroundHandler } from '../../core/handlers';
import { forgetIdentity } from '../../core/identity';
import { IDS } from '../../universal-identifiers';

type HookPayload = { connectionProviderName: string; connectedAccountId: string };

export default defineLogicFunction({
  universalIdentifier: IDS.hooks.onDisconnect,
  name: 'on-disconnect',
  description:
    'After a connection is removed (the row is already gone), forgets the upstream identity recorded for it.',
  timeoutSeconds: 10,
  handler: backgroundHandler({
    trigger: 'hook',
    timeoutSeconds: 10,
    run: async (payload: HookPayload) => ({ forgotten: await forgetIdentity(payload.connectedAccountId) }),
  }),
});
