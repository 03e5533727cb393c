// Batches and items as PayPal shows them, in the contract's shapes (payout, payout_batch, payout_item).
import type { components } from '../../generated/types.js';
import { sum } from '../decimal.js';
import type { Batch, Item } from './store.js';

type Schemas = components['schemas'];
type Link = Schemas['link_description'];

const link = (href: string, rel: string, method: Link['method'] = 'GET'): Link => ({ href, rel, method, encType: 'application/json' });

/**
 * The batch's total when its items share one currency, and its fees in USD: "Initially … 0", the sum of
 * the items' fees once PROCESSING (paypal-facts.md #5).
 */
function totals(batch: Batch) {
  const fees = { currency: 'USD', value: batch.feesKnown ? sum(batch.items.map((item) => item.fee?.value ?? '0')) : '0' };
  const [currency, ...others] = new Set(batch.items.map((item) => item.request.amount.currency));
  if (currency === undefined || others.length) return { fees };
  return { amount: { currency, value: sum(batch.items.map((item) => item.request.amount.value)) }, fees };
}

export function batchHeader(batch: Batch): Schemas['payout_batch_header'] {
  return {
    payout_batch_id: batch.payoutBatchId,
    batch_status: batch.status,
    time_created: batch.timeCreated,
    ...(batch.timeCompleted && { time_completed: batch.timeCompleted }),
    sender_batch_header: batch.header,
    funding_source: 'BALANCE',
    ...totals(batch),
  };
}

/** The 201 (and idempotent replay) answer of a create. */
export function createdView(batch: Batch, baseUrl: string): Schemas['payout'] {
  return {
    batch_header: { payout_batch_id: batch.payoutBatchId, batch_status: batch.status, sender_batch_header: batch.header },
    links: [link(`${baseUrl}/v1/payments/payouts/${batch.payoutBatchId}`, 'self')],
  };
}

export function itemView(item: Item, baseUrl: string): Schemas['payout_item-2'] {
  return {
    payout_item_id: item.payoutItemId,
    ...(item.status !== 'PENDING' && { transaction_id: item.transactionId }),
    transaction_status: item.status,
    ...(item.fee && { payout_item_fee: item.fee }),
    ...(item.conversion && { currency_conversion: item.conversion }),
    payout_batch_id: item.batch.payoutBatchId,
    sender_batch_id: item.batch.senderBatchId,
    payout_item: item.request,
    ...(item.timeProcessed && { time_processed: item.timeProcessed }),
    ...(item.error && { errors: item.error }),
    links: [
      link(`${baseUrl}/v1/payments/payouts-item/${item.payoutItemId}`, 'item'),
      link(`${baseUrl}/v1/payments/payouts/${item.batch.payoutBatchId}`, 'batch'),
    ],
  };
}

export interface Page {
  page: number;
  pageSize: number;
  totalRequired: boolean;
  fields: string | undefined;
}

/** One page of a batch. `fields=batch_header` leaves the items out (seeds/003, "Show payout details"). */
export function batchView(batch: Batch, baseUrl: string, { page, pageSize, totalRequired, fields }: Page): Schemas['payout_batch'] {
  const headerOnly = fields?.split(',').every((field) => field.trim() === 'batch_header') ?? false;
  const items = batch.items.slice((page - 1) * pageSize, page * pageSize);
  return {
    ...(totalRequired && { total_items: batch.items.length, total_pages: Math.ceil(batch.items.length / pageSize) }),
    batch_header: batchHeader(batch),
    ...(!headerOnly && { items: items.map((item) => batchItemView(item, baseUrl)) }),
    links: [link(`${baseUrl}/v1/payments/payouts/${batch.payoutBatchId}`, 'self')],
  };
}

function batchItemView(item: Item, baseUrl: string): Schemas['payout_batch_items'] {
  const { sender_batch_id: _, ...view } = itemView(item, baseUrl);
  return view;
}
