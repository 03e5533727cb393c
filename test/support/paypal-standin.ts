// A local stand-in for PayPal's Payouts API, real where retries and idempotency are concerned:
// expiring and revocable tokens, PayPal-Request-Id replays, refused sender_batch_id reuse, a batch
// lifecycle, cancel-once items (with PayPal's errors for a second cancel), seeded faults, and a ledger of every batch it committed.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { FaultInjector, type Endpoint, type FaultPlan } from './faults.js';
import { CLIENT_ID, CLIENT_SECRET, json, startServer, TOKEN_PATH, tokenBody, type LocalServer, type RecordedRequest } from './local-server.js';

interface Item {
  payout_item_id: string;
  batchId: string;
  status: 'PENDING' | 'SUCCESS' | 'UNCLAIMED' | 'RETURNED';
  request: { receiver: string; amount: { currency: string; value: string }; sender_item_id?: string };
}

interface Batch {
  id: string;
  senderBatchId: string;
  requestId: string | undefined;
  status: 'PENDING' | 'PROCESSING' | 'SUCCESS';
  header: Record<string, unknown>;
  items: Item[];
}

/** One batch PayPal would pay: what the fault suite checks for doubles and losses. */
export interface LedgerEntry {
  batchId: string;
  senderBatchId: string;
  requestId: string | undefined;
  items: number;
}

export interface StandInOptions {
  seed?: number;
  faults?: FaultPlan;
  tokenTtlSeconds?: number;
  slowMs?: number;
}

const BASIC = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
const newId = (length = 13) => randomBytes(16).toString('hex').toUpperCase().slice(0, length);
const error = (name: string, message: string, extra: Record<string, unknown> = {}) => ({ name, message, debug_id: newId(), ...extra });

export class PayPalStandIn {
  readonly faults: FaultInjector;
  readonly ledger: LedgerEntry[] = [];
  /** Every access token ever issued, to search for leaks. */
  readonly issuedTokens: string[] = [];
  readonly #tokens = new Map<string, number>(); // token -> expiry (ms)
  readonly #batches = new Map<string, Batch>();
  readonly #bySenderBatchId = new Map<string, Batch>();
  readonly #byRequestId = new Map<string, Batch>();
  readonly #inFlight = new Set<string>();
  readonly #items = new Map<string, Item>();
  #server!: LocalServer;

  private constructor(readonly options: StandInOptions) {
    this.faults = new FaultInjector(options.seed ?? 1, options.faults);
  }

  static async start(options: StandInOptions = {}): Promise<PayPalStandIn> {
    const standIn = new PayPalStandIn(options);
    standIn.#server = await startServer((request, res) => standIn.#handle(request, res));
    return standIn;
  }

  get url() {
    return this.#server.url;
  }
  get requests() {
    return this.#server.requests;
  }
  get tokenRequests() {
    return this.#server.requestsTo(TOKEN_PATH).length;
  }
  /** Every 401 the stand-in answered to an API call. */
  unauthorizedAnswers = 0;

  /** Every token stops working at once, as when PayPal rotates credentials. */
  revokeAllTokens() {
    this.#tokens.clear();
  }

  close() {
    return this.#server.close();
  }

  /**
   * PayPal "processes the first request and might fail the second" of two simultaneous requests with
   * one PayPal-Request-Id (https://developer.paypal.com/reference/guidelines/idempotency). The status
   * is not documented: 409 RESOURCE_CONFLICT here is our assumption, and the client retries it.
   */
  async #handle(request: RecordedRequest, res: ServerResponse) {
    const requestId = request.headers['paypal-request-id'] as string | undefined;
    if (!requestId) return this.#respond(request, res);
    if (this.#inFlight.has(requestId)) return json(res, 409, error('RESOURCE_CONFLICT', 'A request with this PayPal-Request-Id is in progress.'));
    this.#inFlight.add(requestId);
    try {
      await this.#respond(request, res);
    } finally {
      this.#inFlight.delete(requestId);
    }
  }

  async #respond(request: RecordedRequest, res: ServerResponse) {
    const endpoint = endpointOf(request);
    if (!endpoint) return json(res, 404, error('NOT_FOUND', 'No such route'));
    const body = endpoint === 'create' ? JSON.parse(request.body) : {};
    const fault = this.faults.draw(endpoint, endpoint === 'create' ? String(body.sender_batch_header?.sender_batch_id) : request.path);

    switch (fault) {
      case 'hang':
        return;
      case 'error-before':
        return json(res, [500, 502, 503][this.faults.random('status') * 3 | 0]!, error('INTERNAL_SERVER_ERROR', 'An internal server error occurred.'));
      case 'rate-limit':
        return json(res, 429, error('RATE_LIMIT_REACHED', 'Too many requests. Blocked due to rate limiting.'));
      case 'rate-limit-retry-after':
        return json(res, 429, error('RATE_LIMIT_REACHED', 'Too many requests.'), { 'retry-after': '0' });
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, this.options.slowMs ?? 100));
        break;
      case 'revoke-tokens':
        this.revokeAllTokens();
        break;
    }

    if (endpoint === 'token') return this.#token(request, res);
    if (!this.#authorized(request)) {
      this.unauthorizedAnswers++;
      return json(res, 401, error('AUTHENTICATION_FAILURE', 'Authentication failed due to invalid authentication credentials or a missing Authorization header.'));
    }
    const requestId = request.headers['paypal-request-id'] as string | undefined;
    const id = decodeURIComponent(request.path.split('/')[4] ?? ''); // /v1/payments/<resource>/<id>
    if (endpoint === 'get') return this.#getBatch(id, request, res);
    if (endpoint === 'item') {
      const item = this.#items.get(id);
      return item ? json(res, 200, this.#itemBody(item)) : json(res, 404, error('INVALID_RESOURCE_ID', 'Requested resource ID was not found.'));
    }
    if (endpoint === 'cancel') return this.#cancel(id, fault, res);

    // Create: replay a known PayPal-Request-Id ("PayPal returns the latest status of the previous request
    // that used that same header", idempotency guide above; the contract's create lists the header and
    // "The server stores keys for 30 days"). The 200 status of a replay is our assumption. A reused
    // sender_batch_id is refused: the contract's sender_batch_header.sender_batch_id says "If you specify a
    // sender_batch_id that was used in the last 30 days, the API rejects the request with an error message
    // that shows the duplicate sender_batch_id and includes a HATEOAS link to the original payout".
    const replay = requestId && this.#byRequestId.get(requestId);
    if (replay) return json(res, 200, createdBody(replay));
    const senderBatchId = String(body.sender_batch_header?.sender_batch_id);
    const original = this.#bySenderBatchId.get(senderBatchId);
    if (original) {
      return json(res, 400, error('USER_BUSINESS_ERROR', 'User business error.', {
        details: [{
          field: 'SENDER_BATCH_ID',
          location: 'body',
          issue: 'Batch with given sender_batch_id already exists',
          link: [{ href: `${this.url}/v1/payments/payouts/${original.id}`, rel: 'self', method: 'GET', encType: 'application/json' }],
        }],
      }));
    }
    const batch = this.#commit(senderBatchId, requestId, body);
    if (fault === 'error-after-commit') return json(res, 500, error('INTERNAL_SERVER_ERROR', 'An internal server error occurred.'));
    if (fault === 'reset-after-commit') return void res.socket?.destroy();
    json(res, 201, createdBody(batch));
  }

  #token(request: RecordedRequest, res: ServerResponse) {
    if (request.headers.authorization !== BASIC) return json(res, 401, { error: 'invalid_client', error_description: 'Client Authentication failed' });
    if (request.body !== 'grant_type=client_credentials') return json(res, 400, { error: 'unsupported_grant_type', error_description: 'unsupported grant_type' });
    const ttl = this.options.tokenTtlSeconds ?? 32_400;
    const token = `A21AA${randomBytes(24).toString('base64url')}`;
    this.#tokens.set(token, Date.now() + ttl * 1000);
    this.issuedTokens.push(token);
    json(res, 200, tokenBody(token, ttl));
  }

  #authorized(request: RecordedRequest) {
    const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    const expiry = this.#tokens.get(token);
    return expiry !== undefined && Date.now() < expiry;
  }

  #commit(senderBatchId: string, requestId: string | undefined, body: { sender_batch_header: Record<string, unknown>; items: Item['request'][] }) {
    const id = newId();
    const batch: Batch = {
      id,
      senderBatchId,
      requestId,
      status: 'PENDING',
      header: body.sender_batch_header,
      items: body.items.map((request) => ({ payout_item_id: newId(), batchId: id, status: 'PENDING', request })),
    };
    this.#batches.set(batch.id, batch);
    this.#bySenderBatchId.set(senderBatchId, batch);
    if (requestId) this.#byRequestId.set(requestId, batch);
    for (const item of batch.items) this.#items.set(item.payout_item_id, item);
    this.ledger.push({ batchId: batch.id, senderBatchId, requestId, items: batch.items.length });
    return batch;
  }

  /** Each read moves a batch one step: PENDING -> PROCESSING -> SUCCESS, when items settle. */
  #getBatch(id: string, request: RecordedRequest, res: ServerResponse) {
    const batch = this.#batches.get(id);
    if (!batch) return json(res, 404, error('INVALID_RESOURCE_ID', 'Requested resource ID was not found.'));
    if (batch.status === 'PROCESSING') {
      batch.status = 'SUCCESS';
      for (const item of batch.items) item.status = item.request.receiver.includes('unclaimed') ? 'UNCLAIMED' : 'SUCCESS';
    }
    if (batch.status === 'PENDING') batch.status = 'PROCESSING';
    const page = Number(request.query.get('page') ?? 1);
    const size = Number(request.query.get('page_size') ?? 1000);
    const totals = request.query.get('total_required') === 'true' ? { total_items: batch.items.length, total_pages: Math.ceil(batch.items.length / size) } : {};
    json(res, 200, {
      ...totals,
      batch_header: { payout_batch_id: batch.id, batch_status: batch.status, sender_batch_header: batch.header },
      items: batch.items.slice((page - 1) * size, page * size).map((item) => this.#itemBody(item)),
    });
  }

  /**
   * Cancel is not replayed by PayPal-Request-Id: the contract lists the header on create only, and "Not
   * all APIs support this header" (idempotency guide above). A second cancel meets PayPal's documented
   * errors: 400 ITEM_ALREADY_CANCELLED, or 400 ITEM_INCORRECT_STATUS for an item that is not UNCLAIMED
   * (https://docs.paypal.ai/growth/payouts/manage-payouts/reports-transaction-logs).
   */
  #cancel(id: string, fault: string | undefined, res: ServerResponse) {
    const item = this.#items.get(id);
    if (!item) return json(res, 404, error('INVALID_RESOURCE_ID', 'Requested resource ID was not found.'));
    if (item.status === 'RETURNED') return json(res, 400, error('ITEM_ALREADY_CANCELLED', 'Requested item is already cancelled.'));
    if (item.status !== 'UNCLAIMED') return json(res, 400, error('ITEM_INCORRECT_STATUS', 'You can only cancel items that are in UNCLAIMED state.'));
    item.status = 'RETURNED';
    if (fault === 'error-after-commit') return json(res, 500, error('INTERNAL_SERVER_ERROR', 'An internal server error occurred.'));
    if (fault === 'reset-after-commit') return void res.socket?.destroy();
    json(res, 200, this.#itemBody(item));
  }

  #itemBody(item: Item) {
    return { payout_item_id: item.payout_item_id, payout_batch_id: item.batchId, transaction_status: item.status, payout_item: item.request };
  }
}

function endpointOf({ method, path }: RecordedRequest): Endpoint | undefined {
  if (method === 'POST' && path === TOKEN_PATH) return 'token';
  if (method === 'POST' && path === '/v1/payments/payouts') return 'create';
  if (method === 'GET' && /^\/v1\/payments\/payouts\/[^/]+$/.test(path)) return 'get';
  if (method === 'GET' && /^\/v1\/payments\/payouts-item\/[^/]+$/.test(path)) return 'item';
  if (method === 'POST' && /^\/v1\/payments\/payouts-item\/[^/]+\/cancel$/.test(path)) return 'cancel';
  return undefined;
}

function createdBody(batch: Batch) {
  return {
    batch_header: { payout_batch_id: batch.id, batch_status: batch.status, sender_batch_header: batch.header },
    links: [{ href: `/v1/payments/payouts/${batch.id}`, rel: 'self', method: 'GET', encType: 'application/json' }],
  };
}
