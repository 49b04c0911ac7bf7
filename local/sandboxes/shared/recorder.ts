import type { RecordedCall } from '../sandbox.ts';
import { maskSecret } from './tokens.ts';

/** Body/query field names whose values are secrets, whatever the provider (OAuth + provider token fields). */
export const SECRET_FIELD_NAMES: ReadonlySet<string> = new Set([
  'client_secret',
  'clientsecret',
  'code',
  'code_verifier',
  'access_token',
  'accesstoken',
  'refresh_token',
  'refreshtoken',
  'token',
  'password',
  'authorization',
]);

/** Token-looking substrings masked wherever they appear in strings (Linear, Slack and GitHub prefixes). */
const TOKEN_PATTERN = /\b(?:lin_(?:oauth|api)_[A-Za-z0-9]+|xox[a-z]-[A-Za-z0-9-]+|gh[opusr]_[A-Za-z0-9]+)/g;

/** Masks every token-looking substring of a string. */
export function maskTokensInText(text: string): string {
  return text.replace(TOKEN_PATTERN, (token) => maskSecret(token));
}

/** A deep copy of `value` with secret fields (by name, case-insensitive) and token-looking strings masked. */
export function maskSecrets(value: unknown): unknown {
  if (typeof value === 'string') return maskTokensInText(value);
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        SECRET_FIELD_NAMES.has(key.toLowerCase()) && typeof inner === 'string'
          ? maskSecret(inner)
          : maskSecrets(inner),
      ]),
    );
  }
  return value;
}

/** A URL with secret query parameters (`code`, `token`, ...) and token-looking values masked. */
export function maskUrl(url: string): string {
  const parsed = new URL(url);
  for (const [key, value] of [...parsed.searchParams]) {
    const masked = SECRET_FIELD_NAMES.has(key.toLowerCase()) ? maskSecret(value) : maskTokensInText(value);
    parsed.searchParams.set(key, masked);
  }
  return parsed.toString();
}

/**
 * Keeps the calls a sandbox received, masking secrets on the way in so nothing stored can leak a token,
 * a client secret, a PKCE verifier or an authorization code.
 */
export class CallRecorder {
  #calls: RecordedCall[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Stores one call; `body` and `url` are masked here. */
  record(call: { operation: string; method: string; url: string; status: number; body: unknown }): void {
    this.#calls.push({
      operation: call.operation,
      method: call.method,
      url: maskUrl(call.url),
      status: call.status,
      body: maskSecrets(call.body),
      at: new Date(this.now()).toISOString(),
    });
  }

  /** Recorded calls, oldest first (a copy). */
  list(): RecordedCall[] {
    return this.#calls.map((call) => ({ ...call }));
  }

  clear(): void {
    this.#calls = [];
  }
}
