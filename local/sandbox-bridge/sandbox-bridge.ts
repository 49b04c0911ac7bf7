import type { ProviderName } from '../sandboxes/index.ts';
import type { Sandbox } from '../sandboxes/sandbox.ts';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../twenty/request-limits.ts';

export const SANDBOX_PREFIX = '/_sandbox/';
/** The app's server-route function that receives the Linear OAuth app's webhook (docs/linked-work.md, "Events in, timeline out"). */
export const LINEAR_WEBHOOK_FUNCTION = 'linear-webhook';

/**
 * Puts the sandbox providers on the runtime's own origin: `https://linear.app/oauth/authorize` becomes
 * `<base>/_sandbox/linear.app/oauth/authorize` for the browser, for the runtime's token/revoke calls and for the
 * app's functions, and requests to that path are handed to the sandbox with the real URL rebuilt.
 */
export class SandboxBridge {
  readonly #byHost = new Map<string, Sandbox>();

  constructor(
    readonly sandboxes: Partial<Record<ProviderName, Sandbox>>,
    private readonly baseUrl: () => string,
    private readonly persist: (provider: string, state: unknown) => void,
  ) {
    for (const sandbox of Object.values(sandboxes)) {
      for (const host of sandbox.hosts) this.#byHost.set(host.toLowerCase(), sandbox);
      // Webhook deliveries change a sandbox's state after the request that caused them: saved as they happen.
      sandbox.onStateChange?.(() => this.#save(sandbox));
    }
  }

  #closed = false;

  get hosts(): string[] {
    return [...this.#byHost.keys()];
  }

  forProvider(name: string): Sandbox | undefined {
    // Own keys only: `forProvider('constructor')` must not answer Object's constructor.
    if (!Object.hasOwn(this.sandboxes, name)) return undefined;
    return (this.sandboxes as Record<string, Sandbox | undefined>)[name];
  }

  /** A real provider URL → the loopback URL serving its sandbox (unchanged when no sandbox answers for it). */
  toLocal(url: string): string {
    const parsed = new URL(url);
    if (!this.#byHost.has(parsed.hostname.toLowerCase())) return url;
    return `${this.baseUrl()}${SANDBOX_PREFIX}${parsed.hostname.toLowerCase()}${parsed.pathname}${parsed.search}`;
  }

  /** Serves `/_sandbox/<host>/<path>`: rebuilds the request with the real URL and calls `sandbox.handle`. */
  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const rest = url.pathname.slice(SANDBOX_PREFIX.length);
    const slash = rest.indexOf('/');
    const host = (slash === -1 ? rest : rest.slice(0, slash)).toLowerCase();
    const sandbox = this.#byHost.get(host);
    if (!sandbox) {
      return Response.json(
        { error: { code: 'NOT_FOUND', message: `No sandbox answers for ${host || 'this host'}.` } },
        { status: 404 },
      );
    }
    const realUrl = `https://${host}${slash === -1 ? '/' : rest.slice(slash)}${url.search}`;
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const body = hasBody ? await request.arrayBuffer() : undefined;
    // The sandboxes parse JSON bodies with recursive code: the runtime's depth limit applies to them too.
    const isJson = (request.headers.get('content-type') ?? '').includes('json');
    if (body && isJson && jsonTooDeep(new TextDecoder().decode(body))) {
      return Response.json(
        { error: { code: 'BAD_REQUEST', message: `The body nests deeper than ${MAX_JSON_DEPTH} levels.` } },
        { status: 400 },
      );
    }
    const upstream = new Request(realUrl, {
      method: request.method,
      headers: request.headers,
      ...(body ? { body } : {}),
      redirect: 'manual',
    });
    const response = await sandbox.handle(upstream);
    this.#save(sandbox);
    return this.#rewriteResponse(response);
  }

  /** Consent pages and redirects that name the real hosts must stay on the sandbox in the browser. */
  async #rewriteResponse(response: Response): Promise<Response> {
    const location = response.headers.get('location');
    const type = response.headers.get('content-type') ?? '';
    if (!location && !type.includes('text/html')) return response;
    const headers = new Headers(response.headers);
    if (location && /^https:\/\//.test(location)) headers.set('location', this.toLocal(location));
    if (!type.includes('text/html')) return new Response(response.body, { status: response.status, headers });
    let html = await response.text();
    for (const host of this.#byHost.keys()) {
      html = html.replaceAll(`https://${host}/`, `${this.baseUrl()}${SANDBOX_PREFIX}${host}/`);
    }
    headers.delete('content-length');
    return new Response(html, { status: response.status, headers });
  }

  /**
   * Saved before the call is answered: a crash right after an acknowledged create must not lose the item, nor
   * let the next create reuse its identifier. (One SQLite upsert of the provider's state; WAL, no fsync.)
   */
  #save(sandbox: Sandbox): void {
    if (this.#closed) return;
    this.persist(sandbox.provider, sandbox.exportState());
  }

  /**
   * On shutdown: every call was saved before it was answered, so nothing is pending; background work stops
   * (scheduled webhook retries stay in the saved state and resume at the next start) and nothing is saved after.
   */
  flush(): void {
    for (const sandbox of Object.values(this.sandboxes)) sandbox.stop?.();
    this.#closed = true;
  }

  /**
   * Sandbox mode's default webhook wiring: the Linear OAuth app's webhook URL is the runtime's own
   * `/webhooks/server/<universalIdentifier of the app function named linear-webhook>` — the URL an admin registers
   * at Linear (docs/events-sources.md §B1) — unless someone set another URL; none when the app has no such function. The
   * secret stays the one the sandbox generated (Linear shows it; the admin copies it into the server variable
   * LINEAR_WEBHOOK_SECRET, or clicks "Use this secret" in the Sandbox view).
   */
  wireWebhooks(functions: readonly { name?: string | undefined; universalIdentifier: string }[]): void {
    const linear = this.forProvider('linear');
    if (!linear?.control) return;
    const resolver = functions.find((fn) => fn.name === LINEAR_WEBHOOK_FUNCTION);
    const url = resolver
      ? `${this.baseUrl()}/webhooks/server/${encodeURIComponent(resolver.universalIdentifier)}`
      : null;
    // `webhook-default` changes the settings synchronously (no await before it), so the save below sees it.
    void linear.control('webhook-default', { url }).catch(() => undefined);
    this.#save(linear);
  }

  /** After a control call (fail, expire, reset...) that changes state outside `handle`. */
  touched(sandbox: Sandbox): void {
    this.#save(sandbox);
  }
}
