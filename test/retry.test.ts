// Retries against a real local server: what is retried, with which PayPal-Request-Id, how long the
// client waits, and how timeouts and aborts end a call.
import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  BadRequestError,
  ConnectionError,
  DEFAULT_RETRY,
  InternalServerError,
  PayoutsClient,
  RateLimitError,
  TimeoutError,
  type ClientOptions,
  type RequestLogEntry,
} from '../src/index.js';
import { retryDelay } from '../src/retry.js';
import { CLIENT_ID, CLIENT_SECRET, createBody, json, PAYOUT_CREATED, startServer, withTokens, type Handler, type LocalServer } from './support/local-server.js';

const CREATE_PATH = '/v1/payments/payouts';
const BATCH_PATH = '/v1/payments/payouts/B1';
const batch = { batch_header: { payout_batch_id: 'B1', batch_status: 'SUCCESS', sender_batch_header: {} } };

let server: LocalServer;
afterEach(() => server?.close());

async function clientFor(handler: Handler, options: ClientOptions = {}) {
  server = await startServer(withTokens(handler));
  return new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url, ...options });
}

/** Fails the first `count` requests with `status` (Retry-After: 0), then answers `body`. */
function failFirst(count: number, status: number, success: [number, unknown]): Handler {
  let remaining = count;
  return (_, res) =>
    remaining-- > 0 ? json(res, status, { name: 'TRANSIENT', message: 'try again' }, { 'retry-after': '0' }) : json(res, ...success);
}

const caught = (promise: PromiseLike<unknown>) => Promise.resolve(promise).then(() => undefined, (error: unknown) => error);

describe('retries', () => {
  it.each([408, 409, 429, 500, 502, 503, 504])('retries a GET after %i', async (status) => {
    const client = await clientFor(failFirst(2, status, [200, batch]));
    await expect(client.payouts.get('B1')).resolves.toEqual(batch);
    expect(server.requestsTo(BATCH_PATH)).toHaveLength(3);
  });

  it('retries a create with the same PayPal-Request-Id on every attempt, and returns that ID', async () => {
    const client = await clientFor(failFirst(2, 500, [201, PAYOUT_CREATED]));
    const { data, requestId, response } = await client.payouts.create(createBody()).withResponse();
    const sent = server.requestsTo(CREATE_PATH).map((request) => request.headers['paypal-request-id']);
    expect(sent).toHaveLength(3);
    expect(new Set(sent)).toEqual(new Set([requestId]));
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.status).toBe(201);
    expect(data).toEqual(PAYOUT_CREATED);
  });

  it('makes a new PayPal-Request-Id per call, and uses the caller’s when given', async () => {
    const client = await clientFor((_, res) => json(res, 201, PAYOUT_CREATED));
    const first = await client.payouts.create(createBody()).withResponse();
    const second = await client.payouts.create(createBody()).withResponse();
    const third = await client.payouts.create(createBody(), { requestId: 'order-42-payout' }).withResponse();
    expect(first.requestId).not.toBe(second.requestId);
    expect(third.requestId).toBe('order-42-payout');
    expect(server.requestsTo(CREATE_PATH).map((request) => request.headers['paypal-request-id'])).toEqual([
      first.requestId,
      second.requestId,
      'order-42-payout',
    ]);
  });

  it('retries a cancel with one PayPal-Request-Id', async () => {
    const client = await clientFor(failFirst(1, 503, [200, { payout_item_id: 'I1', payout_batch_id: 'B1', payout_item: {} }]));
    const { requestId } = await client.payoutItems.cancel('I1').withResponse();
    const sent = server.requestsTo('/v1/payments/payouts-item/I1/cancel').map((request) => request.headers['paypal-request-id']);
    expect(sent).toEqual([requestId, requestId]);
  });

  it.each([400, 403, 404, 422])('does not retry %i', async (status) => {
    const client = await clientFor(failFirst(5, status, [200, batch]));
    await expect(client.payouts.get('B1')).rejects.toMatchObject({ status });
    expect(server.requestsTo(BATCH_PATH)).toHaveLength(1);
  });

  it('stops after maxRetries and throws the last answer as a typed error with its request ID', async () => {
    const client = await clientFor(failFirst(10, 503, [200, batch]), { maxRetries: 3 });
    const error = await caught(client.payouts.create(createBody()));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requestsTo(CREATE_PATH)).toHaveLength(4);
    expect((error as InternalServerError).requestId).toBe(server.requestsTo(CREATE_PATH)[0]?.headers['paypal-request-id']);
  });

  it('retries dropped connections with the same PayPal-Request-Id, then throws ConnectionError', async () => {
    const client = await clientFor((request, res) => res.socket?.destroy());
    const error = await caught(client.payouts.create(createBody()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect((error as ConnectionError).cause).toBeInstanceOf(Error);
    const sent = server.requestsTo(CREATE_PATH).map((request) => request.headers['paypal-request-id']);
    expect(sent).toHaveLength(DEFAULT_RETRY.maxRetries + 1);
    expect(new Set(sent).size).toBe(1);
  });

  it('honours Retry-After', async () => {
    let first = true;
    const client = await clientFor((_, res) => {
      if (!first) return json(res, 200, batch);
      first = false;
      json(res, 429, { name: 'RATE_LIMIT_REACHED' }, { 'retry-after': '1' });
    });
    const started = performance.now();
    await client.payouts.get('B1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('tells the logger every attempt, without headers or tokens', async () => {
    const entries: RequestLogEntry[] = [];
    const client = await clientFor(failFirst(1, 429, [200, batch]), { logger: (entry) => entries.push(entry) });
    await client.payouts.get('B1');
    expect(entries.map(({ method, path, status, attempt }) => ({ method, path, status, attempt }))).toEqual([
      { method: 'POST', path: '/v1/oauth2/token', status: 200, attempt: 1 },
      { method: 'GET', path: BATCH_PATH, status: 429, attempt: 1 },
      { method: 'GET', path: BATCH_PATH, status: 200, attempt: 2 },
    ]);
    expect(entries[1]?.requestId).toBe(entries[2]?.requestId);
    expect(entries.every((entry) => entry.durationMs >= 0)).toBe(true);
    expect(JSON.stringify(entries)).not.toMatch(/token-1|Bearer|Basic|authorization/i);
  });

  it('keeps going when the logger throws', async () => {
    const client = await clientFor((_, res) => json(res, 200, batch), {
      logger: () => {
        throw new Error('logger down');
      },
    });
    await expect(client.payouts.get('B1')).resolves.toEqual(batch);
  });
});

it('survives an async logger that rejects, with no unhandled rejection', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const client = await clientFor((_, res) => json(res, 201, PAYOUT_CREATED), {
      logger: async () => {
        throw new Error('log shipper down');
      },
    });
    await expect(client.payouts.create(createBody())).resolves.toEqual(PAYOUT_CREATED);
    await new Promise((resolve) => setTimeout(resolve, 50)); // unhandled rejections are reported after a turn
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

describe('timeouts and aborts', () => {
  const never: Handler = () => undefined; // accepts the request and never answers

  it('throws TimeoutError once timeoutMs has passed when the server never answers', async () => {
    const client = await clientFor(never, { timeoutMs: 300, maxRetries: 0 });
    const started = performance.now();
    const error = await caught(client.payouts.get('B1'));
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    // Generous on purpose (a loaded machine is slow): it shows the deadline ended the call, not the test's timeout.
    expect(elapsed).toBeLessThan(10_000);
  });

  it('applies a per-call timeout and retries timeouts', async () => {
    const client = await clientFor(never, { maxRetries: 1 });
    const error = await caught(client.payouts.get('B1', { timeoutMs: 100 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requestsTo(BATCH_PATH)).toHaveLength(2);
  });

  it('stops when the caller aborts mid-request, with no retry', async () => {
    const client = await clientFor(never);
    const controller = new AbortController();
    // Without the abort this attempt would wait 60 s, past the test's timeout.
    const call = caught(client.payouts.create(createBody(), { signal: controller.signal, timeoutMs: 60_000 }));
    while (server.requestsTo(CREATE_PATH).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await call;
    expect(error).toBeInstanceOf(AbortError);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requestsTo(CREATE_PATH)).toHaveLength(1);
  });

  it('stops waiting for a retry when the caller aborts', async () => {
    const client = await clientFor((_, res) => json(res, 503, {}, { 'retry-after': '30' }));
    const controller = new AbortController();
    const call = caught(client.payouts.get('B1', { signal: controller.signal }));
    while (server.requestsTo(BATCH_PATH).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await call).toBeInstanceOf(AbortError);
    expect(server.requestsTo(BATCH_PATH)).toHaveLength(1);
  });

  it('does not send anything when the signal is already aborted', async () => {
    const client = await clientFor((_, res) => json(res, 200, batch));
    const error = await caught(client.payouts.get('B1', { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('retryDelay', () => {
  const headers = (retryAfter: string) => new Headers({ 'retry-after': retryAfter });

  it('doubles from 0.5 s up to 8 s, up to 25% shorter for jitter', () => {
    expect([0, 1, 2, 3, 4, 5].map((retry) => retryDelay(DEFAULT_RETRY, retry, undefined, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(retryDelay(DEFAULT_RETRY, 0, undefined, () => 1)).toBe(375);
  });

  it('takes Retry-After in seconds or as a date, up to 60 s, and gives up on a longer one', () => {
    expect(retryDelay(DEFAULT_RETRY, 0, headers('3'))).toBe(3000);
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
    expect(retryDelay(DEFAULT_RETRY, 0, headers(inTwoSeconds))).toBeGreaterThan(900);
    expect(retryDelay(DEFAULT_RETRY, 0, headers('3600'), () => 0)).toBeUndefined();
    expect(retryDelay(DEFAULT_RETRY, 1, headers('soon'), () => 0)).toBe(1000);
  });

  it('falls back to backoff for a Retry-After date in the past, or one it cannot parse', () => {
    const aMinuteAgo = new Date(Date.now() - 60_000).toUTCString();
    expect(retryDelay(DEFAULT_RETRY, 1, headers(aMinuteAgo), () => 0)).toBe(1000);
    expect(retryDelay(DEFAULT_RETRY, 0, headers('-5'), () => 0)).toBe(500);
    expect(retryDelay(DEFAULT_RETRY, 0, headers('Thu, 99 Foo'), () => 0)).toBe(500);
  });
});

it('is a BadRequestError, not retried, when PayPal rejects the body', async () => {
  const client = await clientFor((_, res) => json(res, 400, { name: 'VALIDATION_ERROR', message: 'Invalid request - see details' }));
  await expect(client.payouts.create(createBody())).rejects.toBeInstanceOf(BadRequestError);
  expect(server.requestsTo(CREATE_PATH)).toHaveLength(1);
});

it('is a RateLimitError after the last 429', async () => {
  const client = await clientFor(failFirst(10, 429, [200, batch]), { maxRetries: 1 });
  await expect(client.payouts.get('B1')).rejects.toBeInstanceOf(RateLimitError);
});

describe('many calls on one signal, and connection errors', () => {
  it('shares one AbortSignal across 30 retrying calls without a MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const client = await clientFor(failFirst(30, 503, [200, batch]), { maxRetries: 30 });
      const controller = new AbortController();
      await Promise.all(Array.from({ length: 30 }, () => client.payouts.get('B1', { signal: controller.signal })));
      await new Promise((resolve) => setTimeout(resolve, 20)); // warnings are emitted on the next tick
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('names the host in a ConnectionError', async () => {
    const client = await clientFor((_, res) => res.socket?.destroy(), { maxRetries: 0 });
    const error = (await caught(client.payouts.get('B1'))) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain(`GET ${BATCH_PATH} to ${new URL(server.url).host} failed:`);
  });
});
