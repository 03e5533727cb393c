// Which certificate URLs may be fetched. PAYPAL-CERT-URL comes from the request, so an attacker
// chooses it; PayPal's own SDKs fetched any URL (server-side request forgery). Checked before any request.
import { refuse } from './errors.js';

/** The PayPal environment whose certificate URLs are accepted. */
export type WebhookEnvironment = 'live' | 'sandbox';

/** PayPal serves certificates from its API hosts (api.paypal.com, api.sandbox.paypal.com; api-m.* are the same APIs). */
const HOSTS: Record<string, WebhookEnvironment> = {
  'api.paypal.com': 'live',
  'api-m.paypal.com': 'live',
  'api.sandbox.paypal.com': 'sandbox',
  'api-m.sandbox.paypal.com': 'sandbox',
};

const CERTS_PATH = /^\/v1\/notifications\/certs\/(?!\.\.?$)[A-Za-z0-9._-]+$/;

/**
 * Returns the environment the URL belongs to, or throws `cert_url_not_allowed`. The URL must already
 * be in canonical form: anything a parser would rewrite (whitespace, backslashes, dot segments,
 * percent-escapes, an explicit port) is refused rather than normalised.
 */
export function certUrlEnvironment(certUrl: string): WebhookEnvironment {
  const notAllowed = (why: string) =>
    refuse('cert_url_not_allowed', `PAYPAL-CERT-URL ${JSON.stringify(certUrl.slice(0, 200))} is not allowed: ${why}`);
  let url: URL;
  try {
    url = new URL(certUrl);
  } catch {
    throw notAllowed('not a URL');
  }
  if (url.protocol !== 'https:') throw notAllowed('not https');
  if (url.username !== '' || url.password !== '') throw notAllowed('it carries user info');
  const environment = Object.hasOwn(HOSTS, url.hostname) ? HOSTS[url.hostname] : undefined;
  if (environment === undefined || url.port !== '') throw notAllowed("not one of PayPal's API hosts");
  if (!CERTS_PATH.test(url.pathname) || url.search !== '' || url.hash !== '') {
    throw notAllowed('not a certificate under /v1/notifications/certs/');
  }
  if (url.href !== certUrl) throw notAllowed('not in canonical form');
  return environment;
}
