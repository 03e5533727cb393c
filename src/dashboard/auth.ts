// Who may use the dashboard: whoever holds the token printed at start-up, as Jupyter does. The token
// comes once in the URL, then lives in an HttpOnly, SameSite=Strict cookie; actions (POSTs) also need
// a form token derived from it and a same-origin request, so another site cannot act for the user.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Cookies are shared by every port of a host, so each dashboard's cookie is named by its port. */
const cookieName = (port: number) => `paypal_payouts_dashboard_${port}`;

/** 32 random bytes, URL-safe: guessing is hopeless. */
export const newToken = () => randomBytes(32).toString('base64url');

/** Compares in constant time, so the answer's timing tells nothing about how much of a guess was right. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The form token of POSTs: derived, so the session token itself never appears in a page. */
export const formToken = (token: string) => createHmac('sha256', token).update('dashboard form').digest('base64url');

export function cookieToken(req: IncomingMessage, port: number): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookieName(port)) return value.join('=');
  }
  return undefined;
}

/** The Set-Cookie header that keeps the token: never readable by scripts, never sent by another site. */
export const sessionCookie = (token: string, port: number) => `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;

/** Loopback names a browser may use for this server; anything else (DNS rebinding) is refused. */
export function allowedHost(host: string | undefined, names: string[]): boolean {
  return host !== undefined && names.includes(host.toLowerCase());
}

/**
 * Why a POST is refused, or undefined when it comes from our own pages. Browsers send Sec-Fetch-Site
 * with every request and a page cannot forge it; a form post under Referrer-Policy: no-referrer
 * carries `Origin: null`, so Origin decides only where Sec-Fetch-Site is missing (older browsers).
 */
export function crossSiteReason(req: IncomingMessage, origins: string[]): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' ? undefined : `Sec-Fetch-Site is ${site}`;
  const origin = req.headers.origin;
  if (origin === undefined) return 'no Origin or Sec-Fetch-Site header';
  return origins.includes(origin) ? undefined : `Origin ${origin} is not this dashboard`;
}
