// The default certificate fetcher, under the client's transport rules: no redirects, a timeout,
// and a cap on the body. Only URLs that passed the cert URL policy reach it.
export const CERTIFICATE_TIMEOUT_MS = 10_000;
/** PayPal's certificate with its chain is about 5 KB. */
export const CERTIFICATE_MAX_BYTES = 64 * 1024;

/** GETs a certificate PEM; rejects on a redirect, a non-2xx status, a timeout or a body over the cap. */
export async function fetchCertificate(
  url: string,
  { timeoutMs = CERTIFICATE_TIMEOUT_MS, maxBytes = CERTIFICATE_MAX_BYTES } = {},
): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  try {
    const response = await fetch(url, { redirect: 'manual', signal: controller.signal });
    if (response.status < 200 || response.status > 299) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status || 'redirect'} from ${url}`);
    }
    return await readCapped(response, maxBytes);
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new Error(`certificate of ${declared} bytes exceeds ${maxBytes}`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    bytes += chunk.value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      throw new Error(`certificate exceeds ${maxBytes} bytes`);
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text + decoder.decode();
}
