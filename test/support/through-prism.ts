// Sends a client's calls to a local PayPal through the run's Prism proxy, and keeps every contract
// violation Prism reports (its `sl-violations` header), so a suite can assert there were none.
import { inject } from 'vitest';
import type { LocalPayPal } from '../../src/testing/index.js';
import { UPSTREAM_PORT_HEADER } from './switchboard.js';

export interface Violation {
  method: string;
  url: string;
  status: number;
  violations: Array<{ location: string[]; severity: string; message: string }>;
}

/** Every violation Prism reported in this test file. */
export const violations: Violation[] = [];
/** How many exchanges went through Prism in this test file. */
export const exchanges = { count: 0 };

/** Sends `request` (addressed to Prism) on to the loopback server at `port`, keeping what Prism reports. */
async function viaPrism(request: Request, port: string, send: typeof fetch = fetch): Promise<Response> {
  request.headers.set(UPSTREAM_PORT_HEADER, port);
  const { method, url } = request;
  const response = await send(request);
  exchanges.count++;
  const reported = response.headers.get('sl-violations');
  if (reported) violations.push({ method, url, status: response.status, violations: JSON.parse(reported) });
  return response;
}

/** Client options that route through Prism to `paypal` (or any server on loopback at `upstream`). */
export function throughPrism(paypal: Pick<LocalPayPal, 'url'>): { baseUrl: string; fetch: typeof fetch } {
  const port = new URL(paypal.url).port;
  return { baseUrl: inject('prismProxyUrl'), fetch: (input, init) => viaPrism(new Request(input, init), port) };
}

/**
 * A replacement for the global fetch that sends every call to a PayPal API on loopback (a path under
 * `/v1/`) through Prism instead, for code that only knows the local PayPal's own URL (the README's
 * examples). Anything else (webhook deliveries to a listener, say) goes out unchanged.
 */
export function fetchThroughPrism(send: typeof fetch = fetch): typeof fetch {
  const proxy = new URL(inject('prismProxyUrl'));
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const toLocalPayPal = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    if (!toLocalPayPal || url.origin === proxy.origin || !url.pathname.startsWith('/v1/')) return send(request);
    const { method, headers, redirect, signal } = request;
    const body = method === 'GET' || method === 'HEAD' ? undefined : await request.arrayBuffer();
    return viaPrism(new Request(new URL(url.pathname + url.search, proxy), { method, headers, body, redirect, signal }), url.port, send);
  };
}
