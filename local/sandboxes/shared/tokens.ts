import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters of crypto-random hex. */
export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}

/** `length` crypto-random characters from [A-Za-z0-9] (rejection sampling, so no modulo bias). */
export function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
    }
  }
  return out;
}

/** `length` crypto-random decimal digits (Slack ids inside `xoxb-<digits>-<digits>-...`). */
export function randomDigits(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 250 && out.length < length) out += String(byte % 10);
    }
  }
  return out;
}

/**
 * A secret shown for humans and logs: `xxxx…` plus its last 4 characters (`xxxx…9f3a`).
 * Values of 8 characters or fewer are fully hidden, so a short secret never leaks half of itself.
 */
export function maskSecret(value: string): string {
  if (value.length <= 8) return 'xxxx…';
  return `xxxx…${value.slice(-4)}`;
}

/** Constant-time string comparison for secrets (client secrets, PKCE). */
export function secretsEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}
