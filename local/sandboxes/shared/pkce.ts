import { createHash } from 'node:crypto';
import { secretsEqual } from './tokens.ts';

/** PKCE `code_challenge_method` values (RFC 7636 §4.2). */
export type PkceMethod = 'plain' | 'S256';

/** RFC 7636 §4.1: a verifier is 43-128 characters of [A-Za-z0-9-._~]. */
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

/** The S256 challenge for a verifier: BASE64URL(SHA256(verifier)) without padding (RFC 7636 §4.2). */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Reads a `code_challenge_method`; absent means `plain` (RFC 7636 §4.3). Unknown values give `null`. */
export function parsePkceMethod(value: string | null | undefined): PkceMethod | null {
  if (value === undefined || value === null || value === '') return 'plain';
  return value === 'plain' || value === 'S256' ? value : null;
}

/** True when `verifier` is well-formed and matches `challenge` under `method` (RFC 7636 §4.6). */
export function verifyPkce(input: { verifier: string; challenge: string; method: PkceMethod }): boolean {
  if (!VERIFIER_PATTERN.test(input.verifier)) return false;
  const derived = input.method === 'S256' ? s256Challenge(input.verifier) : input.verifier;
  return secretsEqual(derived, input.challenge);
}
