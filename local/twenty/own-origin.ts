import { timingSafeEqual } from 'node:crypto';

export const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The origins the runtime answers as itself: its base URL's and, on a loopback listener, the other loopback
 * names of the same port (a browser or client may be pointed at any of them).
 */
export const ownOrigins = (baseUrl: string): string[] => {
  const base = new URL(baseUrl);
  const origins = new Set([base.origin]);
  if (LOOPBACK_HOSTS.has(base.hostname)) {
    for (const host of ['127.0.0.1', 'localhost', '[::1]'])
      origins.add(`${base.protocol}//${host}:${base.port}`);
  }
  return [...origins];
};

/**
 * On a loopback listener only the loopback names of its own port are served: a web page that rebinds its own
 * domain to 127.0.0.1 (DNS rebinding) is refused, since the console has no login. A listener on another
 * address (an explicit `host` such as 0.0.0.0) accepts any Host. The allowed set is computed once per base URL
 * (the port is known only after listening): this runs on every request.
 */
export const hostGuard = (
  listenHost: string,
  baseUrl: () => string,
): ((host: string | undefined) => boolean) => {
  if (!LOOPBACK_HOSTS.has(listenHost)) return () => true;
  let forBase = '';
  let hosts = new Set<string>();
  return (host) => {
    if (forBase !== baseUrl()) {
      forBase = baseUrl();
      hosts = new Set(ownOrigins(forBase).map((origin) => new URL(origin).host));
    }
    return host !== undefined && hosts.has(host);
  };
};

/** Constant-time comparison of a presented secret with the expected one. */
export const sameSecret = (given: string | null | undefined, expected: string): boolean =>
  typeof given === 'string' &&
  given.length === expected.length &&
  timingSafeEqual(Buffer.from(given), Buffer.from(expected));
