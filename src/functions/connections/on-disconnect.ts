import { defineLogicFunction } from 'twenty-sdk/define';
import { listConnections } from 'twenty-sdk/logic-function';
import { backgroundHandler } from '../../core/handlers';
import { forgetIdentity } from '../../core/identity';
import type { ProviderSpec } from '../../core/provider';
import type { RevokeOutcome, Revoker } from '../../core/revoke';
import { log } from '../../core/run';
import { revokeGithub } from '../../providers/github/github.revoke';
import { revokeLinear } from '../../providers/linear/linear.revoke';
import { revokeSlack } from '../../providers/slack/slack.revoke';
import { IDS } from '../../universal-identifiers';

type HookPayload = { connectionProviderName: string; connectedAccountId: string };

const REVOKERS: Record<ProviderSpec['name'], Revoker> = {
  linear: revokeLinear,
  github: revokeGithub,
  slack: revokeSlack,
};

const ALREADY_GONE: RevokeOutcome = {
  revoked: false,
  detail: 'The connection was already removed (older Twenty servers delete it before this hook runs).',
};

export default defineLogicFunction({
  universalIdentifier: IDS.hooks.onDisconnect,
  name: 'on-disconnect',
  description:
    'When a connection is removed, revokes it at the provider the way that provider documents (current Twenty ' +
    'servers run this hook first, with the token still valid), then forgets the upstream identity recorded for it.',
  timeoutSeconds: 20,
  handler: backgroundHandler({
    trigger: 'hook',
    timeoutSeconds: 20,
    run: async (payload: HookPayload, run) => {
      const all = await listConnections({ providerName: payload.connectionProviderName });
      const connection = all.find((c) => c.id === payload.connectedAccountId);
      const revoker = Object.hasOwn(REVOKERS, payload.connectionProviderName)
        ? REVOKERS[payload.connectionProviderName as ProviderSpec['name']]
        : undefined;
      let revoke = ALREADY_GONE;
      if (connection && revoker) {
        try {
          revoke = await revoker({ connection, others: all.filter((c) => c.id !== connection.id), run });
        } catch (error) {
          // The member asked to disconnect: that goes ahead whatever the provider says.
          revoke = { revoked: false, detail: `Revoking failed: ${(error as Error).message}` };
        }
      }
      log('info', 'disconnected', { provider: payload.connectionProviderName, revoked: revoke.revoked });
      return { forgotten: await forgetIdentity(payload.connectedAccountId), revoke };
    },
  }),
});
