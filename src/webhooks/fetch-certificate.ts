// The default certificate fetcher. It sends through the client's own attempt transport (src/attempt.ts):
// redirects refused, a deadline, a cap on the body. Only URLs that passed the cert URL policy reach it.
import { AttemptRequest, startAttempt } from '../attempt.js';

const CERTIFICATE_TIMEOUT_MS = 10_000;
/** PayPal's certificate with its chain is about 5 KB. */
const CERTIFICATE_MAX_BYTES = 64 * 1024;

/** GETs a certificate PEM; rejects on a redirect, a non-2xx status, a timeout or a body over the cap. */
export async function fetchCertificate(
  url: string,
  { timeoutMs = CERTIFICATE_TIMEOUT_MS, maxBytes = CERTIFICATE_MAX_BYTES } = {},
): Promise<string> {
  const attempt = startAttempt({ maxResponseBytes: maxBytes }, undefined, timeoutMs);
  try {
    const response = await attempt.fetch(new AttemptRequest(url, { method: 'GET', headers: new Headers() }) as unknown as Request);
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status} from ${url}`);
    }
    return await response.text();
  } catch (error) {
    throw attempt.failure ?? error;
  } finally {
    attempt.clear();
  }
}
