// Raw calls to a PayPal (the local one, or through Prism) with a bearer token: for calls the client
// refuses to send or does not have, such as the Webhooks API and PayPal's postback check.
import type { RecordedRequest } from './local-server.js';

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: Record<string, any> | undefined;
}

export type RawCall = (method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }) => Promise<RawAnswer>;

/** Gets a token, then makes calls with it. A string body is sent as is, anything else as JSON. */
export async function rawCaller({ baseUrl, clientId, clientSecret, fetch = globalThis.fetch }: { baseUrl: string; clientId: string; clientSecret: string; fetch?: typeof globalThis.fetch }): Promise<RawCall> {
  const token = await fetch(`${baseUrl}/v1/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  }).then((response) => response.json() as Promise<{ access_token: string }>);
  return async (method, path, { body, headers } = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token.access_token}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}

/** The verify-webhook-signature request for a delivery as the listener received it. */
export function postbackFor(delivery: RecordedRequest, webhookId: string | undefined, event: unknown = JSON.parse(delivery.body)) {
  return {
    auth_algo: delivery.headers['paypal-auth-algo'],
    cert_url: delivery.headers['paypal-cert-url'],
    transmission_id: delivery.headers['paypal-transmission-id'],
    transmission_sig: delivery.headers['paypal-transmission-sig'],
    transmission_time: delivery.headers['paypal-transmission-time'],
    webhook_id: webhookId,
    webhook_event: event,
  };
}
