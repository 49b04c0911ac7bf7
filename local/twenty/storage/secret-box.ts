import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 'v1';

/**
 * AES-256-GCM for values at rest (tokens, client secrets). The key comes from `TWENTY_CONNECT_SECRET_KEY`
 * (64 hex chars or base64 of 32 bytes) or from `<dataDir>/secret.key`, generated on first start with mode 0600.
 */
export class SecretBox {
  readonly #key: Buffer;
  /** Decrypted values by ciphertext: every `/metadata` read decrypts the same rows again. */
  readonly #plain = new Map<string, string>();

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('The secret key must be 32 bytes (AES-256).');
    this.#key = key;
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [
      VERSION,
      iv.toString('base64url'),
      data.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ].join('.');
  }

  decrypt(sealed: string): string {
    const cached = this.#plain.get(sealed);
    if (cached !== undefined) return cached;
    const plain = this.#decrypt(sealed);
    if (this.#plain.size >= 10_000) this.#plain.clear();
    this.#plain.set(sealed, plain);
    return plain;
  }

  #decrypt(sealed: string): string {
    const [version, iv, data, tag] = sealed.split('.');
    if (version !== VERSION || !iv || data === undefined || !tag) throw new Error('Not an encrypted value.');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  encryptOptional(plain: string | null | undefined): string | null {
    return plain === null || plain === undefined ? null : this.encrypt(plain);
  }

  decryptOptional(sealed: string | null | undefined): string | null {
    return sealed === null || sealed === undefined ? null : this.decrypt(sealed);
  }

  /** A separate key for another purpose (e.g. signing OAuth state), derived so it never equals the data key. */
  deriveKey(purpose: string): Buffer {
    return createHmac('sha256', this.#key).update(`twenty-connect:${purpose}`).digest();
  }
}

const parseKey = (value: string): Buffer => {
  const trimmed = value.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new Error('TWENTY_CONNECT_SECRET_KEY must be 32 bytes: 64 hex characters or base64 of 32 bytes.');
  }
  return key;
};

/** Loads the data key from env, or from `<dataDir>/secret.key` (created with mode 0600 when missing). */
export const loadSecretBox = (dataDir: string, env: NodeJS.ProcessEnv = process.env): SecretBox => {
  if (env.TWENTY_CONNECT_SECRET_KEY) return new SecretBox(parseKey(env.TWENTY_CONNECT_SECRET_KEY));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, 'secret.key');
  if (!existsSync(path)) {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(path, 0o600);
  return new SecretBox(parseKey(readFileSync(path, 'utf8')));
};
