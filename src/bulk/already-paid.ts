// A row the ledger holds as sent in another run is refused before anything is sent: the message
// names each such row, the run and batch that sent it, and what PayPal says of that batch now.
import type { PayoutsClient } from '../client.js';
import type { Plan } from './plan.js';
import type { LedgerEntry, NewBatch } from './store/store.js';

/** Rows are listed one by one up to this many; the error's `conflicts` holds them all. */
const SHOWN = 10;
/** PayPal is asked about at most this many distinct batches for the message. */
const LOOKED_UP = 5;

/** Rows of the file were already sent (or may have been) in another run: nothing was sent. */
export class AlreadyPaidError extends Error {
  override readonly name = 'AlreadyPaidError';
  constructor(
    message: string,
    readonly conflicts: LedgerEntry[],
  ) {
    super(message);
  }
}

/** What PayPal says of each batch now: its status, or why it could not be asked. */
async function batchStatuses(client: PayoutsClient | undefined, ids: string[]): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  if (!client) return statuses;
  for (const id of ids.slice(0, LOOKED_UP)) {
    try {
      const { batch_header: header } = await client.payouts.get(id, { fields: 'batch_header' });
      statuses.set(id, `PayPal: ${header?.batch_status ?? 'no status'}`);
    } catch (error) {
      statuses.set(id, `PayPal could not be asked: ${(error as Error).message}`);
    }
  }
  return statuses;
}

/** The line of each row of `pending`, by its identity. */
export function lineIn(pending: NewBatch[]): (senderItemId: string) => number | undefined {
  const lines = new Map(pending.flatMap((batch) => batch.items.map(({ line, item }) => [item.sender_item_id!, line] as const)));
  return (senderItemId) => lines.get(senderItemId);
}

/**
 * The error for `conflicts`, with PayPal's word on their batches when a client is given. `lineOf`
 * gives the file line of a row by its identity.
 */
export async function alreadyPaid(client: PayoutsClient | undefined, plan: Plan, lineOf: (senderItemId: string) => number | undefined, conflicts: LedgerEntry[]): Promise<AlreadyPaidError> {
  const rowOf = (entry: LedgerEntry) => entry.rowItemId ?? entry.senderItemId;
  const statuses = await batchStatuses(client, [...new Set(conflicts.flatMap((entry) => (entry.payoutBatchId ? [entry.payoutBatchId] : [])))]);
  const rows = new Set(conflicts.map(rowOf));
  const lines = conflicts.slice(0, SHOWN).map((entry) => {
    const where = entry.runId === plan.runId ? `this run's batch ${entry.batchNumber}, reserved meanwhile by another process` : `run ${entry.runId} batch ${entry.batchNumber}`;
    const paypal = entry.payoutBatchId ? `${entry.payoutBatchId}, ${statuses.get(entry.payoutBatchId) ?? 'PayPal not asked'}` : entry.state === 'sending'
        ? 'sent, answer not recorded'
        : entry.state === 'mismatch'
          ? 'PayPal holds another batch under its sender_batch_id, which may have paid it'
          : 'reserved, not sent yet';
    const same = entry.rowItemId ? ` pays the same as ${entry.senderItemId}, sent within 30 days by` : ':';
    return `  line ${lineOf(rowOf(entry)) ?? '?'} ${rowOf(entry)} ${entry.amount.currency} ${entry.amount.value} to ${entry.receiver}${same} ${where} (${entry.senderBatchId}; ${paypal}; ${entry.at})`;
  });
  if (conflicts.length > SHOWN) lines.push(`  … and ${conflicts.length - SHOWN} more`);
  const ids = [...rows].slice(0, 3).join(',');
  const runs = [...new Set(conflicts.map((entry) => entry.runId))].slice(0, 3);
  return new AlreadyPaidError(
    `${rows.size} rows of ${plan.file} were already sent in another run; nothing was sent:\n${lines.join('\n')}\n` +
      `Remove these rows from the file and send the rest (\`paypal-payouts status ${runs.join('`, `paypal-payouts status ')}\` shows what became of them). ` +
      `To pay them again on purpose: --allow-repay ${ids}${rows.size > 3 ? ',…' : ''} (or --allow-repay-all).`,
    conflicts,
  );
}

/** The loud line printed when rows are paid again on the operator's word. */
export const repayNotice = (repaid: LedgerEntry[]) =>
  `PAYING AGAIN on purpose: ${repaid.length} rows already sent in other runs (${repaid
    .slice(0, SHOWN)
    .map((entry) => `${entry.rowItemId ?? entry.senderItemId} in ${entry.runId}`)
    .join(', ')}${repaid.length > SHOWN ? ', …' : ''})`;
