// One cold-start process: node cold.js <fetch|client|legacy> <baseUrl>. Imports one package (nothing
// else loaded first; `fetch` imports none), then gets a token and creates a 3-item batch. Prints {importMs, importRssMiB,
// firstResultMs} as JSON; firstResultMs counts from the process's start, Node's own boot included.
import { createRequire } from 'node:module';

const [variant = '', baseUrl = ''] = process.argv.slice(2);
const credentials = { clientId: 'bench-client', clientSecret: 'bench-secret' };
const body = {
  sender_batch_header: { sender_batch_id: `cold_${Date.now()}`, recipient_type: 'EMAIL' },
  items: [1, 2, 3].map((n) => ({ amount: { value: `${n}.00`, currency: 'USD' }, receiver: `seller-${n}@example.com` })),
};

/** @type {Record<string, () => Promise<() => Promise<unknown>>>} */
const VARIANTS = {
  // The floor: the same two requests with the runtime's fetch (on Node, its first use loads undici).
  fetch: async () => async () => {
    const headers = { authorization: `Basic ${btoa(`${credentials.clientId}:${credentials.clientSecret}`)}`, 'content-type': 'application/x-www-form-urlencoded' };
    const token = /** @type {{ access_token: string }} */ (await fetch(`${baseUrl}/v1/oauth2/token`, { method: 'POST', headers, body: 'grant_type=client_credentials' }).then((r) => r.json()));
    return fetch(`${baseUrl}/v1/payments/payouts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json', 'paypal-request-id': crypto.randomUUID() },
      body: JSON.stringify(body),
    }).then((r) => r.json());
  },
  client: async () => {
    const { PayoutsClient } = await import('paypal-payouts');
    return () => new PayoutsClient({ ...credentials, baseUrl }).payouts.create(body);
  },
  legacy: async () => {
    const paypal = createRequire(import.meta.url)('@paypal/payouts-sdk');
    return () => {
      const client = new paypal.core.PayPalHttpClient(new paypal.core.PayPalEnvironment(credentials.clientId, credentials.clientSecret, baseUrl, baseUrl));
      const request = new paypal.payouts.PayoutsPostRequest();
      request.requestBody(body);
      return client.execute(request);
    };
  },
};

const load = VARIANTS[variant];
if (!load) throw new Error(`unknown variant ${variant}`);
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const create = await load();
const importMs = performance.now() - started;
const importRssMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
await create();
const firstResultMs = performance.now();
const { user, system } = process.cpuUsage();
console.log(JSON.stringify({ importMs, importRssMiB, firstResultMs, firstResultCpuMs: (user + system) / 1000, rssMiB: process.memoryUsage().rss / 2 ** 20 }));
process.exit(0); // the legacy SDK keeps its socket open
