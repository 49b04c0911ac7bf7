import { defineLogicFunction } from 'twenty-sdk/define';
import { type AppConnection, kv } from 'twenty-sdk/logic-function';
import { readIdentity } from '../../core/identity';
import { linear } from '../../providers/linear/linear.provider';
import { revokeLinear } from '../../providers/linear/linear.revoke';
import { linearOrgClaim } from '../../providers/linear/linear.webhooks';
import { disconnectHook } from './disconnect-hook';

/**
 * Gives up the organization's webhook claim (made by linear-on-connect) once no Linear connection of this
 * workspace is to that organization any more. The organization is the one linear-on-connect recorded for
 * the connection; a connection without one (made before claims existed) releases nothing.
 */
const releaseClaim = async (connectionId: string, others: AppConnection[]) => {
  const organizationId = (await readIdentity(connectionId))?.details.organizationId;
  if (!organizationId) return { released: false };
  for (const other of others) {
    if ((await readIdentity(other.id))?.details.organizationId === organizationId)
      return {
        released: false,
        reason: 'another Linear connection of this workspace is to that organization',
      };
  }
  await kv.delete(`linear-claim-refused:${organizationId}`);
  return { released: await kv.delete(linearOrgClaim(organizationId), { scope: 'SERVER' }) };
};

export default defineLogicFunction(
  disconnectHook({
    universalIdentifier: linear.ids.onDisconnect,
    provider: linear,
    revoke: revokeLinear,
    beforeForget: releaseClaim,
  }),
);
