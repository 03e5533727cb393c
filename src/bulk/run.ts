// A bulk run from start to end: plan, journal, send, wait, reconcile, report. `status` and `report`
// re-read a run later from its journal.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PayoutsClient } from '../client.js';
import { Journal, JournalError, readJournal, type RunState } from './journal.js';
import { checkPlanOptions, planFile, type Plan, type PlanOptions } from './plan.js';
import { silentProgress, type Progress } from './progress.js';
import { collectItems } from './reconcile.js';
import { buildReport, type Summary } from './report.js';
import { sendBatches } from './send.js';
import { checkRows, describeIssue } from './validate.js';
import { waitForBatches, type WaitOptions } from './wait.js';
import { writeCsv } from './write-csv.js';

/** Where runs keep their journals and reports, unless told otherwise: under the current directory. */
export const DEFAULT_RUNS_DIR = '.paypal-payouts';

const journalPath = (runsDir: string, runId: string) => join(runsDir, `${runId}.journal`);
const defaultReportPath = (runsDir: string, runId: string) => join(runsDir, `${runId}.report.csv`);

/** Options of {@link sendPayoutFile}. */
export interface SendFileOptions extends PlanOptions {
  /** Needed unless `dryRun`. */
  client?: PayoutsClient;
  /** Directory of journals and reports. Default `.paypal-payouts`. */
  runsDir?: string;
  /** Plan only: validate, print the plan, send nothing. */
  dryRun?: boolean;
  /** Send the valid rows and write the invalid ones to `rejectsFile`, instead of sending nothing. */
  skipInvalid?: boolean;
  /** Default `<runsDir>/<runId>.rejects.csv`. */
  rejectsFile?: string;
  /** Default `<runsDir>/<runId>.report.csv`. */
  reportFile?: string;
  wait?: Omit<WaitOptions, 'progress' | 'signal'>;
  progress?: Progress;
  /** Aborting stops the run between two steps; running again resumes it. */
  signal?: AbortSignal;
}

/** How {@link sendPayoutFile} ended: the file was invalid, only planned (`dryRun`), or sent and reconciled. */
export type SendResult =
  /** Nothing was sent: some row is invalid (without `skipInvalid`), or no row is valid. */
  | { outcome: 'invalid'; plan: Plan }
  | { outcome: 'planned'; plan: Plan; rejectsFile?: string }
  | { outcome: 'done'; plan: Plan; sentNow: number; resumed: boolean; reportFile: string; rejectsFile?: string; summary: Summary };

/**
 * Pays every row of a payout file exactly once. Validates the whole file first and sends nothing
 * when a row is invalid (unless `skipInvalid`). Safe to call again after a crash: it resumes.
 */
export async function sendPayoutFile(file: string, options: SendFileOptions): Promise<SendResult> {
  checkPlanOptions(options);
  const progress = options.progress ?? silentProgress;
  const runsDir = options.runsDir ?? DEFAULT_RUNS_DIR;
  progress.start('validating');
  const plan = await planFile(resolve(file), {
    ...options,
    onRow: (row) => {
      progress.advance('validating');
      options.onRow?.(row);
    },
  });
  progress.end('validating');
  // Nothing to send: an invalid row (unless skipped), or no valid row at all.
  if ((plan.invalid > 0 && !options.skipInvalid) || plan.batches.length === 0) return { outcome: 'invalid', plan };
  const rejectsFile = plan.invalid > 0 ? (options.rejectsFile ?? join(runsDir, `${plan.runId}.rejects.csv`)) : undefined;
  if (rejectsFile) await writeRejects(plan.file, rejectsFile);
  if (options.dryRun) return { outcome: 'planned', plan, rejectsFile };
  const { client } = options;
  if (!client) throw new TypeError('sendPayoutFile: a client is needed to send (or pass dryRun)');

  if (options.runId === undefined) refuseToRepayAnEditedFile(runsDir, plan);
  const journal = await Journal.open(journalPath(runsDir, plan.runId), plan);
  try {
    if (journal.resumed) progress.info(`resuming run ${plan.runId} from ${journal.path}`, { runId: plan.runId, journal: journal.path });
    const sentNow = await sendBatches(client, journal, { progress, signal: options.signal });
    const reportFile = options.reportFile ?? defaultReportPath(runsDir, plan.runId);
    const summary = await reconcile(client, journal.state, { ...options.wait, progress, signal: options.signal }, reportFile);
    return { outcome: 'done', plan, sentNow, resumed: journal.resumed, reportFile, rejectsFile, summary };
  } finally {
    await journal.close();
  }
}

/** Waits for the run's batches to be final, walks their items and builds the report. */
export async function reconcile(client: PayoutsClient, state: RunState, wait: WaitOptions, reportFile?: string): Promise<Summary> {
  const batchIds = state.sentBatchIds;
  const headers = await waitForBatches(client, batchIds, wait);
  const expected = state.plan.batches.reduce((sum, batch) => sum + (state.batch(batch.index).payoutBatchId ? batch.items : 0), 0);
  const found = await collectItems(client, batchIds, expected, wait.progress);
  return buildReport(state, found, headers, reportFile);
}

/** Where {@link runStatus} finds a run, and whom it asks. */
export interface RunLookup {
  client: PayoutsClient;
  runsDir?: string;
  progress?: Progress;
}

/**
 * A run's state now, as PayPal reports it: `run` is a run ID or a journal's path. Reads the journal
 * without locking it. Writes the report CSV when `out` is given.
 */
export async function runStatus(run: string, { client, runsDir = DEFAULT_RUNS_DIR, progress }: RunLookup, out?: string): Promise<Summary> {
  const path = run.endsWith('.journal') ? run : journalPath(runsDir, run);
  const state = readJournal(path);
  // One look, no waiting: items move on after batches are final, and status shows them as they are.
  return reconcile(client, state, { timeoutMs: 0, progress }, out);
}

/**
 * A run ID derived from the content changes when the file is edited, so the edited file would be a
 * new run, with new sender_batch_ids, paying again the rows an earlier run of it already sent.
 * Refused, unless the caller names the run (a deliberate new run).
 */
function refuseToRepayAnEditedFile(runsDir: string, plan: Plan): void {
  if (existsSync(journalPath(runsDir, plan.runId)) || !existsSync(runsDir)) return;
  for (const name of readdirSync(runsDir)) {
    if (!name.endsWith('.journal')) continue;
    const earlier = readJournal(join(runsDir, name));
    if (earlier.plan.file !== plan.file || earlier.startedBatches === 0) continue;
    throw new JournalError(
      `${plan.file} changed since run ${earlier.plan.runId} sent ${earlier.startedBatches} of its ${earlier.plan.batches.length} batches; ` +
        `sending it as a new run would pay those rows again. Send a file of the rows still to pay (NOT_SENT in that run's report), ` +
        `or pass --run-id to start a new run on purpose`,
    );
  }
}

/** Writes each invalid row, with its problems, to `out`. */
async function writeRejects(file: string, out: string): Promise<void> {
  const csv = writeCsv<unknown[]>(out, ['line', 'errors', 'receiver', 'amount', 'currency', 'sender_item_id']);
  for await (const row of checkRows(file)) {
    if (row.issues.length === 0) continue;
    const { item } = row;
    const errors = row.issues.map((issue) => describeIssue(row.line, issue)).join('; ');
    await csv.write([row.line, errors, item.receiver, item.amount.value, item.amount.currency, item.sender_item_id]);
  }
  await csv.end();
}
