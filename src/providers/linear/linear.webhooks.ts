import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Linear's OAuth app webhook (one URL for every organization that authorized the app: "each time a new
 * organization authorizes the given application, a webhook will be created for that organization that posts to
 * the provided webhook URL", https://linear.app/developers/webhooks). Verified as Linear's own SDK does
 * (linear/linear packages/sdk/src/webhooks/client.ts@039267d, `LinearWebhookClient.verify`): the
 * `linear-signature` header is the hex HMAC-SHA256 of the raw body with the webhook's signing secret, compared
 * as equal-length buffers with `timingSafeEqual`; the body's `webhookTimestamp` (ms) must be within one minute
 * of now. The SDK skips the time check when the field is absent; Linear's payloads always carry it
 * (EntityWebhookPayload.webhookTimestamp, ../shared/contracts/linear/schema.graphql), so here a missing one is
 * refused: without it a captured delivery could be replayed forever.
 */
export const LINEAR_WEBHOOK_WINDOW_MS = 60_000;

/**
 * The claim that routes a Linear organization's events to one Twenty workspace, made at connect time
 * (linear-on-connect). SERVER kv is a first-come registry: `kv.get` answers the claimant's workspace id
 * (twentyhq/twenty application-key-value.service.ts, docs/events-sources.md §A3).
 */
export const linearOrgClaim = (organizationId: string) => `linear:org:${organizationId}`;

/** What the resolver dispatches to the workspace: only what `linear-event` uses (docs/linked-work.md, "Events in, timeline out"). */
export type LinearEvent = {
  deliveryId: string;
  type: 'Issue' | 'Comment' | 'OAuthApp';
  action: 'create' | 'update' | 'remove' | 'revoked';
  organizationId: string;
  at: string;
  actor: { name: string; url?: string } | null;
  issue?: {
    id: string;
    identifier: string;
    title: string;
    url: string;
    updatedAt: string;
    state: { name: string; type: string } | null;
    assignee: { name: string } | null;
  };
  comment?: { id: string; issueId: string; body: string; url?: string };
  updatedFrom?: Record<string, unknown>;
};

/** True when `signature` is the hex HMAC-SHA256 of `rawBody` with `secret` (timing-safe). */
export const verifyLinearSignature = (rawBody: string, signature: string | undefined, secret: string) => {
  if (!signature) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex'));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
};

/** True when the body's `webhookTimestamp` (ms) is a number within one minute of `now`. */
export const isFreshLinearTimestamp = (timestamp: unknown, now = Date.now()) =>
  typeof timestamp === 'number' && Math.abs(now - timestamp) <= LINEAR_WEBHOOK_WINDOW_MS;

type Loose = Record<string, unknown> | undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const obj = (value: unknown): Loose =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;

/**
 * A verified payload as a `LinearEvent`, or null when it is not one we act on (other entity types, a shape
 * we do not know). Payload fields: EntityWebhookPayload { action, actor, createdAt, data, organizationId,
 * type, updatedFrom, url, webhookId, webhookTimestamp } (schema.graphql); Issue and Comment `data` as in
 * docs/events-sources.md §C3. The delivery id is the `Linear-Delivery` header, else webhookId + entity id + its
 * updatedAt (createdAt for a comment), which a redelivery of the same change repeats.
 */
export const linearEventOf = (body: unknown, deliveryHeader?: string): LinearEvent | null => {
  const payload = obj(body);
  const type = str(payload?.type);
  const action = str(payload?.action);
  const organizationId = str(payload?.organizationId);
  if (!payload || !organizationId || !action || !['Issue', 'Comment', 'OAuthApp'].includes(type ?? ''))
    return null;
  const data = obj(payload.data);
  const actor = obj(payload.actor);
  const at = str(payload.createdAt) ?? new Date().toISOString();
  const event: LinearEvent = {
    deliveryId: '',
    type: type as LinearEvent['type'],
    action: action as LinearEvent['action'],
    organizationId,
    at,
    actor: str(actor?.name)
      ? { name: str(actor?.name)!, ...(str(actor?.url) ? { url: str(actor?.url) } : {}) }
      : null,
  };
  if (type === 'Issue') {
    const state = obj(data?.state);
    const assignee = obj(data?.assignee);
    const [id, identifier, title, url, updatedAt] = ['id', 'identifier', 'title', 'url', 'updatedAt'].map(
      (k) => str(data?.[k]),
    );
    if (!id || !identifier || !updatedAt) return null;
    event.issue = {
      id,
      identifier,
      title: title ?? identifier,
      url: url ?? '',
      updatedAt,
      state:
        state && str(state.name) && str(state.type)
          ? { name: str(state.name)!, type: str(state.type)! }
          : null,
      assignee: str(assignee?.name) ? { name: str(assignee?.name)! } : null,
    };
    const from = obj(payload.updatedFrom);
    if (from) event.updatedFrom = from;
  } else if (type === 'Comment') {
    const id = str(data?.id);
    const issueId = str(data?.issueId) ?? str(obj(data?.issue)?.id);
    if (!id || !issueId) return null;
    event.comment = {
      id,
      issueId,
      body: (str(data?.body) ?? '').slice(0, 280),
      ...(str(payload.url) ? { url: str(payload.url) } : {}),
    };
    const user = obj(data?.user);
    if (!event.actor && str(user?.name)) event.actor = { name: str(user?.name)! };
  }
  const entity = event.issue?.id ?? event.comment?.id ?? organizationId;
  const version = event.issue?.updatedAt ?? str(data?.createdAt) ?? at;
  event.deliveryId = deliveryHeader?.trim() || `${str(payload.webhookId) ?? 'linear'}:${entity}:${version}`;
  return event;
};
