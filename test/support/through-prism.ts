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

/** Client options that route through Prism to `paypal` (or any server on loopback at `upstream`). */
export function throughPrism(paypal: Pick<LocalPayPal, 'url'>): { baseUrl: string; fetch: typeof fetch } {
  const port = new URL(paypal.url).port;
  return {
    baseUrl: inject('prismProxyUrl'),
    fetch: async (input, init) => {
      const request = new Request(input, init);
      request.headers.set(UPSTREAM_PORT_HEADER, port);
      const { method, url } = request;
      const response = await fetch(request);
      exchanges.count++;
      const reported = response.headers.get('sl-violations');
      if (reported) violations.push({ method, url, status: response.status, violations: JSON.parse(reported) });
      return response;
    },
  };
}
