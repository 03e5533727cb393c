// Splits a validated file into batches with deterministic sender_batch_ids, and re-reads it batch by
// batch when sending, checking each batch is exactly what was planned.
import { createHash } from 'node:crypto';
import type { PayoutItemRequest } from '../types.js';
import { Totals } from './money.js';
import { checkRows, type CheckedRow } from './validate.js';

/**
 * PayPal takes at most 15,000 items in one create call.
 * https://developer.paypal.com/docs/payouts/standard/integrate-api/ ("up to 15,000 payments in one API call")
 */
export const MAX_BATCH_SIZE = 15_000;

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** One batch of a plan: which rows go together, under which sender_batch_id. */
export interface PlannedBatch {
  index: number;
  /**
   * `<runId>-<index + 1>`. PayPal refuses a sender_batch_id used in the last 30 days, so the same
   * batch cannot be paid twice within that time, whatever happens to this process or its journal.
   * https://developer.paypal.com/docs/api/payments.payouts-batch/v1/#payouts_post
   */
  senderBatchId: string;
  items: number;
  /** SHA-256 of the batch's items, checked again just before sending. */
  digest: string;
  totals: ReturnType<Totals['toJSON']>;
}

/** What a run will send: its ID, its batches and the totals per currency, made before anything is sent. */
export interface Plan {
  runId: string;
  file: string;
  /** SHA-256 of the file. */
  sha256: string;
  batchSize: number;
  rows: number;
  invalid: number;
  batches: PlannedBatch[];
  totals: ReturnType<Totals['toJSON']>;
}

/** Options of {@link planFile}. */
export interface PlanOptions {
  /** Items per batch, 1 to 15,000 (default). */
  batchSize?: number;
  /** Names the run and prefixes its sender_batch_ids. Default: `run-` and 16 hex digits of the file's SHA-256. */
  runId?: string;
  /** Sees every row as it is validated: for progress and for writing rejects. */
  onRow?: (row: CheckedRow) => void;
}

export function checkPlanOptions({ batchSize = MAX_BATCH_SIZE, runId }: PlanOptions): void {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new RangeError(`batch size must be a whole number from 1 to ${MAX_BATCH_SIZE}, not ${batchSize}`);
  }
  if (runId !== undefined && !RUN_ID.test(runId)) {
    throw new RangeError(`run ID must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit: '${runId}'`);
  }
}

const itemJson = (item: PayoutItemRequest) => `${JSON.stringify(item)}\n`;

/** Reads and validates the whole file once, in bounded memory, and returns its plan. Sends nothing. */
export async function planFile(file: string, options: PlanOptions = {}): Promise<Plan> {
  checkPlanOptions(options);
  const batchSize = options.batchSize ?? MAX_BATCH_SIZE;
  const rows = checkRows(file);
  const sizes: Array<{ items: number; hash: ReturnType<typeof createHash>; totals: Totals }> = [];
  const totals = new Totals();
  let count = 0;
  let invalid = 0;
  for await (const row of rows) {
    count++;
    options.onRow?.(row);
    if (row.issues.length > 0) {
      invalid++;
      continue;
    }
    const valid = count - invalid - 1;
    if (valid % batchSize === 0) sizes.push({ items: 0, hash: createHash('sha256'), totals: new Totals() });
    const batch = sizes[sizes.length - 1]!;
    batch.items++;
    batch.hash.update(itemJson(row.item));
    batch.totals.add(row.item.amount.currency, row.item.amount.value);
    totals.add(row.item.amount.currency, row.item.amount.value);
  }
  const sha256 = rows.digest();
  const runId = options.runId ?? `run-${sha256.slice(0, 16)}`;
  return {
    runId,
    file,
    sha256,
    batchSize,
    rows: count,
    invalid,
    batches: sizes.map((batch, index) => ({
      index,
      senderBatchId: `${runId}-${index + 1}`,
      items: batch.items,
      digest: batch.hash.digest('hex'),
      totals: batch.totals.toJSON(),
    })),
    totals: totals.toJSON(),
  };
}

/** A planned batch's items, read again from the file. */
export interface BatchItems {
  batch: PlannedBatch;
  items: PayoutItemRequest[];
}

/**
 * Re-reads the file and yields each planned batch's valid items, one batch in memory at a time.
 * @throws Error when a batch differs from the plan (the file changed): nothing of it is sent.
 */
export async function* batchesOf(plan: Plan): AsyncGenerator<BatchItems> {
  let items: PayoutItemRequest[] = [];
  let hash = createHash('sha256');
  const finish = (index: number): BatchItems => {
    const batch = plan.batches[index];
    if (!batch || batch.items !== items.length || batch.digest !== hash.digest('hex')) {
      throw new Error(`${plan.file} changed since run ${plan.runId} was planned (batch ${index + 1} differs); nothing more is sent`);
    }
    const done = { batch, items };
    items = [];
    hash = createHash('sha256');
    return done;
  };
  let index = 0;
  for await (const row of checkRows(plan.file)) {
    if (row.issues.length > 0) continue;
    items.push(row.item);
    hash.update(itemJson(row.item));
    if (items.length === plan.batchSize) yield finish(index++);
  }
  if (items.length > 0) yield finish(index++);
  if (index !== plan.batches.length) throw new Error(`${plan.file} changed since run ${plan.runId} was planned (it has ${index} batches, not ${plan.batches.length})`);
}
