// Where the dashboard's runs come from: one small seam, so the pages do not care how runs are stored.
// Today's runs are journals in a runs folder; what PayPal says of one comes from runStatus, the same
// call (and the same report builder) as `paypal-payouts status` and `report`: nothing is computed twice.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { PayoutsClient } from '../client.js';
import { readJournal } from '../bulk/journal.js';
import type { Plan } from '../bulk/plan.js';
import type { Summary } from '../bulk/report.js';
import { DEFAULT_RUNS_DIR, runStatus } from '../bulk/run.js';

/** A run as its record says, without asking PayPal. */
export interface RunListing {
  runId: string;
  file: string;
  /** When the run was started (ISO time), when known. */
  startedAt: string | undefined;
  rows: number;
  invalid: number;
  totals: Plan['totals'];
  batches: number;
  /** Batches PayPal holds. */
  batchesSent: number;
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

/** The runs source holds no run by that ID. */
export class UnknownRunError extends Error {
  override readonly name = 'UnknownRunError';
}

export interface RunsSource {
  /** Where the runs are, for people. */
  readonly where: string;
  list(): RunListing[];
  /** @throws UnknownRunError when there is no such run; what the client throws when PayPal cannot be asked. */
  view(runId: string): Promise<RunView>;
}

export interface JournalRunsOptions {
  runsDir?: string;
  /** Made on first use: listing runs needs no credentials. */
  client: () => PayoutsClient;
  /** A view this recent is reused, so several tabs polling one run ask PayPal once. Default 2 s. */
  freshMs?: number;
}

const JOURNAL = '.journal';

/** The runs of a runs folder (`.paypal-payouts` by default), read from their journals. */
export function journalRuns({ runsDir = DEFAULT_RUNS_DIR, client, freshMs = 2_000 }: JournalRunsOptions): RunsSource {
  const listing = (runId: string): RunListing => {
    const path = join(runsDir, `${runId}${JOURNAL}`);
    const state = readJournal(path);
    const { plan } = state;
    return {
      runId: plan.runId,
      file: plan.file,
      startedAt: statSync(path).birthtime.toISOString(),
      rows: plan.rows,
      invalid: plan.invalid,
      totals: plan.totals,
      batches: plan.batches.length,
      batchesSent: state.sentBatchIds.length,
    };
  };
  const views = new Map<string, { at: number; view: Promise<RunView> }>();
  const look = async (runId: string): Promise<RunView> => {
    const dir = mkdtempSync(join(tmpdir(), 'paypal-payouts-dashboard-'));
    try {
      const out = join(dir, 'report.csv');
      const summary = await runStatus(runId, { client: client(), runsDir }, out);
      const csv = readFileSync(out, 'utf8');
      const rows = parse(csv, { columns: true }) as ReportRow[];
      return { listing: listing(runId), summary, rows, csv, checkedAt: new Date() };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return {
    where: runsDir,
    list() {
      return listRunIds(runsDir)
        .map(listing)
        .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
    },
    view(runId) {
      if (!listRunIds(runsDir).includes(runId)) return Promise.reject(new UnknownRunError(`No run ${runId} in ${runsDir}.`));
      const cached = views.get(runId);
      if (cached && Date.now() - cached.at < freshMs) return cached.view;
      const view = look(runId);
      views.set(runId, { at: Date.now(), view });
      view.catch(() => views.delete(runId)); // a failed look is not kept
      return view;
    },
  };
}

/** Run IDs only from the folder's own file names: a run ID from a URL never becomes a path by itself. */
function listRunIds(runsDir: string): string[] {
  try {
    return readdirSync(runsDir).filter((name) => name.endsWith(JOURNAL)).map((name) => name.slice(0, -JOURNAL.length));
  } catch {
    return []; // no runs folder yet: no runs
  }
}
