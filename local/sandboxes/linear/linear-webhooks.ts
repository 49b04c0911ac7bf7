import { createHmac, randomUUID } from 'node:crypto';
import { SandboxControlError } from '../sandbox.ts';
import { maskSecret, randomAlphanumeric } from '../shared/index.ts';
import { isAbsoluteHttpUrl } from '../shared/request.ts';

/**
 * The webhook of the sandbox's OAuth app, as https://linear.app/developers/webhooks describes it (docs/events-sources.md §C):
 * - an OAuth app has one webhook URL and one signing secret, and the resource types it wants; "each time a new
 *   organization authorizes the given application, a webhook will be created for that organization that posts
 *   to the provided webhook URL" — so nothing is sent while no organization has authorized the app;
 * - a delivery is an HTTP POST of the JSON payload with `Linear-Signature`: hex HMAC-SHA256 of the exact body
 *   bytes with the secret (linear/linear packages/sdk/src/webhooks/client.ts, `verify`), `Linear-Delivery` (a
 *   UUID per delivery) and `Linear-Event` (the entity type) — those two are UNCONFIRMED first-party (third-party
 *   copies of the docs only), as are `Content-Type: application/json; charset=utf-8` and `User-Agent:
 *   Linear-Webhook`;
 * - it is sent after the change is committed, never inside the API request;
 * - "the consumer must answer HTTP 200": a delivery fails when the receiver is unreachable, takes longer than 5 s
 *   or answers anything but 200, and is "retried a maximum of 3 times … after 1 minute, 1 hour, and finally
 *   after 6 hours"; then it is marked failed.
 * UNCONFIRMED, the sandbox's choices: a retry keeps its `Linear-Delivery` id and body but carries a fresh
 * `webhookTimestamp` (and so a fresh signature) — with the old one, Linear's own SDK, which rejects a timestamp
 * more than a minute off, would refuse every retry; a redirect counts as a failure; the secret looks like
 * `lin_wh_<40 alphanumerics>`. Redelivering by hand (the Sandbox view's Redeliver) is the sandbox's own: one
 * more attempt with the same delivery id, which does not restart the retry schedule.
 *
 * `retryScale` multiplies the retry delays: 1 is Linear's schedule (1 min, 1 h, 6 h); 1/60 gives 1 s, 1 min,
 * 6 min; tests use far smaller ones. The 5 s timeout is not scaled.
 */
export const RETRY_DELAYS_MS = [60_000, 3_600_000, 21_600_000] as const;
export const DELIVERY_TIMEOUT_MS = 5_000;
/** The Sandbox view and the control API keep this many deliveries, newest first. */
const MAX_DELIVERIES = 200;

export type WebhookSettings = {
  /** The OAuth app's webhook URL; null: none set, nothing is sent. */
  url: string | null;
  /** `default`: the runtime's own wiring set it; `admin`: a person or test did (wiring then leaves it alone). */
  urlSource: 'default' | 'admin' | null;
  secret: string;
  /** `EntityWebhookPayload.webhookId`: "The ID of the webhook that sent this event". */
  webhookId: string;
  /** The resource types the app's webhook is enabled for. */
  resourceTypes: string[];
  retryScale: number;
};

export type DeliveryAttempt = {
  at: string;
  /** The receiver's HTTP status; null when it could not be reached or timed out. */
  status: number | null;
  error?: string;
  manual?: boolean;
  durationMs: number;
};

export type Delivery = {
  /** `Linear-Delivery`. */
  id: string;
  /** `Linear-Event`: the payload's `type`. */
  event: string;
  action: string;
  /** What changed, for people: `ENG-3`. */
  label: string;
  entityId: string;
  createdAt: string;
  /** The body without `webhookTimestamp`, which each attempt sets. */
  payload: Record<string, unknown>;
  status: 'pending' | 'retrying' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
  /** Automatic retries made so far (manual redeliveries do not count). */
  retries: number;
  nextRetryAt: string | null;
};

export type WebhookState = { settings: WebhookSettings; deliveries: Delivery[] };

type Send = (url: string, init: RequestInit) => Promise<Response>;

export type WebhookOptions = {
  now: () => number;
  /** How deliveries are posted (default: `fetch`). */
  send?: Send;
  /** Told after each attempt, so the runtime can save the state. */
  changed: () => void;
  timeoutMs?: number;
};

export function newSecret(): string {
  return `lin_wh_${randomAlphanumeric(40)}`;
}

export function defaultWebhookState(): WebhookState {
  return {
    settings: {
      url: null,
      urlSource: null,
      secret: newSecret(),
      webhookId: randomUUID(),
      resourceTypes: ['Issue', 'Comment'],
      retryScale: 1,
    },
    deliveries: [],
  };
}

export class LinearWebhooks {
  #state: WebhookState = defaultWebhookState();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #inFlight = new Set<string>();
  #stopped = false;

  constructor(private readonly options: WebhookOptions) {}

  get settings(): WebhookSettings {
    return this.#state.settings;
  }

  /** Records a delivery and posts it right after the current request has been answered. */
  enqueue(
    event: string,
    action: string,
    entity: { id: string; label: string },
    payload: Record<string, unknown>,
  ) {
    const { settings } = this.#state;
    if (!settings.url) return undefined;
    const delivery: Delivery = {
      id: randomUUID(),
      event,
      action,
      label: entity.label,
      entityId: entity.id,
      createdAt: new Date(this.options.now()).toISOString(),
      payload,
      status: 'pending',
      attempts: [],
      retries: 0,
      nextRetryAt: null,
    };
    this.#state.deliveries.unshift(delivery);
    for (const dropped of this.#state.deliveries.splice(MAX_DELIVERIES)) this.#cancel(dropped.id);
    this.#schedule(delivery, 0);
    return delivery;
  }

  /** Whether a resource type's events are delivered (the app's enabled resource types). */
  wants(type: string): boolean {
    return this.#state.settings.resourceTypes.includes(type);
  }

  configure(input: Record<string, unknown>): void {
    const { settings } = this.#state;
    if (input.url !== undefined) {
      if (input.url !== null && (typeof input.url !== 'string' || !isAbsoluteHttpUrl(input.url)))
        throw new SandboxControlError('url must be an absolute http(s) URL, or null.');
      settings.url = input.url;
      settings.urlSource = 'admin';
    }
    if (input.useDefaultUrl === true) settings.urlSource = null;
    if (input.secret !== undefined) {
      if (typeof input.secret !== 'string' || input.secret.length < 8 || input.secret.length > 200)
        throw new SandboxControlError('secret must be a string of 8 to 200 characters.');
      settings.secret = input.secret;
    }
    if (input.regenerateSecret === true) settings.secret = newSecret();
    if (input.retryScale !== undefined) {
      const scale = input.retryScale;
      if (typeof scale !== 'number' || !Number.isFinite(scale) || scale < 0.000001 || scale > 1)
        throw new SandboxControlError('retryScale must be a number from 0.000001 to 1.');
      settings.retryScale = scale;
    }
  }

  /** The runtime's default URL (its own `/webhooks/server/<linear-webhook>`), unless someone chose one. */
  setDefaultUrl(url: string | null): void {
    const { settings } = this.#state;
    if (settings.urlSource === 'admin') return;
    settings.url = url;
    settings.urlSource = url ? 'default' : null;
  }

  deliveries(): Delivery[] {
    return this.#state.deliveries;
  }

  /** One more attempt of a delivery, now, with the same `Linear-Delivery` id. */
  async redeliver(id: string): Promise<Delivery> {
    const delivery = this.#state.deliveries.find((candidate) => candidate.id === id);
    if (!delivery) throw new SandboxControlError(`No delivery "${id}".`, 404);
    if (this.#inFlight.has(id))
      throw new SandboxControlError('An attempt of this delivery is under way.', 409);
    await this.#attempt(delivery, true);
    return delivery;
  }

  /** The settings and deliveries as the Sandbox view shows them: the secret masked. */
  view() {
    const { settings, deliveries } = this.#state;
    return {
      settings: { ...settings, secret: maskSecret(settings.secret) },
      deliveries: deliveries.map((delivery) => ({
        id: delivery.id,
        event: delivery.event,
        action: delivery.action,
        label: delivery.label,
        status: delivery.status,
        statusCode: delivery.attempts.at(-1)?.status ?? null,
        error: delivery.attempts.at(-1)?.error ?? null,
        attempts: delivery.attempts.length,
        lastAttemptAt: delivery.attempts.at(-1)?.at ?? null,
        nextRetryAt: delivery.nextRetryAt,
        createdAt: delivery.createdAt,
      })),
    };
  }

  exportState(): WebhookState {
    return structuredClone(this.#state);
  }

  /** Loads saved state and resumes what was pending: overdue retries go at once. */
  importState(state: WebhookState | undefined): void {
    this.stop();
    this.#stopped = false;
    this.#state = state ? structuredClone(state) : defaultWebhookState();
    const now = this.options.now();
    for (const delivery of this.#state.deliveries) {
      if (delivery.status === 'pending') this.#schedule(delivery, 0);
      if (delivery.status === 'retrying' && delivery.nextRetryAt)
        this.#schedule(delivery, Math.max(0, Date.parse(delivery.nextRetryAt) - now));
    }
  }

  stop(): void {
    this.#stopped = true;
    for (const id of [...this.#timers.keys()]) this.#cancel(id);
  }

  #cancel(id: string): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }

  #schedule(delivery: Delivery, delayMs: number): void {
    if (this.#stopped) return;
    this.#cancel(delivery.id);
    const timer = setTimeout(() => {
      this.#timers.delete(delivery.id);
      void this.#attempt(delivery, false);
    }, delayMs);
    timer.unref?.();
    this.#timers.set(delivery.id, timer);
  }

  async #attempt(delivery: Delivery, manual: boolean): Promise<void> {
    const { settings } = this.#state;
    const started = this.options.now();
    const body = JSON.stringify({ ...delivery.payload, webhookTimestamp: started });
    const signature = createHmac('sha256', settings.secret).update(body).digest('hex');
    let status: number | null = null;
    let error: string | undefined;
    this.#inFlight.add(delivery.id);
    try {
      if (!settings.url) throw new Error('no webhook URL is set');
      const response = await (this.options.send ?? fetch)(settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Linear-Webhook',
          'linear-delivery': delivery.id,
          'linear-event': delivery.event,
          'linear-signature': signature,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DELIVERY_TIMEOUT_MS),
      });
      status = response.status;
      await response.body?.cancel().catch(() => undefined);
    } catch (caught) {
      const name = (caught as Error).name;
      error =
        name === 'TimeoutError' || name === 'AbortError'
          ? `no answer within ${(this.options.timeoutMs ?? DELIVERY_TIMEOUT_MS) / 1000} s`
          : (caught as Error).message === 'no webhook URL is set'
            ? 'no webhook URL is set'
            : 'the receiver could not be reached';
    } finally {
      this.#inFlight.delete(delivery.id);
    }
    const at = new Date(started).toISOString();
    delivery.attempts.push({
      at,
      status,
      ...(error ? { error } : {}),
      ...(manual ? { manual: true } : {}),
      durationMs: Math.max(0, this.options.now() - started),
    });
    if (status === 200) {
      delivery.status = 'delivered';
      delivery.nextRetryAt = null;
      this.#cancel(delivery.id);
    } else if (!manual) {
      // A failed manual attempt changes nothing else: a pending or retrying delivery keeps its schedule.
      const delay = RETRY_DELAYS_MS[delivery.retries];
      if (delay === undefined) {
        delivery.status = 'failed';
        delivery.nextRetryAt = null;
      } else {
        delivery.retries += 1;
        delivery.status = 'retrying';
        const wait = Math.round(delay * settings.retryScale);
        delivery.nextRetryAt = new Date(this.options.now() + wait).toISOString();
        this.#schedule(delivery, wait);
      }
    }
    if (!this.#stopped) this.options.changed();
  }
}
