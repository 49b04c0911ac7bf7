import { defineLogicFunction } from 'twenty-sdk/define';
import { backgroundHandler } from '../../core/handlers';
import { type LinearViewer, linearGraphql, VIEWER_QUERY } from '../../providers/linear/linear.client';
import { linear } from '../../providers/linear/linear.provider';
import { type HookPayload, recordIdentity } from './record-identity';

export default defineLogicFunction({
  universalIdentifier: linear.ids.onConnect,
  name: 'linear-on-connect',
  description: 'After a Linear connection is added, records its Linear user and organization.',
  timeoutSeconds: 20,
  handler: backgroundHandler({
    trigger: 'hook',
    timeoutSeconds: 20,
    run: (payload: HookPayload, run) =>
      recordIdentity(linear, payload, run, async (session) => {
        const { viewer, organization } = await linearGraphql<LinearViewer>(session, {
          operation: 'identify the account',
          query: VIEWER_QUERY,
          idempotent: true,
        });
        return {
          account: `${viewer.name} (${viewer.email}) · ${organization.name}`,
          details: {
            userId: viewer.id,
            organizationId: organization.id,
            organizationUrlKey: organization.urlKey,
          },
        };
      }),
  }),
});
