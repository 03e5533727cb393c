// What a person reads of a plan and a run: counts agree with their nouns ("1 item", "2 items") and every
// number is grouped the same way ("15,000").
import { expect, it } from 'vitest';
import { formatPlan, formatSummary } from '../../src/bulk/format.js';
import type { Plan } from '../../src/bulk/plan.js';
import type { Summary } from '../../src/bulk/report.js';

const totals = { USD: { count: 1, sum: '1200.00' } };

it('a one-item batch of a one-row run says "1 item" and "1 row"', () => {
  const plan: Plan = {
    runId: 'run-one',
    file: 'one.csv',
    sha256: '0'.repeat(64),
    batchSize: 15_000,
    rows: 1,
    invalid: 0,
    batches: [{ index: 0, senderBatchId: 'run-one-1', items: 1, totals }],
    totals,
  };
  const text = formatPlan(plan);
  expect(text).toContain('Run run-one: 1 payout in 1 batch of at most 15,000\n');
  expect(text).toContain('  batch 1  run-one-1  1 item  USD 1,200.00 (1)\n');

  const summary: Summary = { runId: 'run-one', rows: 1, batches: [], byStatus: {}, fees: {}, unclaimed: [], duplicates: [], allPaid: true };
  expect(formatSummary(summary)).toMatch(/^Run run-one: 1 row\n/);
  expect(formatSummary({ ...summary, rows: 40_000 })).toMatch(/^Run run-one: 40,000 rows\n/);
});
