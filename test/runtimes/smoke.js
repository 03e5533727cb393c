// The smoke test every runtime runs on the packed package (npm run test:runtimes): token, create, get,
// `for await` over items, a typed 404, a ValidationError with nothing sent, and webhook verification.
// Runtime-neutral: no Node built-ins, so workerd runs it as it is. The runner passes in the package's
// two entries as its runtime loaded them.

import { runWebhookCases } from './webhook-cases.js';

export const CLIENT_ID = 'smoke-client';
export const CLIENT_SECRET = 'smoke-sécret'; // not Latin-1 only, so Basic auth must encode UTF-8
export const MISSING_BATCH = 'NO_SUCH_BATCH';

/** @param {unknown} condition @param {string} message @returns {asserts condition} */
function check(condition, message) {
  if (!condition) throw new Error(`smoke: ${message}`);
}

/**
 * Runs every check against the local server at `baseUrl`; resolves with the names of those that passed.
 * @param {typeof import('paypal-payouts')} payouts @param {typeof import('paypal-payouts/webhooks')} webhooks @param {string} baseUrl
 */
export async function smoke(payouts, webhooks, baseUrl) {
  const passed = [];
  let sent = 0;
  /** @type {typeof fetch} */
  const countingFetch = (input, init) => {
    sent++;
    return fetch(input, init);
  };
  const client = new payouts.PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl, fetch: countingFetch });

  const created = await client.payouts.create({
    sender_batch_header: { sender_batch_id: `smoke_${Date.now()}`, recipient_type: 'EMAIL' },
    items: [1, 2, 3].map((n) => ({ amount: { value: `${n}.00`, currency: 'USD' }, receiver: `seller-${n}@example.com` })),
  }).withResponse();
  const batchId = created.data.batch_header?.payout_batch_id;
  check(typeof batchId === 'string', 'create answers a batch ID');
  check(/^[0-9a-f-]{36}$/.test(created.requestId), 'create sends a UUID PayPal-Request-Id');
  passed.push('token + create');

  const batch = await client.payouts.get(batchId);
  check(batch.batch_header?.payout_batch_id === batchId, 'get answers the batch');
  passed.push('get');

  const items = [];
  for await (const item of client.payouts.items(batchId, { pageSize: 2 })) items.push(item.payout_item_id);
  check(items.join() === 'ITEM-1,ITEM-2,ITEM-3', `items walks both pages (got ${items.join()})`);
  passed.push('for await items');

  const notFound = await client.payouts.get(MISSING_BATCH).then(() => undefined, (error) => error);
  check(notFound instanceof payouts.NotFoundError && notFound.status === 404, 'an unknown batch is a NotFoundError');
  check(notFound instanceof payouts.APIError && notFound.code === 'INVALID_RESOURCE_ID', 'the 404 carries PayPal\'s error name');
  passed.push('typed 404');

  const before = sent;
  const invalid = await client.payouts
    .create(/** @type {any} */ ({ sender_batch_header: { recipient_type: 'EMAIL' }, items: [{ amount: { value: '1.005', currency: 'USD' } }] }))
    .then(() => undefined, (error) => error);
  check(invalid instanceof payouts.ValidationError, 'a bad body is a ValidationError');
  /** @type {Array<{ path: string, message: string }>} */
  const issues = invalid.issues;
  check(issues.some((issue) => issue.path === 'items[0].amount.value'), 'the ValidationError names the field');
  // zod's own English message: the bundled zod/mini has its messages wired in.
  check(issues.some((issue) => issue.path === 'items[0].receiver' && issue.message.includes('expected string')), 'schema issues carry zod\'s message');
  check(sent === before, 'nothing is sent for a bad body');
  passed.push('ValidationError, nothing sent');

  // Every verification case of issue 9 (webhook-cases.js), signed by test kits made on this runtime:
  // WebCrypto RSA, X.509 chain building and CRC-32 here, each failure named by its case.
  const { count, failures } = await runWebhookCases(webhooks);
  check(failures.length === 0, `webhook cases failed:\n${failures.map((f) => `  ${f.name}: ${f.problems.join('; ')}`).join('\n')}`);
  const refused = await webhooks.verifyWebhookSignature({ headers: {}, body: '{}', webhookId: 'SMOKE0WEBHOOK' }).then(() => undefined, (error) => error);
  check(refused instanceof payouts.PayPalError, 'both entries share one error hierarchy');
  passed.push(`webhook verification (${count} cases)`);

  return passed;
}
