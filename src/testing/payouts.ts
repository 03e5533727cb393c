// POST /v1/payments/payouts and GET /v1/payments/payouts/{id}.
import { safeParse } from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import {
  zPayoutsGetPath,
  zPayoutsGetQuery,
  zPayoutsPostBody,
  zPayoutsPostHeaders,
  zPayoutSenderBatchHeader,
  zPayoutItemDetail,
} from '../../generated/zod.js';
import type { Handler } from './context.js';
import { notFound, paypalError } from './errors.js';
import { paypalTime, resourceId } from './ids.js';
import { sandboxError } from './outcomes.js';
import type { Batch } from './store.js';
import { check, parseJson, ruleError, typedQuery } from './validate.js';
import { batchView, createdView } from './views.js';

/** PayPal's default page size when page_size is left out (ours: the contract's maximum, so one page). */
const DEFAULT_PAGE_SIZE = 1000;

export const create: Handler = (context, { headers, body: text }) => {
  const { store, baseUrl } = context;
  const requestId = headers['paypal-request-id'] as string | undefined;
  const header = check(zPayoutsPostHeaders, requestId === undefined ? {} : { 'PayPal-Request-Id': requestId });
  if (!header.ok) return header.error;
  if (!/^application\/json\b/i.test(headers['content-type'] ?? '')) {
    return paypalError(415, 'UNSUPPORTED_MEDIA_TYPE', "The server does not support the request payload's media type.");
  }
  const json = parseJson(text);
  if (!json.ok) return json.error;
  const parsed = check(zPayoutsPostBody, json.value, 'body');
  if (!parsed.ok) return parsed.error;
  const refused = ruleError(json.value);
  if (refused) return refused;
  const body = parsed.value;

  // A repeated PayPal-Request-Id gets "the latest state of the payout that was created as part of the
  // first transaction" instead of a second payout (seeds/003, "Idempotent requests").
  const replay = requestId !== undefined && store.byRequestId.get(requestId);
  if (replay) return { status: 200, body: createdView(replay, baseUrl()) };

  const sandbox = sandboxError(body);
  if (sandbox) return sandbox;

  // A sender_batch_id used in the last 30 days is refused, with a HATEOAS link to the original batch
  // (seeds/003, "Duplicate payout requests").
  const senderBatchId = body.sender_batch_header.sender_batch_id ?? '';
  const original = senderBatchId ? store.bySenderBatchId.get(senderBatchId) : undefined;
  if (original) {
    return paypalError(400, 'USER_BUSINESS_ERROR', 'User business error.', [
      {
        field: 'SENDER_BATCH_ID',
        location: 'body',
        issue: 'Batch with given sender_batch_id already exists',
        link: [{ href: `${baseUrl()}/v1/payments/payouts/${original.payoutBatchId}`, rel: 'self', method: 'GET', encType: 'application/json' }],
      },
    ]);
  }

  const batch: Batch = {
    payoutBatchId: resourceId(),
    senderBatchId,
    requestId,
    header: asShown(zPayoutSenderBatchHeader, body.sender_batch_header),
    // "If the payout passes preliminary checks, the status is PENDING" (seeds/004, batch_status).
    status: 'PENDING',
    timeCreated: paypalTime(),
    feesKnown: false,
    items: [],
  };
  batch.items = body.items.map((item) => ({
    payoutItemId: resourceId(),
    transactionId: resourceId(),
    batch,
    // "payout items use the recipient_type of the sender_batch_header, unless a payout item has its own"
    // (PayPal's Payouts v1 document, payout_item.recipient_type).
    request: asShown(zPayoutItemDetail, { recipient_type: body.sender_batch_header.recipient_type, ...item }),
    status: 'PENDING' as const,
  }));
  store.add(batch);
  context.clock.created(batch);
  // 201 Created with the payout_batch_id (seeds/000, "Step result").
  return { status: 201, body: createdView(batch, baseUrl()) };
};

export const get: Handler = ({ store, clock, baseUrl }, { query }, { id }) => {
  const path = check(zPayoutsGetPath, { id }, 'path');
  if (!path.ok) return path.error;
  const options = check(zPayoutsGetQuery, typedQuery(query, ['page', 'page_size'], ['total_required']), 'query');
  if (!options.ok) return options.error;
  const batch = store.batches.get(path.value.id);
  if (!batch) return notFound();
  clock.read(batch);
  const { page = 1, page_size: pageSize = DEFAULT_PAGE_SIZE, total_required: totalRequired = false, fields } = options.value;
  return { status: 200, body: batchView(batch, baseUrl(), { page, pageSize, totalRequired, fields }) };
};

/**
 * A request object in the shape answers show it: the fields the answer's schema knows, each kept when
 * it is valid there (a request's open recipient_type becomes the answer's enum only when it is one).
 */
function asShown<T extends Record<string, unknown>>(schema: { shape: Record<string, $ZodType> }, value: Record<string, unknown>): T {
  const shown = Object.entries(value).filter(([key, field]) => {
    const fieldSchema = schema.shape[key];
    return field !== undefined && fieldSchema !== undefined && safeParse(fieldSchema, field).success;
  });
  return Object.fromEntries(shown) as T;
}
