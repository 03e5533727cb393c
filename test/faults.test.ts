// Fault injection against the PayPal stand-in: under seeded 5xx, resets after commit, rate limits,
// slow answers and revoked tokens, no batch is paid twice and none is lost.
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, DuplicateBatchError, PayoutsClient, PayPalError, TimeoutError, type ClientOptions } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, createBody } from './support/local-server.js';
import { PayPalStandIn, type StandInOptions } from './support/paypal-standin.js';

const SEED = 20_261_121;
let standIn: PayPalStandIn;
afterEach(() => standIn?.close());

async function setUp(options: StandInOptions, client: ClientOptions = {}) {
  standIn = await PayPalStandIn.start({ seed: SEED, ...options });
  return new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: standIn.url, ...client });
}

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
    const client = await setUp(
      {
        slowMs: 50,
        faults: {
          create: {
            'error-before': 0.05,
            'error-after-commit': 0.04,
            'reset-after-commit': 0.04,
            'rate-limit': 0.02,
            'rate-limit-retry-after': 0.02,
            slow: 0.02,
            'revoke-tokens': 0.01,
          },
          token: { 'error-before': 0.1, 'rate-limit-retry-after': 0.05 },
        },
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
    standIn.faults.plan = {};
    const resumed = await Promise.all(
      failed.map(async ({ body, error }) => {
        const { data } = await client.payouts.create(body, { requestId: error!.requestId! }).withResponse();
        return { body, batchId: data.batch_header?.payout_batch_id };
      }),
    );

    const known = new Map([...outcomes.filter((o) => !o.error), ...resumed].map((o) => [o.body.sender_batch_header.sender_batch_id, o.batchId]));
    expect(known.size).toBe(300);
    // The ledger: one batch per sender_batch_id, none paid twice, none lost, each the one the application knows.
    expect(standIn.ledger).toHaveLength(300);
    for (const entry of standIn.ledger) expect(known.get(entry.senderBatchId)).toBe(entry.batchId);

    for (const fault of ['error-before', 'error-after-commit', 'reset-after-commit', 'rate-limit', 'rate-limit-retry-after', 'revoke-tokens'] as const) {
      expect(standIn.faults.injected.get(fault), fault).toBeGreaterThan(0);
    }
  });
});

describe('tokens', () => {
  it('makes one token request for 200 concurrent calls, and hides a mass revocation from callers', async () => {
    const client = await setUp({});
    const first = await client.payouts.create(createBody(1, 'tokens-1'));
    const batchId = first.batch_header!.payout_batch_id;

    await Promise.all(Array.from({ length: 200 }, () => client.payouts.get(batchId)));
    expect(standIn.tokenRequests).toBe(1);

    standIn.revokeAllTokens();
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => client.payouts.get(batchId)));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(standIn.unauthorizedAnswers).toBe(200); // every call met the revocation, and none saw it
    expect(standIn.tokenRequests).toBe(2);
  });

  it('fetches a new token when the old one expires', async () => {
    const client = await setUp({ tokenTtlSeconds: 1 });
    const { batch_header } = await client.payouts.create(createBody(1, 'expiry-1'));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await client.payouts.get(batch_header!.payout_batch_id);
    expect(standIn.tokenRequests).toBe(2);
    expect(standIn.unauthorizedAnswers).toBe(0);
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

    standIn.faults.plan = { cancel: { 'reset-after-commit': 1 } }; // the first cancel commits, and its answer is lost
    const cancelled = await client.payoutItems.cancel(unclaimed.payout_item_id, { requestId: 'cancel-1' }).withResponse();
    expect(cancelled.data.transaction_status).toBe('RETURNED');
    expect(cancelled.requestId).toBe('cancel-1');
    expect(standIn.faults.injected.get('reset-after-commit')).toBeGreaterThan(0);
    standIn.faults.plan = {};
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
    expect(standIn.ledger).toHaveLength(1);
  });
});

describe('a PayPal that never answers', () => {
  it('gives a TimeoutError once timeoutMs has passed', async () => {
    const client = await setUp({ faults: { get: { hang: 1 } } }, { timeoutMs: 250, maxRetries: 0 });
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
    const client = await setUp({ faults: { create: { 'error-before': 1 } } });
    const controller = new AbortController();
    const creates = () => standIn.requests.filter((request) => request.path === '/v1/payments/payouts');
    const call = client.payouts.create(createBody(1, 'abort-1'), { signal: controller.signal, timeoutMs: 60_000 }).then(undefined, (e: unknown) => e);
    await expect.poll(creates).toHaveLength(1);
    standIn.faults.plan = { create: { hang: 1 } };
    await expect.poll(creates, { timeout: 10_000 }).toHaveLength(2);
    controller.abort();
    // Without the abort the hanging attempt would run for timeoutMs (60 s), past this test's timeout.
    expect(await call).toBeInstanceOf(AbortError);

    // From now on PayPal would commit any create: a retry after the abort would show in the ledger.
    standIn.faults.plan = {};
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // longer than the remaining backoff (≤ 1 s)
    expect(creates()).toHaveLength(2);
    expect(standIn.ledger).toHaveLength(0);
  });
});
