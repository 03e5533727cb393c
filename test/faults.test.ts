// Fault injection against the local PayPal: under seeded 5xx, resets after commit, rate limits,
// slow answers and revoked tokens, no batch is paid twice and none is lost.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AbortError, DuplicateBatchError, PayoutsClient, PayPalError, TimeoutError, type ClientOptions } from '../src/index.js';
import { startLocalPayPal, type FaultSpec, type LocalPayPal, type LocalPayPalOptions } from '../src/testing/index.js';
import { createBody } from './support/local-server.js';
import { exchanges, throughPrism, violations } from './support/through-prism.js';

const SEED = 20_261_121;
/** Long enough to outlast any call here; the server ends the wait when it closes. */
const HANG_MS = 60_000;
let paypal: LocalPayPal;
afterEach(() => paypal?.close());
// Every call went through Prism, and nothing PayPal answered, under any fault, broke the contract.
afterAll(() => {
  expect(exchanges.count).toBeGreaterThan(1000);
  expect(violations).toEqual([]);
});

async function setUp(options: LocalPayPalOptions & { faults?: FaultSpec[] }, client: ClientOptions = {}) {
  // The rate limit is off: these runs make more than 400 POSTs a minute on purpose, to test faults.
  paypal = await startLocalPayPal({ seed: SEED, rateLimit: false, ...options });
  for (const fault of options.faults ?? []) paypal.faults.add(fault);
  return new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, ...throughPrism(paypal), ...client });
}

const tokenRequests = () => paypal.requests.filter((request) => request.operation === 'oauth2.token').length;
/** 401s answered to API calls (not to token requests). */
const unauthorizedAnswers = () => paypal.requests.filter((request) => request.status === 401 && request.operation !== 'oauth2.token').length;
const creates = () => paypal.requests.filter((request) => request.operation === 'payouts.create').length;

/** Runs `task` over `inputs`, `concurrency` at a time. */
async function pool<T, R>(inputs: T[], concurrency: number, task: (input: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await task(inputs[index]!);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

describe('300 creates with 20% injected faults', () => {
  it('pays every batch exactly once, resuming failed calls by their request ID', async () => {
    const create = (kind: FaultSpec['kind'], chance: number, extra: Partial<FaultSpec> = {}): FaultSpec => ({ operation: 'payouts.create', kind, chance, ...extra });
    const client = await setUp(
      {
        faults: [
          create('error-before-commit', 0.02, { status: 500 }),
          create('error-before-commit', 0.02, { status: 502 }),
          create('error-before-commit', 0.01, { status: 503 }),
          create('error-after-commit', 0.04),
          create('reset-after-commit', 0.04),
          create('rate-limit', 0.02),
          create('rate-limit', 0.02, { retryAfterSeconds: 0 }),
          create('delay', 0.02, { delayMs: 50 }),
          create('revoke-tokens', 0.01),
          { operation: 'oauth2.token', kind: 'error-before-commit', chance: 0.1 },
          { operation: 'oauth2.token', kind: 'rate-limit', retryAfterSeconds: 0, chance: 0.05 },
        ],
      },
      { maxRetries: 1 }, // fewer retries, so that some calls fail and must be resumed
    );
    const bodies = Array.from({ length: 300 }, (_, i) => createBody(2, `batch-${String(i).padStart(3, '0')}`));

    // Phase 1: every create ends created, or with a typed error that names its PayPal-Request-Id.
    const outcomes = await pool(bodies, 25, async (body) => {
      try {
        const { data, response } = await client.payouts.create(body).withResponse();
        return { body, batchId: data.batch_header?.payout_batch_id, status: response.status };
      } catch (error) {
        expect(error).toBeInstanceOf(PayPalError);
        expect(error).not.toBeInstanceOf(DuplicateBatchError);
        expect((error as PayPalError).requestId).toMatch(/^[0-9a-f-]{36}$/);
        return { body, error: error as PayPalError };
      }
    });
    const failed = outcomes.filter((outcome) => outcome.error);
    expect(failed.length).toBeGreaterThan(0);
    expect(outcomes.some((outcome) => outcome.status === 200)).toBe(true); // replays of committed batches happened

    // Phase 2: PayPal recovers; the application retries each failure with its request ID.
    paypal.faults.clear();
    const resumed = await Promise.all(
      failed.map(async ({ body, error }) => {
        const { data } = await client.payouts.create(body, { requestId: error!.requestId! }).withResponse();
        return { body, batchId: data.batch_header?.payout_batch_id };
      }),
    );

    const known = new Map([...outcomes.filter((o) => !o.error), ...resumed].map((o) => [o.body.sender_batch_header.sender_batch_id, o.batchId]));
    expect(known.size).toBe(300);
    // The ledger: one batch per sender_batch_id, none paid twice, none lost, each the one the application knows.
    expect(paypal.ledger.batches()).toHaveLength(300);
    for (const entry of paypal.ledger.batches()) expect(known.get(entry.senderBatchId)).toBe(entry.payoutBatchId);
    expect(paypal.ledger.items()).toHaveLength(600);

    for (const fault of ['error-before-commit', 'error-after-commit', 'reset-after-commit', 'rate-limit', 'delay', 'revoke-tokens'] as const) {
      expect(paypal.faults.injected.get(fault), fault).toBeGreaterThan(0);
    }
  });
});

describe('tokens', () => {
  it('makes one token request for 200 concurrent calls, and hides a mass revocation from callers', async () => {
    const client = await setUp({});
    const first = await client.payouts.create(createBody(1, 'tokens-1'));
    const batchId = first.batch_header!.payout_batch_id;

    await Promise.all(Array.from({ length: 200 }, () => client.payouts.get(batchId)));
    expect(tokenRequests()).toBe(1);

    paypal.tokens.revokeAll();
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => client.payouts.get(batchId)));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(unauthorizedAnswers()).toBe(200); // every call met the revocation, and none saw it
    expect(tokenRequests()).toBe(2);
  });

  it('fetches a new token when the old one expires', async () => {
    const client = await setUp({ tokenTtlSeconds: 1 });
    const { batch_header } = await client.payouts.create(createBody(1, 'expiry-1'));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await client.payouts.get(batch_header!.payout_batch_id);
    expect(tokenRequests()).toBe(2);
    expect(unauthorizedAnswers()).toBe(0);
  });
});

describe('a PayPal that behaves like PayPal', () => {
  it('runs the batch lifecycle, and cancels an item once, even when the cancel’s answer is lost', async () => {
    const client = await setUp({});
    const body = createBody(3, 'lifecycle-1');
    body.items[1]!.receiver = 'unclaimed-1@example.com';
    const created = await client.payouts.create(body);
    const batchId = created.batch_header!.payout_batch_id;
    const statuses = [];
    for (let read = 0; read < 3; read++) statuses.push((await client.payouts.get(batchId)).batch_header?.batch_status);
    expect(statuses).toEqual(['PROCESSING', 'SUCCESS', 'SUCCESS']);

    const items = [];
    for await (const item of client.payouts.items(batchId, { pageSize: 2 })) items.push(item);
    const unclaimed = items.find((item) => item.transaction_status === 'UNCLAIMED')!;
    expect(items.map((item) => item.transaction_status)).toEqual(['SUCCESS', 'UNCLAIMED', 'SUCCESS']);

    paypal.faults.add({ operation: 'payoutItems.cancel', kind: 'reset-after-commit' }); // the first cancel commits, and its answer is lost
    const cancelled = await client.payoutItems.cancel(unclaimed.payout_item_id, { requestId: 'cancel-1' }).withResponse();
    expect(cancelled.data.transaction_status).toBe('RETURNED');
    expect(cancelled.requestId).toBe('cancel-1');
    expect(paypal.faults.injected.get('reset-after-commit')).toBe(1);
    await expect(client.payoutItems.cancel(unclaimed.payout_item_id)).rejects.toMatchObject({ status: 400, code: 'ITEM_ALREADY_CANCELLED' });
    const settled = items.find((item) => item.transaction_status === 'SUCCESS')!;
    await expect(client.payoutItems.cancel(settled.payout_item_id)).rejects.toMatchObject({ status: 400, code: 'ITEM_INCORRECT_STATUS' });
  });

  it('refuses a reused sender_batch_id and links the original batch', async () => {
    const client = await setUp({});
    const original = await client.payouts.create(createBody(1, 'reused-1'));
    const error = await client.payouts.create(createBody(1, 'reused-1')).then(undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateBatchError);
    expect((error as DuplicateBatchError).originalBatchId).toBe(original.batch_header!.payout_batch_id);
    expect(paypal.ledger.batches()).toHaveLength(1);
  });
});

describe('a PayPal that never answers', () => {
  it('gives a TimeoutError once timeoutMs has passed', async () => {
    const client = await setUp({ faults: [{ operation: 'payouts.get', kind: 'delay', delayMs: HANG_MS }] }, { timeoutMs: 250, maxRetries: 0 });
    const started = performance.now();
    const error = await client.payouts.get('B1').then(undefined, (e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(elapsed).toBeGreaterThanOrEqual(245);
    // Generous on purpose (a loaded machine is slow): it shows the deadline ended the call, not the test's timeout.
    expect(elapsed).toBeLessThan(10_000);
  });

  it('stops a call and its retries when the signal aborts, and pays nothing after', async () => {
    // The first attempt fails before committing, the retry hangs; the caller aborts during the retry.
    const client = await setUp({ faults: [{ operation: 'payouts.create', kind: 'error-before-commit' }] });
    const controller = new AbortController();
    const call = client.payouts.create(createBody(1, 'abort-1'), { signal: controller.signal, timeoutMs: 60_000 }).then(undefined, (e: unknown) => e);
    await expect.poll(creates).toBe(1);
    paypal.faults.add({ operation: 'payouts.create', kind: 'delay', delayMs: HANG_MS, times: Infinity });
    await expect.poll(creates, { timeout: 10_000 }).toBe(2);
    controller.abort();
    // Without the abort the hanging attempt would run for timeoutMs (60 s), past this test's timeout.
    expect(await call).toBeInstanceOf(AbortError);

    // From now on PayPal would commit any create: a retry after the abort would show in the ledger.
    paypal.faults.clear();
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // longer than the remaining backoff (≤ 1 s)
    expect(creates()).toBe(2);
    expect(paypal.ledger.batches()).toHaveLength(0);
  });
});
