import { defineLogicFunction } from 'twenty-sdk/define';
import { kv, Response, type RoutePayload } from 'twenty-sdk/logic-function';
import { log } from '../../core/run';
import {
  isFreshLinearTimestamp,
  linearEventOf,
  linearOrgClaim,
  verifyLinearSignature,
} from '../../providers/linear/linear.webhooks';
import { IDS } from '../../universal-identifiers';

const json = { 'content-type': 'application/json' };
const answer = (status: number, body: object) => new Response(body, { status, headers: json });

/** Where forged or mis-signed deliveries are counted, for the health check (docs/linked-work.md, "Events in, timeline out"). */
export const BAD_SIGNATURE_KEY = 'events:bad-signature:linear';

/**
 * The resolver runs in the app's owner workspace (docs/events-sources.md §A2), so forged deliveries can only be counted
 * there. Best effort: counting never changes the answer.
 */
const countBadSignature = async () => {
  try {
    const last = await kv.get<{ count: number }>(BAD_SIGNATURE_KEY);
    await kv.set(BAD_SIGNATURE_KEY, { count: (last?.count ?? 0) + 1, lastAt: new Date().toISOString() });
  } catch {
    // the 401 stands either way
  }
};

/**
 * Linear's webhook for every organization that authorized the OAuth app, served by Twenty at
 * `<server>/webhooks/server/<this universalIdentifier>` (server-route-trigger controller, docs/events-sources.md §B1).
 * Only the listed headers reach the handler, lower-cased, with the raw body. Checks, in order (docs/linked-work.md, "Events in, timeline out"):
 * no raw body → 400; no LINEAR_WEBHOOK_SECRET → 401 (nothing can be verified, so nothing is trusted); bad or
 * missing `linear-signature` → 401; `webhookTimestamp` more than 60 s away → 400; an organization no
 * workspace claimed → 200 ignored (Linear retries anything but 200, docs/events-sources.md §C1). Otherwise the event is
 * dispatched to the claimant workspace's `linear-event` (Twenty answers Linear 200 `{"queued":true}`; the
 * dispatch result must name UUIDs, parse-resolver-dispatch-result-or-throw.util.ts). The payload itself never
 * chooses the workspace: only the claim does.
 */
export const handleLinearWebhook = async (payload: RoutePayload<unknown>) => {
  const raw = payload.rawBody;
  if (typeof raw !== 'string' || raw.length === 0) return answer(400, { error: 'raw body required' });
  const secret = process.env.LINEAR_WEBHOOK_SECRET?.trim();
  if (!secret) return answer(401, { error: 'webhook secret not configured' });
  if (!verifyLinearSignature(raw, payload.headers['linear-signature'], secret)) {
    await countBadSignature();
    log('warn', 'webhook refused', { provider: 'linear', reason: 'bad signature' });
    return answer(401, { error: 'invalid signature' });
  }
  let body: { webhookTimestamp?: unknown } | null;
  try {
    body = JSON.parse(raw);
  } catch {
    return answer(400, { error: 'invalid JSON' });
  }
  if (!isFreshLinearTimestamp(body?.webhookTimestamp)) return answer(400, { error: 'stale timestamp' });
  const event = linearEventOf(body, payload.headers['linear-delivery']);
  if (!event) return answer(200, { ignored: 'event type' });
  const workspaceId = await kv.get<string>(linearOrgClaim(event.organizationId), { scope: 'SERVER' });
  if (typeof workspaceId !== 'string' || !workspaceId)
    return answer(200, { ignored: 'unknown organization' });
  return { workspaceId, targetLogicFunctionUniversalIdentifier: IDS.functions.linearEvent, payload: event };
};

export default defineLogicFunction({
  universalIdentifier: IDS.functions.linearWebhook,
  name: 'linear-webhook',
  description:
    "Receives the Linear OAuth app's webhook for every organization, verifies it (LINEAR_WEBHOOK_SECRET) and " +
    'hands it to the workspace that claimed the organization when it connected Linear.',
  timeoutSeconds: 5,
  serverRouteTriggerSettings: {
    httpMethods: ['POST'],
    forwardedRequestHeaders: ['linear-signature', 'linear-delivery', 'linear-event'],
  },
  handler: handleLinearWebhook,
});
