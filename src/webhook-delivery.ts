// Reads the PAYPAL-* headers of a webhook delivery, from a Headers object or a plain object such as
// node:http's. Shared by offline verification (src/webhooks/) and client.webhooks.verifyOnline.
import { WebhookVerificationError } from './errors.js';

const refuse = (reason: 'missing_header' | 'duplicate_header', message: string) => new WebhookVerificationError(reason, message);

/** Headers as fetch-style runtimes (Headers) or node:http (`req.headers`) hand them over. */
export type DeliveryHeaders = Headers | Record<string, string | string[] | undefined>;

/** The signing headers of a delivery. */
export interface SigningHeaders {
  transmissionId: string;
  /** Verbatim, as signed. */
  transmissionTime: string;
  transmissionSig: string;
  certUrl: string;
  authAlgo: string;
}

const NAMES = {
  transmissionId: 'paypal-transmission-id',
  transmissionTime: 'paypal-transmission-time',
  transmissionSig: 'paypal-transmission-sig',
  certUrl: 'paypal-cert-url',
  authAlgo: 'paypal-auth-algo',
} as const;

/**
 * One value per signing header. A header sent twice is refused rather than guessed at: Headers and
 * node:http join repeats with ", ", and none of these values holds a comma (UUID, RFC 3339, base64,
 * an algorithm name, a cert URL that the URL policy limits to [A-Za-z0-9._-]).
 */
export function readSigningHeaders(headers: DeliveryHeaders): SigningHeaders {
  const values = valuesByName(headers);
  const read = (name: string) => {
    const found = values.get(name) ?? [];
    if (found.length === 0 || found.every((value) => value.trim() === '')) {
      throw refuse('missing_header', `the ${name.toUpperCase()} header is missing`);
    }
    if (found.length > 1 || found[0]!.includes(',')) {
      throw refuse('duplicate_header', `the ${name.toUpperCase()} header was sent more than once`);
    }
    return found[0]!.trim();
  };
  return {
    transmissionId: read(NAMES.transmissionId),
    transmissionTime: read(NAMES.transmissionTime),
    transmissionSig: read(NAMES.transmissionSig),
    certUrl: read(NAMES.certUrl),
    authAlgo: read(NAMES.authAlgo),
  };
}

/** Lower-cased name → every value given for it, whatever the case of the names. */
function valuesByName(headers: DeliveryHeaders): Map<string, string[]> {
  const values = new Map<string, string[]>();
  const entries: Iterable<[string, string | string[] | undefined]> = isHeaders(headers) ? headers.entries() : Object.entries(headers ?? {});
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    values.set(key, [...(values.get(key) ?? []), ...(Array.isArray(value) ? value : [value])]);
  }
  return values;
}

/** A Headers object, from this realm or another (a fetch polyfill, a framework's own class). */
const isHeaders = (headers: DeliveryHeaders): headers is Headers =>
  typeof (headers as Headers)?.get === 'function' && typeof (headers as Headers)?.entries === 'function';
