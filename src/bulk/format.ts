// Plain-text renderings of a plan and a summary, for people.
import { groupThousands } from './money.js';
import type { Plan } from './plan.js';
import type { Summary } from './report.js';

/** `1 item`, `2 items`, `1,000 batches`: a count with its noun, grouped by thousands. */
export const plural = (count: number, noun: string) => `${groupThousands(count)} ${noun}${count === 1 ? '' : noun.endsWith('h') ? 'es' : 's'}`;

type TotalsJson = Plan['totals'];

const money = (totals: TotalsJson) =>
  Object.entries(totals)
    .map(([currency, { count, sum }]) => `${currency} ${groupThousands(sum)} (${groupThousands(count)})`)
    .join(' · ') || 'nothing';

export function formatPlan(plan: Plan): string {
  const valid = plan.rows - plan.invalid;
  const lines = [
    `Run ${plan.runId}: ${plural(valid, 'payout')} in ${plural(plan.batches.length, 'batch')} of at most ${groupThousands(plan.batchSize)}` +
      (plan.invalid > 0 ? ` (${plural(plan.invalid, 'invalid row')} left out)` : ''),
    ...plan.batches.map((batch) => `  batch ${batch.index + 1}  ${batch.senderBatchId}  ${plural(batch.items, 'item')}  ${money(batch.totals)}`),
    `Total: ${money(plan.totals)}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Unclaimed items listed one by one, up to this many; the report holds them all. */
const UNCLAIMED_SHOWN = 10;

export function formatSummary(summary: Summary, reportFile?: string): string {
  const lines = [`Run ${summary.runId}: ${plural(summary.rows, 'row')}`];
  for (const batch of summary.batches) {
    lines.push(`  ${batch.senderBatchId}  ${batch.payoutBatchId ?? 'not sent'}  ${batch.status ?? ''}`.trimEnd());
  }
  for (const [status, totals] of Object.entries(summary.byStatus)) lines.push(`${status.padEnd(10)} ${money(totals)}`);
  lines.push(`Fees       ${money(summary.fees)}`);
  if (summary.unclaimed.length > 0) {
    lines.push(`Unclaimed: ${plural(summary.unclaimed.length, 'item')}; PayPal returns each to you 30 days after it was processed unless it is claimed:`);
    for (const item of summary.unclaimed.slice(0, UNCLAIMED_SHOWN)) {
      lines.push(`  line ${item.line}  ${item.senderItemId}  ${item.receiver}  ${item.currency} ${item.amount}  returns on ${item.returnsOn ?? 'unknown'}`);
    }
    if (summary.unclaimed.length > UNCLAIMED_SHOWN) lines.push(`  … and ${summary.unclaimed.length - UNCLAIMED_SHOWN} more in the report`);
  }
  if (summary.duplicates.length > 0) lines.push(`PAID TWICE (sent outside this run too): ${summary.duplicates.join(', ')}`);
  if (reportFile) lines.push(`Report: ${reportFile}`);
  return `${lines.join('\n')}\n`;
}
