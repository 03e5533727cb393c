// A bulk run from start to end: plan, check every row against the store's ledger, reserve, send,
// wait, reconcile, report. `status` and `report` re-read a run later from the store.
import { dirname, join, resolve } from 'node:path';
import type { PayoutsClient } from '../client.js';
import { alreadyPaid, lineIn, repayNotice } from './already-paid.js';
import { batchId, DERIVED_ID_WINDOW_DAYS, isDerivedId } from './identity.js';
import { LedgerFindings } from './ledger-findings.js';
import { importLegacyJournals, LEGACY_DIR } from './legacy.js';
import { batchRows, checkPlanOptions, planRows, type Plan, type PlanOptions } from './plan.js';
import type { RowMarks } from './row-marks.js';
import { silentProgress, type Progress } from './progress.js';
import { collectItems } from './reconcile.js';
import { buildReport, type RunFile, type Summary } from './report.js';
import { BatchMismatchError, mismatchAdvice, sendBatches } from './send.js';
import { isPostgresUrl } from '../postgres/url.js';
import { FileRunStore } from './store/file.js';
import { storeDir } from './store/location.js';
import { LIVE_STATES, repayAllows, RunIdTakenError, type BatchRecord, type NewBatch, type RepayPolicy, type RunStore } from './store/store.js';
import { checkRows, describeIssue, recheckedRows } from './validate.js';
import { waitForBatches, type WaitOptions } from './wait.js';
import { writeCsv } from './write-csv.js';

/** Where a run's store is: an open store, or where to open one. */
export interface StoreOptions {
  /** The store of runs and the ledger. Default: the file store in `storeDir`. */
  store?: RunStore;
  /**
   * Folder of the file store when `store` is not given, or a `postgres://` URL for the PostgreSQL store
   * (docs/fleets.md). Default: `storeDir()` (location.ts).
   */
  storeDir?: string;
  /**
   * A folder of journals of earlier versions (`.paypal-payouts`) to import into the store first.
   * The `.paypal-payouts` folder next to the payout file is looked in too.
   */
  legacyDir?: string;
}

/** Options of {@link sendPayoutFile}. */
export interface SendFileOptions extends PlanOptions, StoreOptions {
  /** Needed unless `dryRun`. */
  client?: PayoutsClient;
  /** Plan only: validate, check the ledger, print the plan, send nothing. */
  dryRun?: boolean;
  /** Send the valid rows and write the invalid ones to `rejectsFile`, instead of sending nothing. */
  skipInvalid?: boolean;
  /** Default `<store>/reports/<runId>.rejects.csv` (the current folder for a store that is not a folder). */
  rejectsFile?: string;
  /** Default `<store>/reports/<runId>.report.csv`. */
  reportFile?: string;
  /** sender_item_ids the ledger holds as sent in other runs, to pay again on purpose. */
  allowRepay?: string[];
  /** Pay again every row the ledger holds as sent in other runs. */
  allowRepayAll?: boolean;
  wait?: Omit<WaitOptions, 'progress' | 'signal'>;
  progress?: Progress;
  /** Aborting stops the run between two steps; running again resumes it. */
  signal?: AbortSignal;
}

/** How {@link sendPayoutFile} ended: the file was invalid, only planned (`dryRun`), or sent and reconciled. */
export type SendResult =
  /** Nothing was sent: some row is invalid (without `skipInvalid`), or no row is valid. */
  | { outcome: 'invalid'; plan: Plan }
  | { outcome: 'planned'; plan: Plan; rejectsFile?: string; store: string }
  | { outcome: 'done'; plan: Plan; sentNow: number; resumed: boolean; reportFile: string; rejectsFile?: string; summary: Summary; store: string }
  /**
   * The run was found again with nothing left to send: this call sent nothing; `summary` is the
   * earlier run's, as PayPal has it now, and `message` says so plainly.
   */
  | { outcome: 'already-sent'; plan: Plan; message: string; reportFile: string; rejectsFile?: string; summary: Summary; store: string };

/** An open store, the folder its reports go to by default, and whether this call must close it. */
async function openStore(options: StoreOptions, progress?: Progress, nextTo?: string): Promise<{ store: RunStore; reportsDir: string; close: () => Promise<void> }> {
  const dir = options.store ? undefined : storeDir({ flag: options.storeDir });
  const store = options.store ?? (await openStoreAt(dir!));
  const close = options.store ? async () => {} : () => store.close();
  try {
    // Earlier versions kept journals under the folder a run was started from, often the file's own:
    // both are looked in, so a run moved to another folder still finds what it sent.
    const legacy = [options.legacyDir, nextTo && join(dirname(resolve(nextTo)), LEGACY_DIR)].filter((dir): dir is string => Boolean(dir));
    const seen = new Set<string>();
    for (const dir of legacy) {
      if (seen.has(resolve(dir))) continue;
      seen.add(resolve(dir));
      await importLegacyJournals(dir, store, progress);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { store, reportsDir: dir && !isPostgresUrl(dir) ? join(dir, 'reports') : '.', close };
}

/** The file store in folder `location`, or the PostgreSQL store a postgres:// URL names (loaded only then: file-store runs never load pg). */
async function openStoreAt(location: string): Promise<RunStore> {
  if (!isPostgresUrl(location)) return FileRunStore.open(location);
  const { PostgresRunStore } = await import('../postgres/run-store.js');
  return new PostgresRunStore({ connectionString: location });
}

/** Our choice: rows with a derived identity block a repeat for 30 days (identity.ts). */
function repayPolicy(options: SendFileOptions): RepayPolicy {
  return {
    ids: new Set(options.allowRepay ?? []),
    all: options.allowRepayAll,
    windowStart: new Date(Date.now() - DERIVED_ID_WINDOW_DAYS * 86_400_000).toISOString(),
    isWindowed: isDerivedId,
  };
}

/**
 * The identities this run's live batches hold (not to be reserved again). A mismatched batch's
 * items may have been paid by the batch PayPal holds: they stay held, and the run stops, until the
 * operator allows paying them again (`allowRepay`/`allowRepayAll`); then they are sent anew.
 * @throws BatchMismatchError naming the batch and what to do.
 */
function heldInRun(runId: string, batches: BatchRecord[], repay: RepayPolicy, progress: Progress): Set<string> {
  const ids = (batch: BatchRecord) => batch.items.map(({ item }) => item.sender_item_id!);
  const held = new Set(batches.filter((batch) => LIVE_STATES.has(batch.state) && batch.state !== 'mismatch').flatMap(ids));
  for (const batch of batches.filter((record) => record.state === 'mismatch')) {
    const open = ids(batch).filter((id) => !held.has(id));
    const blocked = open.filter((id) => !repayAllows(repay, id));
    if (blocked.length > 0) {
      throw new BatchMismatchError(
        `run ${runId} stopped at batch ${batch.number}: ${batch.error ?? `PayPal holds another batch under sender_batch_id ${batch.senderBatchId}`}. ` +
          mismatchAdvice(`PayPal's batch under sender_batch_id ${batch.senderBatchId}`, blocked),
      );
    }
    if (open.length > 0) progress.info(`PAYING AGAIN on purpose: ${open.length} rows of mismatched batch ${batch.number} ${batch.senderBatchId}`, { repay: open });
  }
  return held;
}

/**
 * The file's valid rows that no live batch of this run holds yet, in batches: what this call will
 * reserve, each checked against the ledger as it is made (`findings`). Held in memory only when
 * `keep` (to reserve them); re-checked against the plan's SHA-256 so the file cannot change between
 * the plan and what is reserved.
 */
async function pendingBatches(store: RunStore, { plan, invalidRows }: { plan: Plan; invalidRows: RowMarks }, options: SendFileOptions, inRun: Set<string>, repay: RepayPolicy, keep: boolean): Promise<{ batches: NewBatch[]; findings: LedgerFindings }> {
  // Validated once, by the plan: this pass only needs which rows are valid.
  const rows = recheckedRows(plan.file, options, invalidRows);
  // Our choice: a run that may pay rows again names its batches with its run ID too, so PayPal does
  // not take them for the earlier batches of the same items.
  const salt = options.allowRepay?.length || options.allowRepayAll ? plan.runId : '';
  const batches: NewBatch[] = [];
  const findings = new LedgerFindings(store, repay.windowStart);
  for await (const batch of batchRows(rows.chunks(), plan.batchSize, (id) => inRun.has(id), salt)) {
    // A run never takes over another run's batch (one with the same items, sent or refused before):
    // this run's is named with its run ID too. Our choice; PayPal's own 30-day check on a repeated
    // sender_batch_id is then not in play, the ledger check above is.
    const taken = (await store.getBatch(batch.senderBatchId))?.runId;
    const senderBatchId = taken !== undefined && taken !== plan.runId ? batchId(batch.items.map(({ item }) => item), plan.runId) : batch.senderBatchId;
    await findings.add({ senderBatchId, items: batch.items });
    if (keep) batches.push({ senderBatchId, items: batch.items });
  }
  if (rows.digest() !== plan.sha256) throw new Error(`${plan.file} changed while it was being planned; nothing was sent. Run the same command again once nobody edits it`);
  return { batches, findings };
}

/**
 * Pays every row of a payout file exactly once, whatever folder, file name, batch size or run ID
 * it is sent with. Validates the whole file first and sends nothing when a row is invalid (unless
 * `skipInvalid`); checks every row against the store's ledger and sends nothing when a row was
 * already sent in another run (unless `allowRepay`/`allowRepayAll`). Safe to call again after a
 * crash, and from several processes at once: it resumes, sending only what is left.
 * @throws AlreadyPaidError, RunIdTakenError (nothing sent); BatchMismatchError, BatchRefusedError,
 * RunInterrupted, StoreWriteError, network errors (the run stops; see each error's message).
 */
export async function sendPayoutFile(file: string, options: SendFileOptions): Promise<SendResult> {
  checkPlanOptions(options);
  const progress = options.progress ?? silentProgress;
  progress.start('validating');
  const planned = await planRows(resolve(file), {
    ...options,
    onRow: (row) => {
      progress.advance('validating');
      options.onRow?.(row);
    },
  });
  progress.end('validating');
  const { plan } = planned;
  // Nothing to send: an invalid row (unless skipped), or no valid row at all.
  if ((plan.invalid > 0 && !options.skipInvalid) || plan.batches.length === 0) return { outcome: 'invalid', plan };
  const { store, reportsDir, close } = await openStore(options, progress, plan.file);
  try {
    const existing = await store.getRun(plan.runId);
    if (existing && existing.sha256 !== plan.sha256) throw new RunIdTakenError(existing);
    const repay = repayPolicy(options);
    const inRun = heldInRun(plan.runId, await store.batches(plan.runId), repay, progress);
    // A dry run keeps none of the rows: it only checks them.
    const { batches: pending, findings } = await pendingBatches(store, planned, options, inRun, repay, !options.dryRun);
    const { conflicts, repaid } = findings.conflicts(plan.runId, repay);
    if (conflicts.length > 0) throw await alreadyPaid(options.dryRun ? undefined : options.client, plan, (id) => findings.lineOf(id), conflicts);
    if (repaid.length > 0) progress.info(repayNotice(repaid), { repay: repaid.map((entry) => entry.senderItemId) });
    else if (options.allowRepay?.length || options.allowRepayAll) {
      // The operator's word changed nothing: say so, rather than let them think something was paid again.
      progress.info(
        `--allow-repay paid nothing again: no row left to send in run ${plan.runId} is held by another run. A run never sends its own rows twice; ` +
          `to pay rows of this run again on purpose, send them with a new --run-id and --allow-repay`,
        { repayIgnored: true },
      );
    }

    const rejectsFile = plan.invalid > 0 ? (options.rejectsFile ?? join(reportsDir, `${plan.runId}.rejects.csv`)) : undefined;
    if (rejectsFile) await writeRejects(plan.file, options, rejectsFile);
    if (options.dryRun) return { outcome: 'planned', plan, rejectsFile, store: store.location };
    const { client } = options;
    if (!client) throw new TypeError('sendPayoutFile: a client is needed to send (or pass dryRun)');

    const run = await store.openRun({
      runId: plan.runId, file: plan.file, sha256: plan.sha256, rows: plan.rows, createdAt: new Date().toISOString(),
      ...(options.encoding ? { encoding: options.encoding } : {}), ...(options.recipientType ? { recipientType: options.recipientType } : {}),
    });
    if (existing) progress.info(`resuming run ${plan.runId} from the store at ${store.location}`, { runId: plan.runId, store: store.location });
    const reserved = await store.reserveBatches(plan.runId, pending, repay);
    if (!reserved.ok) throw await alreadyPaid(client, plan, lineIn(pending), reserved.conflicts);
    const sentNow = await sendBatches(client, store, plan.runId, { progress, signal: options.signal });
    const reportFile = options.reportFile ?? join(reportsDir, `${plan.runId}.report.csv`);
    const summary = await reconcile(client, store, { run, path: plan.file }, { ...options.wait, progress, signal: options.signal }, reportFile);
    if (existing && pending.length === 0 && sentNow === 0) {
      const message =
        `already sent in run ${run.runId} on ${run.createdAt.slice(0, 10)}; nothing sent now. ` +
        `To pay this file again on purpose (next month's payments), send it with a new --run-id: rows sent in the last 30 days are still refused`;
      return { outcome: 'already-sent', plan, message, reportFile, rejectsFile, summary, store: store.location };
    }
    return { outcome: 'done', plan, sentNow, resumed: existing !== undefined, reportFile, rejectsFile, summary, store: store.location };
  } finally {
    await close();
  }
}

/** Waits for the run's batches to be final, walks their items and builds the report. */
async function reconcile(client: PayoutsClient, store: RunStore, file: RunFile, wait: WaitOptions, reportFile?: string): Promise<Summary> {
  const batches = await store.batches(file.run.runId);
  const sent = batches.filter((batch) => batch.payoutBatchId);
  const headers = await waitForBatches(client, sent.map((batch) => batch.payoutBatchId!), wait);
  const expected = sent.reduce((sum, batch) => sum + batch.items.length, 0);
  const found = await collectItems(client, sent.map((batch) => batch.payoutBatchId!), expected, wait.progress);
  return buildReport(file, batches, found, headers, reportFile);
}

/** Where {@link runStatus} finds a run, and whom it asks. */
export interface RunLookup extends StoreOptions {
  client: PayoutsClient;
  /** The run's file where it is now, when it moved since the run. Default: where it was. */
  file?: string;
  progress?: Progress;
}

/** No run of that ID in the store. */
export class UnknownRunError extends Error {
  override readonly name = 'UnknownRunError';
}

/**
 * A run's state now, as PayPal reports it. Reads the store without changing it. Writes the report
 * CSV when `out` is given (only if the run's file is unchanged).
 */
export async function runStatus(runId: string, lookup: RunLookup, out?: string): Promise<Summary> {
  const { store, close } = await openStore(lookup, lookup.progress, lookup.file);
  try {
    const run = await store.getRun(runId);
    if (!run) {
      const known = (await store.listRuns()).slice(-5).map((record) => record.runId);
      throw new UnknownRunError(`no run ${runId} in the store at ${store.location}${known.length ? `; latest runs: ${known.join(', ')}` : ''}`);
    }
    // One look, no waiting: items move on after batches are final, and status shows them as they are.
    return await reconcile(lookup.client, store, { run, path: resolve(lookup.file ?? run.file) }, { timeoutMs: 0, progress: lookup.progress }, out);
  } finally {
    await close();
  }
}

/** Writes each invalid row, with its problems, to `out`. */
async function writeRejects(file: string, options: SendFileOptions, out: string): Promise<void> {
  const csv = writeCsv<unknown[]>(out, ['line', 'errors', 'receiver', 'amount', 'currency', 'sender_item_id']);
  for await (const row of checkRows(file, options)) {
    if (row.issues.length === 0) continue;
    const { item } = row;
    const errors = row.issues.map((issue) => describeIssue(row.line, issue)).join('; ');
    await csv.write([row.line, errors, item.receiver, item.amount.value, item.amount.currency, item.sender_item_id]);
  }
  await csv.end();
}
