// Joins every input row with what PayPal says of its item: a CSV with one row per input row, and
// a summary of counts and sums per status and currency, fees, and unclaimed items.
import { renameSync, rmSync } from 'node:fs';
import type { PayoutBatchItem } from '../types.js';
import { Totals } from './money.js';
import type { ItemsFound } from './reconcile.js';
import type { BatchRecord, RunRecord } from './store/store.js';
import { checkRows, describeIssue } from './validate.js';
import type { BatchHeader } from './wait.js';
import { writeCsv } from './write-csv.js';

/**
 * PayPal returns an unclaimed payment to the sender after 30 days.
 * https://developer.paypal.com/docs/api/payments.payouts-batch/v1/#payouts-item_cancel
 * https://developer.paypal.com/payouts/use-payouts/handle-unclaimed-payouts
 */
const UNCLAIMED_RETURN_DAYS = 30;

/**
 * Statuses of rows PayPal has no item for: invalid, not sent yet, sent without a recorded answer
 * (the run was stopped mid-request: running `send` again settles it), or missing from the batch.
 */
type LocalStatus = 'REJECTED' | 'NOT_SENT' | 'UNKNOWN' | 'NOT_FOUND';

const REPORT_COLUMNS = [
  'line', 'sender_item_id', 'receiver', 'amount', 'currency', 'transaction_status',
  'payout_item_id', 'transaction_id', 'fee', 'fee_currency', 'error',
] as const;

type ReportRow = Record<(typeof REPORT_COLUMNS)[number], string | number>;


export interface UnclaimedItem {
  line: number;
  senderItemId: string;
  receiver: string;
  amount: string;
  currency: string;
  /** When PayPal returns the money if nobody claims it (ISO date), or undefined when PayPal gave no processing time. */
  returnsOn: string | undefined;
}

export interface Summary {
  runId: string;
  rows: number;
  batches: Array<{ senderBatchId: string; payoutBatchId?: string; status?: string }>;
  /** Count and sum per currency, for each transaction status (and REJECTED, NOT_SENT, UNKNOWN, NOT_FOUND). */
  byStatus: Record<string, ReturnType<Totals['toJSON']>>;
  fees: ReturnType<Totals['toJSON']>;
  unclaimed: UnclaimedItem[];
  /** sender_item_ids PayPal holds twice. Always empty unless something outside this run sent them too. */
  duplicates: string[];
  /** Every row's item is SUCCESS. */
  allPaid: boolean;
}

function returnDate(item: PayoutBatchItem): string | undefined {
  if (!item.time_processed) return undefined;
  const date = new Date(Date.parse(item.time_processed) + UNCLAIMED_RETURN_DAYS * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/** The run's file, where it is now, and how to read it. */
export interface RunFile {
  run: RunRecord;
  path: string;
}

/**
 * Reads the run's file again and joins each row with its item. Writes the CSV to `out` when given:
 * to a temporary file first, renamed to `out` only once the file is known to be the run's (its
 * SHA-256), so no report ever pairs an edited file with PayPal's statuses.
 * Memory: the items found (one entry per item) and one row at a time.
 */
export async function buildReport({ run, path }: RunFile, batches: BatchRecord[], found: ItemsFound, headers: Map<string, BatchHeader>, out?: string): Promise<Summary> {
  const partial = out ? `${out}.partial-${process.pid}` : undefined;
  const csv = partial ? writeCsv<ReportRow>(partial, REPORT_COLUMNS) : undefined;
  const batchOf = new Map<string, BatchRecord>();
  for (const batch of batches) for (const { item } of batch.items) if (batch.state !== 'refused' && batch.state !== 'mismatch') batchOf.set(item.sender_item_id!, batch);
  const byStatus = new Map<string, Totals>();
  const fees = new Totals();
  const unclaimed: UnclaimedItem[] = [];
  let rows = 0;
  let allPaid = true;
  const rowStream = checkRows(path, run);
  try {
    for await (const row of rowStream) {
      rows++;
      const { item } = row;
      const senderItemId = item.sender_item_id!;
      let status: string;
      let found_: PayoutBatchItem | undefined;
      let error = '';
      if (row.issues.length > 0) {
        status = 'REJECTED' satisfies LocalStatus;
        error = row.issues.map((issue) => describeIssue(row.line, issue)).join('; ');
      } else {
        const batch = batchOf.get(senderItemId);
        found_ = batch?.payoutBatchId ? found.bySenderItemId.get(senderItemId) : undefined;
        if (!batch?.payoutBatchId) status = batch?.state === 'sending' ? ('UNKNOWN' satisfies LocalStatus) : ('NOT_SENT' satisfies LocalStatus);
        else status = found_?.transaction_status ?? (found_ ? 'PENDING' : ('NOT_FOUND' satisfies LocalStatus));
        error = found_?.errors ? `${found_.errors.name}: ${found_.errors.message}` : '';
      }
      if (status !== 'SUCCESS') allPaid = false;
      let totals = byStatus.get(status);
      if (!totals) byStatus.set(status, (totals = new Totals()));
      if (row.issues.length === 0) totals.add(item.amount.currency, item.amount.value);
      const fee = found_?.payout_item_fee;
      if (fee) fees.add(fee.currency, fee.value);
      if (status === 'UNCLAIMED' && found_) {
        unclaimed.push({ line: row.line, senderItemId, receiver: item.receiver, amount: item.amount.value, currency: item.amount.currency, returnsOn: returnDate(found_) });
      }
      await csv?.write({
        line: row.line,
        sender_item_id: senderItemId,
        receiver: item.receiver,
        amount: item.amount.value,
        currency: item.amount.currency,
        transaction_status: status,
        payout_item_id: found_?.payout_item_id ?? '',
        transaction_id: found_?.transaction_id ?? '',
        fee: fee?.value ?? '',
        fee_currency: fee?.currency ?? '',
        error,
      });
    }
    await csv?.end();
    if (rowStream.digest() !== run.sha256) {
      throw new Error(`${path} is not the file run ${run.runId} sent (it was edited, or is another file); no report was written. Report from the file as it was sent`);
    }
    if (partial && out) renameSync(partial, out);
  } finally {
    if (partial) rmSync(partial, { force: true });
  }
  return {
    runId: run.runId,
    rows,
    batches: batches.map((batch) => {
      const status = batch.payoutBatchId ? headers.get(batch.payoutBatchId)?.batch_status : batch.state === 'sending' ? 'answer not recorded: run send again' : batch.state;
      return { senderBatchId: batch.senderBatchId, payoutBatchId: batch.payoutBatchId, status };
    }),
    byStatus: Object.fromEntries([...byStatus].map(([status, totals]) => [status, totals.toJSON()])),
    fees: fees.toJSON(),
    unclaimed,
    duplicates: found.duplicates,
    allPaid: allPaid && found.duplicates.length === 0,
  };
}
