import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Visibility } from '../storage/connections.ts';
import type { SecretBox } from '../storage/secret-box.ts';

/** What the OAuth `state` carries across the provider round trip (as Twenty's signed state JWT does). */
export type OAuthStatePayload = {
  provider: string;
  memberId: string;
  visibility: Visibility;
  name: string | null;
  reconnectId: string | null;
  redirectUri: string;
  codeVerifier: string | null;
};

type Envelope = Omit<OAuthStatePayload, 'codeVerifier'> & { jti: string; exp: number; v: string | null };

/** Twenty's state JWT lives 10 minutes. */
export const STATE_TTL_MS = 10 * 60 * 1000;

export class OAuthStateError extends Error {
  override name = 'OAuthStateError';
}

/**
 * Signed (HMAC-SHA256), expiring (10 min), single-use state. The PKCE verifier inside is also encrypted: the
 * state travels through the browser and the provider, and a verifier readable there would defeat PKCE.
 */
export class OAuthStateCodec {
  readonly #key: Buffer;

  constructor(
    private readonly box: SecretBox,
    private readonly consume: (id: string, expiresAt: number) => boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.#key = box.deriveKey('oauth-state');
  }

  #sign(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }

  issue(payload: OAuthStatePayload): string {
    const { codeVerifier, ...rest } = payload;
    const envelope: Envelope = {
      ...rest,
      jti: randomUUID(),
      exp: this.now() + STATE_TTL_MS,
      v: codeVerifier === null ? null : this.box.encrypt(codeVerifier),
    };
    const body = Buffer.from(JSON.stringify(envelope)).toString('base64url');
    return `${body}.${this.#sign(body)}`;
  }

  /** Verifies signature and expiry, then burns the state so a replay is refused. */
  redeem(state: string): OAuthStatePayload {
    const [body, signature, extra] = state.split('.');
    if (!body || !signature || extra !== undefined)
      throw new OAuthStateError('The sign-in state is malformed.');
    const expected = Buffer.from(this.#sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new OAuthStateError('The sign-in state was not issued by this runtime.');
    }
    const envelope = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Envelope;
    if (typeof envelope.exp !== 'number' || envelope.exp < this.now()) {
      throw new OAuthStateError('The sign-in took longer than 10 minutes. Start again with Add connection.');
    }
    if (!this.consume(envelope.jti, envelope.exp)) {
      throw new OAuthStateError(
        'This sign-in was already completed or used. Start again with Add connection.',
      );
    }
    const { jti: _jti, exp: _exp, v, ...rest } = envelope;
    return { ...rest, codeVerifier: v === null ? null : this.box.decrypt(v) };
  }
}

/** RFC 7636 verifier: 32 random bytes, base64url (43 chars). */
export const newCodeVerifier = (): string => randomBytes(32).toString('base64url');
