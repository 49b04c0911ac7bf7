import { defineLogicFunction } from 'twenty-sdk/define';
import { kv } from 'twenty-sdk/logic-function';
import { backgroundHandler } from '../../core/handlers';
import { log } from '../../core/run';
import { type LinearViewer, linearGraphql, VIEWER_QUERY } from '../../providers/linear/linear.client';
import { linear } from '../../providers/linear/linear.provider';
import { linearOrgClaim } from '../../providers/linear/linear.webhooks';
import { type HookPayload, recordIdentity } from './record-identity';

/** Where a refused claim is kept for the health check (docs/linked-work.md, "Events in, timeline out"). */
export const claimRefusedKey = (organizationId: string) => `linear-claim-refused:${organizationId}`;

/**
 * Claims the organization's webhook events for this workspace. Every Linear connection claims (personal or
 * shared): a claim only says where the organization's events go, it grants no access. SERVER kv keeps the
 * first claimant and throws for any other workspace (docs/events-sources.md §A3); a refusal is recorded, never fails
 * the connect: this workspace then keeps its items current by polling.
 */
const claim = async (organizationId: string) => {
  try {
    await kv.set(linearOrgClaim(organizationId), true, { scope: 'SERVER' });
    await kv.delete(claimRefusedKey(organizationId));
    return { claimed: true };
  } catch (error) {
    const reason = (error as Error).message;
    log('warn', 'claim refused', { provider: 'linear', organizationId, reason });
    await kv.set(claimRefusedKey(organizationId), { at: new Date().toISOString(), reason }).catch(() => {});
    return { claimed: false, reason };
  }
};

export default defineLogicFunction({
  universalIdentifier: linear.ids.onConnect,
  name: 'linear-on-connect',
  description:
    "After a Linear connection is added, records its Linear user and organization, and routes that organization's webhook events to this workspace.",
  timeoutSeconds: 20,
  handler: backgroundHandler({
    trigger: 'hook',
    timeoutSeconds: 20,
    run: async (payload: HookPayload, run) => {
      let organizationId = '';
      const recorded = await recordIdentity(linear, payload, run, async (session) => {
        const { viewer, organization } = await linearGraphql<LinearViewer>(session, {
          operation: 'identify the account',
          query: VIEWER_QUERY,
          idempotent: true,
        });
        organizationId = organization.id;
        return {
          account: `${viewer.name} (${viewer.email}) · ${organization.name}`,
          details: {
            userId: viewer.id,
            organizationId: organization.id,
            organizationUrlKey: organization.urlKey,
          },
        };
      });
      return { ...recorded, webhooks: await claim(organizationId) };
    },
  }),
});
