// Runs the smoke test inside a Worker (workerd, no nodejs_compat): GET /?server=BASE_URL.
import * as payouts from 'paypal-payouts';
import * as webhooks from 'paypal-payouts/webhooks';
import { smoke } from './smoke.js';

export default {
  /** @param {Request} request */
  async fetch(request) {
    const server = new URL(request.url).searchParams.get('server') ?? '';
    try {
      return Response.json(await smoke(payouts, webhooks, server));
    } catch (error) {
      return new Response(error instanceof Error ? (error.stack ?? error.message) : String(error), { status: 500 });
    }
  },
};
