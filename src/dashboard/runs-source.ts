// Where the dashboard's runs come from: the bulk runner's store (RunStore: a folder today, a database
// later), behind one small seam so the pages do not care. What PayPal says of a run comes from
// runStatus, the same call and report builder as `paypal-payouts status` and `report`: nothing is
// computed twice.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { PayoutsClient } from '../client.js';
import { Totals } from '../bulk/money.js';
import type { Summary } from '../bulk/report.js';
import { runStatus, UnknownRunError } from '../bulk/run.js';
import type { BatchRecord, RunStore } from '../bulk/store/store.js';

/** A run as the store records it, without asking PayPal. */
export interface RunListing {
  runId: string;
  file: string;
  /** When the run was created (ISO time). */
  startedAt: string;
  /** Rows of the file, valid or not. */
  rows: number;
  /** Count and sum per currency of the items its batches hold. */
  totals: ReturnType<Totals['toJSON']>;
  batches: number;
  /** Batches PayPal holds. */
  batchesSent: number;
  /** Where the run stands in the store, for people. */
  state: string;
}

/** One row of the run's report CSV, by column name. */
export type ReportRow = Record<string, string>;

/** A run as PayPal says it is now: the `status` summary, and the report CSV with its rows. */
export interface RunView {
  listing: RunListing;
  summary: Summary;
  rows: ReportRow[];
  csv: string;
  checkedAt: Date;
}

export interface RunsSource {
  /** Where the runs are, for people. */
  readonly where: string;
  /** Every run, newest first. */
  list(): Promise<RunListing[]>;
  /** @throws UnknownRunError when there is no such run; what the client throws when PayPal cannot be asked. */
  view(runId: string): Promise<RunView>;
}

export interface StoreRunsOptions {
  store: RunStore;
  /** Made on first use: listing runs needs no credentials. */
  client: () => PayoutsClient;
  /** A view this recent is reused, so several tabs polling one run ask PayPal once. Default 2 s. */
  freshMs?: number;
}

/** Where a run stands, from its batches' states in the store. */
function runState(batches: BatchRecord[]): string {
  const count = (state: BatchRecord['state']) => batches.filter((batch) => batch.state === state).length;
  if (count('mismatch')) return `stopped: ${count('mismatch')} batch(es) do not match what PayPal holds`;
  const sent = count('sent');
  if (sent === batches.length) return batches.length ? `sent: ${sent} of ${sent} batches` : 'nothing to send';
  const refused = count('refused') ? `, ${count('refused')} refused` : '';
  return `${sent ? 'sending' : 'not sent'}: ${sent} of ${batches.length} batches${refused}`;
}

/** The runs of a bulk runner's store. */
export function storeRuns({ store, client, freshMs = 2_000 }: StoreRunsOptions): RunsSource {
  const listing = async (runId: string): Promise<RunListing> => {
    const run = await store.getRun(runId);
    if (!run) throw new UnknownRunError(`No run ${runId} in the store at ${store.location}.`);
    const batches = await store.batches(runId);
    const totals = new Totals();
    for (const batch of batches) for (const { item } of batch.items) totals.add(item.amount.currency, item.amount.value);
    return {
      runId,
      file: run.file,
      startedAt: run.createdAt,
      rows: run.rows,
      totals: totals.toJSON(),
      batches: batches.length,
      batchesSent: batches.filter((batch) => batch.payoutBatchId).length,
      state: runState(batches),
    };
  };
  const look = async (runId: string): Promise<RunView> => {
    const dir = mkdtempSync(join(tmpdir(), 'paypal-payouts-dashboard-'));
    try {
      const out = join(dir, 'report.csv');
      const summary = await runStatus(runId, { client: client(), store }, out);
      const csv = readFileSync(out, 'utf8');
      return { listing: await listing(runId), summary, rows: parse(csv, { columns: true }) as ReportRow[], csv, checkedAt: new Date() };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const views = new Map<string, { at: number; view: Promise<RunView> }>();
  return {
    where: store.location,
    async list() {
      const runs = await Promise.all((await store.listRuns()).map((run) => listing(run.runId)));
      return runs.reverse();
    },
    view(runId) {
      const cached = views.get(runId);
      if (cached && Date.now() - cached.at < freshMs) return cached.view;
      const view = look(runId);
      views.set(runId, { at: Date.now(), view });
      view.catch(() => views.delete(runId)); // a failed look is not kept
      return view;
    },
  };
}
