import { defineLogicFunction } from 'twenty-sdk/define';
import { backgroundHandler } from '../../core/handlers';
import { forgetIdentity } from '../../core/identity';

type HookPayload = { connectionProviderName: string; connectedAccountId: string };

export default defineLogicFunction({
  universalIdentifier: 'deebe721-de28-4ff8-9e82-f0f23b4f62e2',
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
