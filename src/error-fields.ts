// PayPal's error fields read from a body of any shape: only well-formed entries are kept, text is
// sanitized, and nothing here throws, whatever a proxy or a broken gateway sends.
import type { ErrorDetail, ErrorLink } from './errors.js';
import { sanitize } from './redaction.js';

/** The response headers an error keeps: enough to act on, nothing like Set-Cookie. */
const KEPT_HEADERS = ['content-type', 'paypal-debug-id', 'retry-after'];

/** A copy of `headers` with only the kept ones. */
export function keptHeaders(headers: Headers): Headers {
  const kept = new Headers();
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept.set(name, value);
  }
  return kept;
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringOf = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** A detail with its text fields only (each sanitized), whatever shape PayPal or a proxy sent. */
export function toDetail(detail: Record<string, unknown>): ErrorDetail {
  const text = (key: string) => (typeof detail[key] === 'string' ? sanitize(detail[key]) : undefined);
  const fields = { field: text('field'), value: text('value'), location: text('location'), issue: text('issue') ?? '', description: text('description') };
  const link = toLinks(detail.link);
  return Object.fromEntries(Object.entries({ ...fields, link: link.length > 0 ? link : undefined }).filter(([, value]) => value !== undefined)) as ErrorDetail;
}

/** Links with a string `href`, flat: href, rel, method, encType. */
export function toLinks(links: unknown): ErrorLink[] {
  if (!Array.isArray(links)) return [];
  return links.filter(isRecord).flatMap((link) => {
    const href = stringOf(link.href);
    if (href === undefined) return [];
    const entry: Record<string, string> = { href, rel: stringOf(link.rel) ?? '' };
    for (const key of ['method', 'encType']) if (typeof link[key] === 'string') entry[key] = link[key];
    return [entry as ErrorLink];
  });
}

/** The last segment of a link, absolute or relative (PayPal's links are sometimes relative); undefined if malformed. */
export function lastPathSegment(href: string): string | undefined {
  try {
    return decodeURIComponent(new URL(href, 'https://relative.invalid').pathname.split('/').pop() ?? '') || undefined;
  } catch {
    return undefined;
  }
}

