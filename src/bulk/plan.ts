// Splits a validated file into batches named by what they hold, for the plan printed before
// anything is sent and for the batches a run reserves.
import type { PayoutItemRequest } from '../types.js';
import { BatchIdHash } from './identity.js';
import { Totals } from './money.js';
import { RowMarks } from './row-marks.js';
import type { ReadOptions } from './rows.js';
import type { BatchItem } from './store/store.js';
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
   * From the batch's own items (identity.ts `batchId`). PayPal refuses a sender_batch_id used in
   * the last 30 days, so the same batch cannot be paid twice within that time, from anywhere.
   * https://developer.paypal.com/docs/api/payments.payouts-batch/v1/#payouts_post
   */
  senderBatchId: string;
  items: number;
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
  /** The valid rows in batches, as a new run sends them (a resumed run sends only what is left). */
  batches: PlannedBatch[];
  totals: ReturnType<Totals['toJSON']>;
}

/** Options of {@link planFile}. */
export interface PlanOptions extends ReadOptions {
  /** Items per batch, 1 to 15,000 (default). */
  batchSize?: number;
  /** Names the run in the store. Default: `run-` and 16 hex digits of the file's SHA-256. */
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

/** A batch of valid rows: its items (with their lines, when kept), how many, its ID and its totals. */
export interface RowBatch {
  senderBatchId: string;
  items: BatchItem[];
  count: number;
  totals: Totals;
}

/**
 * Groups the valid rows of `chunks` (checkRows' chunks) into batches of `batchSize`, leaving out
 * invalid rows and those `skip` names. One batch in memory at a time, or none of it unless
 * `keepItems`: its ID and totals are made as its rows pass.
 */
export async function* batchRows(chunks: AsyncIterable<CheckedRow[]>, batchSize: number, skip: (id: string) => boolean = () => false, salt = '', keepItems = true): AsyncGenerator<RowBatch> {
  let items: BatchItem[] = [];
  let count = 0;
  let hash = new BatchIdHash(salt);
  let totals = new Totals();
  const finish = (): RowBatch => {
    const batch = { senderBatchId: hash.id(), items, count, totals };
    items = [];
    count = 0;
    hash = new BatchIdHash(salt);
    totals = new Totals();
    return batch;
  };
  for await (const chunk of chunks) {
    for (const row of chunk) {
      if (row.issues.length > 0 || skip(row.item.sender_item_id!)) continue;
      const item = row.item as PayoutItemRequest;
      hash.add(item);
      totals.add(item.amount.currency, item.amount.value);
      if (keepItems) items.push({ line: row.line, item });
      if (++count === batchSize) yield finish();
    }
  }
  if (count > 0) yield finish();
}

/** Reads and validates the whole file once, in bounded memory, and returns its plan. Sends nothing. */
export async function planFile(file: string, options: PlanOptions = {}): Promise<Plan> {
  return (await planRows(file, options)).plan;
}

/** {@link planFile}, and which rows are invalid (for a later pass over the same bytes: validate.ts `recheckedRows`). */
export async function planRows(file: string, options: PlanOptions = {}): Promise<{ plan: Plan; invalidRows: RowMarks }> {
  checkPlanOptions(options);
  const batchSize = options.batchSize ?? MAX_BATCH_SIZE;
  const rows = checkRows(file, options);
  const totals = new Totals();
  const invalidRows = new RowMarks();
  let count = 0;
  let invalid = 0;
  const watched = (async function* () {
    for await (const chunk of rows.chunks()) {
      for (const row of chunk) {
        options.onRow?.(row);
        if (row.issues.length > 0) {
          invalid++;
          invalidRows.mark(count);
        } else totals.add(row.item.amount.currency, row.item.amount.value);
        count++;
      }
      yield chunk;
    }
  })();
  const batches: PlannedBatch[] = [];
  for await (const batch of batchRows(watched, batchSize, undefined, undefined, false)) {
    batches.push({ index: batches.length, senderBatchId: batch.senderBatchId, items: batch.count, totals: batch.totals.toJSON() });
  }
  const sha256 = rows.digest();
  const plan = {
    runId: options.runId ?? `run-${sha256.slice(0, 16)}`,
    file,
    sha256,
    batchSize,
    rows: count,
    invalid,
    batches,
    totals: totals.toJSON(),
  };
  return { plan, invalidRows };
}
