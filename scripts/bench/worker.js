// One benchmark process: one client variant, one workload. Prints {wallUs, cpuUs, maxRssKb} as JSON.
// Usage: node worker.js <fetch|client|legacy> <get-sequential|get-concurrent|create-15000> <baseUrl>
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { PayoutsClient } from 'paypal-payouts';

const [variant = '', workload = '', baseUrl = ''] = process.argv.slice(2);
const BATCH_ID = '5UXD2E8A7EBQJ';
const CLIENT_ID = 'bench-client';
const CLIENT_SECRET = 'bench-secret';

/** @typedef {{ get: () => Promise<unknown>, create: (body: object) => Promise<unknown> }} Variant */

/** @type {Record<string, () => Variant>} */
const VARIANTS = {
  // The floor: what any client must do at least.
  fetch: () => {
    const auth = { authorization: 'Bearer A21AAbenchmarktoken' };
    return {
      get: () => fetch(`${baseUrl}/v1/payments/payouts/${BATCH_ID}`, { headers: auth }).then((r) => r.json()),
      create: (body) =>
        fetch(`${baseUrl}/v1/payments/payouts`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json', 'paypal-request-id': randomUUID() },
          body: JSON.stringify(body),
        }).then((r) => r.json()),
    };
  },
  client: () => {
    const client = new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl });
    return { get: () => client.payouts.get(BATCH_ID), create: (body) => client.payouts.create(/** @type {any} */ (body)) };
  },
  // PayPal's legacy official SDK, @paypal/payouts-sdk.
  legacy: () => {
    const paypal = createRequire(import.meta.url)('@paypal/payouts-sdk');
    const client = new paypal.core.PayPalHttpClient(new paypal.core.PayPalEnvironment(CLIENT_ID, CLIENT_SECRET, baseUrl, baseUrl));
    return {
      get: () => client.execute(new paypal.payouts.PayoutsGetRequest(BATCH_ID)),
      create: (body) => {
        const request = new paypal.payouts.PayoutsPostRequest();
        request.requestBody(body);
        return client.execute(request);
      },
    };
  },
};

/** @param {number} count */
export function createBody(count) {
  return {
    sender_batch_header: { sender_batch_id: `bench_${randomUUID()}`, recipient_type: 'EMAIL', email_subject: 'You have a payout!' },
    items: Array.from({ length: count }, (_, n) => ({
      amount: { value: `${(n % 500) + 1}.${String(n % 100).padStart(2, '0')}`, currency: 'USD' },
      receiver: `seller-${n}@example.com`,
      sender_item_id: `item-${n}`,
      note: 'Thanks for selling with us!',
    })),
  };
}

/**
 * Runs `operation` `count` times with `concurrency` in flight. Returns wall time and this process's
 * CPU time (user + system) per operation, in µs: on a busy machine the CPU time is the steadier one.
 * @param {() => Promise<unknown>} operation @param {number} count @param {number} concurrency
 */
async function measure(operation, count, concurrency) {
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await operation();
    }),
  );
  const { user, system } = process.cpuUsage(cpu);
  return { wallUs: ((performance.now() - started) * 1000) / count, cpuUs: (user + system) / count };
}

const median = (/** @type {number[]} */ values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** Warm-up, then the medians of five rounds. @param {() => Promise<unknown>} operation @param {number} count @param {number} concurrency */
async function rounds(operation, count, concurrency) {
  await measure(operation, Math.max(50, count / 5), concurrency);
  const results = [];
  for (let round = 0; round < 5; round++) results.push(await measure(operation, count, concurrency));
  return { wallUs: median(results.map((r) => r.wallUs)), cpuUs: median(results.map((r) => r.cpuUs)) };
}

async function main() {
  const client = VARIANTS[variant]?.();
  if (!client) throw new Error(`unknown variant ${variant}`);
  let perOp;
  if (workload === 'get-sequential') perOp = await rounds(client.get, 1000, 1);
  else if (workload === 'get-concurrent') perOp = await rounds(client.get, 2000, 32);
  else if (workload === 'create-15000') {
    const body = createBody(15_000);
    perOp = await rounds(() => client.create(body), 5, 1);
  } else throw new Error(`unknown workload ${workload}`);
  console.log(JSON.stringify({ ...perOp, maxRssKb: process.resourceUsage().maxRSS }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0), // the legacy SDK keeps sockets open
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
