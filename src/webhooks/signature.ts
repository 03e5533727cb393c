// PayPal's signature over a delivery: RSASSA-PKCS1-v1_5 over
// `<transmission id>|<transmission time>|<webhook id>|<CRC-32 of the raw body, unsigned decimal>`
// (PayPal-Ruby-SDK get_expected_sig, PayPal-Java-SDK Event.validateReceivedEvent).
import CRC32 from 'crc-32';
import { refuse } from './errors.js';

/** The values of PAYPAL-AUTH-ALGO we accept, and the hash each names. */
export const SIGNING_ALGORITHMS = { SHA256withRSA: 'SHA-256', SHA1withRSA: 'SHA-1' } as const;
/** A PAYPAL-AUTH-ALGO value we verify: `SHA256withRSA`, or `SHA1withRSA` when allowed. */
export type SigningAlgorithm = keyof typeof SIGNING_ALGORITHMS;

/** The hash for PAYPAL-AUTH-ALGO; SHA-1 (2014-15 deliveries) only when allowed. */
export function hashFor(authAlgo: string, allowSha1: boolean): 'SHA-256' | 'SHA-1' {
  if (authAlgo === 'SHA1withRSA' && !allowSha1) {
    throw refuse('sha1_not_allowed', 'PAYPAL-AUTH-ALGO is SHA1withRSA; pass allowSha1: true to accept SHA-1 signatures');
  }
  if (!Object.hasOwn(SIGNING_ALGORITHMS, authAlgo)) {
    throw refuse('unsupported_algorithm', `PAYPAL-AUTH-ALGO ${JSON.stringify(authAlgo.slice(0, 50))} is not SHA256withRSA`);
  }
  return SIGNING_ALGORITHMS[authAlgo as SigningAlgorithm];
}

/** The string PayPal signs. The CRC-32 (IEEE) covers the bytes exactly as received. */
export function signedString(transmissionId: string, transmissionTime: string, webhookId: string, body: Uint8Array): string {
  return `${transmissionId}|${transmissionTime}|${webhookId}|${CRC32.buf(body) >>> 0}`;
}

/** Decodes PAYPAL-TRANSMISSION-SIG (standard base64). */
export function decodeSignature(base64: string): Uint8Array<ArrayBuffer> {
  try {
    return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  } catch {
    throw refuse('invalid_header', 'PAYPAL-TRANSMISSION-SIG is not base64');
  }
}

/** Encodes a signature the way PayPal sends it. */
export const encodeSignature = (signature: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(signature)));

export const RSA_PKCS1 = 'RSASSA-PKCS1-v1_5';

/** WebCrypto's key types, named from the global `crypto` (the DOM lib, which declares them, is not loaded). */
export type WebCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
export type WebCryptoKeyPair = { publicKey: WebCryptoKey; privateKey: WebCryptoKey };
