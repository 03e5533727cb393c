// The run journal: an append-only file of JSON lines, each fsynced before the step it records.
// A plain file rather than SQLite: nothing to compile or download at install, and a run writes only
// a few lines per batch, so one fsync per line costs nothing.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, ftruncateSync, writeSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import type { Plan } from './plan.js';

export type JournalEntry =
  | { t: 'plan'; at: string; plan: Plan }
  /** About to send batch `batch` with this PayPal-Request-Id: written before the request leaves. */
  | { t: 'sending'; at: string; batch: number; requestId: string }
  /** PayPal holds the batch as `payoutBatchId`; `adopted` when found through DuplicateBatchError. */
  | { t: 'sent'; at: string; batch: number; payoutBatchId: string; adopted?: boolean }
  /** PayPal refused the batch and paid nothing: a later attempt may use a new request ID. */
  | { t: 'refused'; at: string; batch: number; requestId: string; error: string };

type NewEntry = JournalEntry extends infer E ? (E extends JournalEntry ? Omit<E, 'at'> : never) : never;

export interface BatchState {
  /** The PayPal-Request-Id of a send whose answer is not recorded: resend with it. */
  pendingRequestId?: string;
  payoutBatchId?: string;
}

/** A run's journal cannot be used: unreadable, locked by another run, or written for another file. */
export class JournalError extends Error {
  override readonly name = 'JournalError';
}

/** Entries of a journal file. A torn last line (a crash mid-write) is left out; `validBytes` ends before it. */
function parseJournal(path: string): { entries: JournalEntry[]; validBytes: number } {
  const text = readFileSync(path, 'utf8');
  const entries: JournalEntry[] = [];
  let offset = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    if (end === -1) break; // torn: the crash came before the newline
    try {
      entries.push(JSON.parse(text.slice(offset, end)) as JournalEntry);
    } catch {
      if (end + 1 < text.length) throw new JournalError(`${path}: line ${entries.length + 1} is not valid JSON; the journal is damaged`);
      break; // torn last line
    }
    offset = end + 1;
  }
  if (entries.length > 0 && entries[0]!.t !== 'plan') throw new JournalError(`${path} does not start with a plan; is it a run journal?`);
  return { entries, validBytes: Buffer.byteLength(text.slice(0, offset)) };
}

/** A run's state as its journal records it. */
export class RunState {
  readonly #batches: BatchState[];

  constructor(
    readonly plan: Plan,
    entries: Iterable<JournalEntry>,
  ) {
    this.#batches = plan.batches.map(() => ({}));
    for (const entry of entries) this.apply(entry);
  }

  apply(entry: JournalEntry) {
    if (entry.t === 'plan') return;
    const state = this.#batches[entry.batch];
    if (!state) throw new JournalError(`journal names batch ${entry.batch + 1}, but the plan has ${this.#batches.length}`);
    if (entry.t === 'sending') state.pendingRequestId = entry.requestId;
    if (entry.t === 'refused') delete state.pendingRequestId;
    if (entry.t === 'sent') {
      state.payoutBatchId = entry.payoutBatchId;
      delete state.pendingRequestId;
    }
  }

  batch(index: number): Readonly<BatchState> {
    return this.#batches[index]!;
  }

  /** Batches PayPal holds or may hold (a send whose answer is unknown). */
  get startedBatches(): number {
    return this.#batches.filter((state) => state.payoutBatchId || state.pendingRequestId).length;
  }

  get sentBatchIds(): string[] {
    return this.#batches.flatMap((state) => (state.payoutBatchId ? [state.payoutBatchId] : []));
  }
}

/** Reads a journal without locking or changing it, for `status` and `report` while a run may be going on. */
export function readJournal(path: string): RunState {
  if (!existsSync(path)) throw new JournalError(`no run journal at ${path}`);
  const { entries } = parseJournal(path);
  const first = entries[0];
  if (first?.t !== 'plan') throw new JournalError(`${path} holds no plan`);
  return new RunState(first.plan, entries);
}

const fsyncDirectory = (path: string) => {
  const fd = openSync(dirname(path), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/**
 * How long a lock survives its holder: a run killed with SIGKILL leaves its lock behind, and the
 * next run takes it over once it is this old (proper-lockfile's minimum). A live run refreshes it
 * every second.
 */
const LOCK_STALE_MS = 2_000;

/** An open, locked journal: the only writer of its run. */
export class Journal {
  #closed = false;
  /** Set when the lock was lost (another process took it over): stop before the next step. */
  lockLost = false;

  private constructor(
    readonly path: string,
    readonly state: RunState,
    readonly resumed: boolean,
    readonly fd: number,
    readonly release: () => Promise<void>,
  ) {}

  /**
   * Opens the journal at `path`, creating it with `plan`, or resuming it when it exists and was made
   * from the same file and batch size.
   * @throws JournalError when another process holds the run, or the journal belongs to another plan.
   */
  static async open(path: string, plan: Plan): Promise<Journal> {
    mkdirSync(dirname(path), { recursive: true });
    let release: () => Promise<void>;
    let journal: Journal | undefined;
    try {
      release = await lockfile.lock(path, {
        realpath: false,
        stale: LOCK_STALE_MS,
        update: 1_000,
        // Long enough for a dead run's lock to go stale; a live run's never does.
        retries: { retries: 10, factor: 1, minTimeout: 300, maxTimeout: 300 },
        onCompromised: () => {
          if (journal) journal.lockLost = true;
        },
      });
    } catch (error) {
      if ((error as { code?: string }).code !== 'ELOCKED') throw error;
      throw new JournalError(`run ${plan.runId} is in progress in another process (${path} is locked); wait for it to finish`);
    }
    try {
      const fd = openSync(path, 'a'); // O_APPEND: every write lands at the end
      const { entries, validBytes } = parseJournal(path);
      ftruncateSync(fd, validBytes); // drop a torn last line, so the next entry starts on a line of its own
      const first = entries[0];
      if (first?.t === 'plan') checkSamePlan(first.plan, plan, path);
      journal = new Journal(path, new RunState(first?.t === 'plan' ? first.plan : plan, entries), first !== undefined, fd, release);
      if (!first) {
        journal.append({ t: 'plan', plan });
        fsyncDirectory(path); // the new file's name must survive a power cut too
      }
      return journal;
    } catch (error) {
      await release();
      throw error;
    }
  }

  /** Appends an entry and fsyncs it: once this returns, the entry survives a crash or power cut. */
  append(entry: NewEntry): void {
    if (this.#closed) throw new JournalError('the journal is closed');
    const full = { ...entry, at: new Date().toISOString() } as JournalEntry;
    const line = Buffer.from(`${JSON.stringify(full)}\n`);
    writeSync(this.fd, line);
    fsyncSync(this.fd);
    this.state.apply(full);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.fd);
    await this.release().catch(() => {}); // a lost lock is already reported through lockLost
  }
}

function checkSamePlan(journaled: Plan, plan: Plan, path: string) {
  const differs = (what: string) =>
    new JournalError(`${path} belongs to run ${journaled.runId} of ${journaled.file} with another ${what}; pass another --run-id to start a new run`);
  if (journaled.sha256 !== plan.sha256) throw differs('file content');
  if (journaled.batchSize !== plan.batchSize) throw differs(`batch size (${journaled.batchSize})`);
}
