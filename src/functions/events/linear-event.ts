import { defineLogicFunction } from 'twenty-sdk/define';
import { kv } from 'twenty-sdk/logic-function';
import { backgroundHandler } from '../../core/handlers';
import type { Run } from '../../core/run';
import { type LinearEvent, linearOrgClaim } from '../../providers/linear/linear.webhooks';
import { linearItemOf } from '../../providers/linear/linear.work-items';
import { IDS } from '../../universal-identifiers';
import { applyUpstreamChange } from './apply-change';

/** The last delivery ids applied in this workspace (bounded; docs/linked-work.md). */
export const SEEN_KEY = 'events:seen';
export const SEEN_LIMIT = 500;
export const LAST_EVENT_KEY = 'events:last:linear';

const apply = async (event: LinearEvent, run: Run) => {
  if (event.type === 'OAuthApp') {
    // "De-authorizing sends an OAuthApp revoked event" (docs/events-sources.md §C1; OAuthAppWebhookPayload { action,
    // organizationId, ... } in ../shared/contracts/linear/schema.graphql): the organization no longer routes here.
    // `delete` removes a SERVER key only for its claimant (§A3), which this workspace is: it was dispatched here.
    if (event.action !== 'revoked') return { ignored: 'OAuthApp action' };
    return { released: await kv.delete(linearOrgClaim(event.organizationId), { scope: 'SERVER' }) };
  }
  if (event.comment) {
    if (event.action !== 'create') return { ignored: `Comment ${event.action}` };
    return applyUpstreamChange(run, {
      provider: 'linear',
      upstreamId: event.comment.issueId,
      actor: event.actor,
      at: event.at,
      comment: event.comment,
      deliveryId: event.deliveryId,
    });
  }
  if (!event.issue || (event.action !== 'create' && event.action !== 'update'))
    return { ignored: `${event.type} ${event.action}` };
  return applyUpstreamChange(run, {
    provider: 'linear',
    upstreamId: event.issue.id,
    fields: linearItemOf(event.issue),
    actor: event.actor,
    at: event.at,
    deliveryId: event.deliveryId,
  });
};

/**
 * Applies one verified Linear event in the workspace that claimed its organization (dispatched by
 * `linear-webhook`; a queued job with retries, docs/events-sources.md §B2). A delivery id seen before changes nothing
 * again; it is recorded only once the event was applied, so a retried job still applies it.
 */
export const handleLinearEvent = async (event: LinearEvent, run: Run) => {
  const seen = (await kv.get<string[]>(SEEN_KEY)) ?? [];
  if (seen.includes(event.deliveryId)) return { duplicate: true, deliveryId: event.deliveryId };
  const result = await apply(event, run);
  await kv.set(
    SEEN_KEY,
    [...((await kv.get<string[]>(SEEN_KEY)) ?? []), event.deliveryId].slice(-SEEN_LIMIT),
  );
  await kv.set(LAST_EVENT_KEY, new Date().toISOString());
  return { deliveryId: event.deliveryId, ...result };
};

export default defineLogicFunction({
  universalIdentifier: IDS.functions.linearEvent,
  name: 'linear-event',
  description:
    'Applies one verified Linear webhook event to the work items linked in this workspace: status, assignee ' +
    'and title follow Linear, and the linked records get timeline entries.',
  timeoutSeconds: 30,
  handler: backgroundHandler({ trigger: 'event', timeoutSeconds: 30, run: handleLinearEvent }),
});
