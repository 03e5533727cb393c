// OAuth2 client-credentials tokens that expire and can be revoked.
import { randomBytes } from 'node:crypto';

/** The local PayPal's OAuth2 access tokens: they expire after `ttlSeconds` and can be revoked. */
export class Tokens {
  readonly #expiries = new Map<string, number>(); // token -> expiry, epoch ms
  /** Every access token ever issued, in order (to search logs and errors for leaks). */
  readonly issued: string[] = [];

  constructor(readonly ttlSeconds: number) {}

  /** A new access token, valid for `ttlSeconds`. */
  issue(): { token: string; expiresIn: number } {
    // PayPal's access tokens start with A21AA [the contract's sandbox_token example].
    const token = `A21AA${randomBytes(24).toString('base64url')}`;
    this.#expiries.set(token, Date.now() + this.ttlSeconds * 1000);
    this.issued.push(token);
    return { token, expiresIn: this.ttlSeconds };
  }

  /** Whether the token was issued here, is not expired and was not revoked. */
  isValid(token: string): boolean {
    const expiry = this.#expiries.get(token);
    return expiry !== undefined && Date.now() < expiry;
  }

  /** Every token stops working at once, as when PayPal rotates an app's credentials. */
  revokeAll(): void {
    this.#expiries.clear();
  }
}
