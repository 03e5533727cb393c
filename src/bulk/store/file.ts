// The RunStore in a folder: one append-only log of JSON lines (`ledger.jsonl`), each fsynced before
// the call that wrote it returns, and a lock file around every operation, so processes of one user
// on one machine share it safely. Memory: the whole store (every item ever sent) while it is open.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { StoreState, type StoreEvent } from './state.js';
import {
  BatchIdTakenError,
  LIVE_STATES,
  RunIdTakenError,
  StoreWriteError,
  type BatchRecord,
  type LedgerEntry,
  type NewBatch,
  type RepayPolicy,
  type ReserveResult,
  type RunRecord,
  type RunStore,
} from './store.js';

/** The system calls the store writes with; tests pass a writer that fails like a full disk. */
export interface StoreIo {
  /** Like fs.writeSync: returns how many bytes it wrote. */
  write(fd: number, data: Uint8Array): number;
  /** Flushes the file to the disk (fsync). */
  fsync(fd: number): void;
}

const systemIo: StoreIo = { write: (fd, data) => writeSync(fd, data), fsync: fsyncSync };

/** Options of {@link FileRunStore.open}. */
export interface FileStoreOptions {
  io?: StoreIo;
}

/** The store's log has a damaged line that is not the last (a torn last line is cut off): nothing is written until someone looks. */
export class StoreDamagedError extends Error {
  override readonly name = 'StoreDamagedError';
}

/** A holder on this machine whose process has ended holds nothing: its lease is void. */
function holderIsDead(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== hostname() || !pid) return false;
  if (Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * The file implementation of {@link RunStore}: a folder holding `ledger.jsonl`. Open it with
 * {@link FileRunStore.open}; `storeDir()` (location.ts) says where a user's store lives.
 */
export class FileRunStore implements RunStore {
  readonly #state = new StoreState();
  readonly #fd: number;
  readonly #io: StoreIo;
  readonly #path: string;
  /** Bytes of the log replayed into #state: the next read starts here. */
  #offset = 0;
  /** Operations of this process, one at a time (the lock file orders them against other processes). */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly location: string,
    options: FileStoreOptions,
  ) {
    mkdirSync(location, { recursive: true });
    this.#path = join(location, 'ledger.jsonl');
    this.#fd = openSync(this.#path, 'a+');
    this.#io = options.io ?? systemIo;
  }

  /** Opens (creating it if needed) the store in folder `dir`. */
  static async open(dir: string, options: FileStoreOptions = {}): Promise<FileRunStore> {
    const store = new FileRunStore(dir, options);
    await store.#locked(() => undefined);
    return store;
  }

  /** Runs `body` holding the store's lock, after reading what other processes appended. */
  #locked<T>(body: () => T): Promise<T> {
    const run = this.#queue.then(async () => {
      const release = await lockfile.lock(this.#path, {
        realpath: false,
        stale: 10_000,
        retries: { retries: 200, factor: 1, minTimeout: 50, maxTimeout: 50 },
      });
      try {
        this.#catchUp();
        return body();
      } finally {
        await release();
      }
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Replays lines appended since the last read. A torn last line (a crash mid-write) is cut off. */
  #catchUp(): void {
    const size = fstatSync(this.#fd).size;
    if (size === this.#offset) return;
    const bytes = Buffer.alloc(size - this.#offset);
    readSync(this.#fd, bytes, 0, bytes.length, this.#offset);
    let start = 0;
    for (;;) {
      const end = bytes.indexOf(0x0a, start);
      if (end === -1) break;
      const line = bytes.subarray(start, end).toString('utf8');
      let event: StoreEvent;
      try {
        event = JSON.parse(line) as StoreEvent;
      } catch {
        if (end + 1 < bytes.length) throw new StoreDamagedError(`${this.#path}: a line at byte ${this.#offset + start} is not valid JSON; the store is damaged. Keep a copy of it and nothing is sent from it until it is repaired`);
        break;
      }
      this.#state.apply(event);
      start = end + 1;
    }
    this.#offset += start;
    if (this.#offset < size) ftruncateSync(this.#fd, this.#offset); // the torn line never completed
  }

  /** Appends events and fsyncs them; applied to memory only once they are on disk. */
  #append(...events: StoreEvent[]): void {
    const data = Buffer.from(events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    let written: number;
    try {
      written = this.#io.write(this.#fd, data);
      if (written === data.length) this.#io.fsync(this.#fd);
    } catch (error) {
      ftruncateSync(this.#fd, this.#offset);
      throw new StoreWriteError(`could not write to the store at ${this.location} (${(error as Error).message}); nothing was sent after it. Free disk space, then run the same command again`, { cause: error });
    }
    if (written !== data.length) {
      ftruncateSync(this.#fd, this.#offset);
      throw new StoreWriteError(`the store at ${this.location} took ${written} of ${data.length} bytes (is the disk full?); nothing was sent after it. Free disk space, then run the same command again`);
    }
    for (const event of events) this.#state.apply(event);
    this.#offset += data.length;
  }

  openRun(run: RunRecord): Promise<RunRecord> {
    return this.#locked(() => {
      const existing = this.#state.runs.get(run.runId);
      if (existing && existing.sha256 !== run.sha256) throw new RunIdTakenError(existing);
      if (existing) return existing;
      this.#append({ t: 'run', run });
      return run;
    });
  }

  /** The run of this ID, or undefined. */
  getRun(runId: string): Promise<RunRecord | undefined> {
    return this.#locked(() => this.#state.runs.get(runId));
  }

  listRuns(): Promise<RunRecord[]> {
    return this.#locked(() => [...this.#state.runs.values()]);
  }

  batches(runId: string): Promise<BatchRecord[]> {
    return this.#locked(() => this.#state.runBatches(runId).map((batch) => ({ ...batch })));
  }

  getBatch(senderBatchId: string): Promise<BatchRecord | undefined> {
    return this.#locked(() => {
      const batch = this.#state.batches.get(senderBatchId);
      return batch && { ...batch };
    });
  }

  findItems(senderItemIds: Iterable<string>): Promise<LedgerEntry[]> {
    return this.#locked(() => this.#state.entries(senderItemIds));
  }

  findPayments(paymentKeys: Iterable<string>, since: string): Promise<LedgerEntry[]> {
    return this.#locked(() => this.#state.paymentEntries(paymentKeys, since));
  }

  reserveBatches(runId: string, batches: NewBatch[], repay?: RepayPolicy): Promise<ReserveResult> {
    return this.#locked((): ReserveResult => {
      const conflicts = this.#state.conflicts(runId, batches, repay);
      if (conflicts.length > 0) return { ok: false, conflicts };
      for (const batch of batches) {
        const existing = this.#state.batches.get(batch.senderBatchId);
        if (existing && existing.runId !== runId) throw new BatchIdTakenError(existing);
      }
      let number = this.#state.runBatches(runId).reduce((max, batch) => Math.max(max, batch.number), 0);
      // New batches, and this run's refused ones (reserved again); live ones (mismatched too) stay as they are.
      const toReserve = batches.filter((batch) => !LIVE_STATES.has(this.#state.batches.get(batch.senderBatchId)?.state ?? 'refused'));
      if (toReserve.length > 0) {
        this.#append({
          t: 'reserve',
          runId,
          at: new Date().toISOString(),
          batches: toReserve.map((batch) => ({ ...batch, number: this.#state.batches.get(batch.senderBatchId)?.number ?? ++number })),
        });
      }
      return { ok: true, batches: batches.map((batch) => ({ ...this.#state.batches.get(batch.senderBatchId)! })) };
    });
  }

  claimBatch(runId: string, holder: string, leaseMs: number): Promise<BatchRecord | undefined> {
    return this.#locked(() => {
      const now = new Date().toISOString();
      // A lease ends at its `until`: times here have millisecond resolution, and `<` held a 0 ms lease for the rest of its millisecond.
      const free = this.#state
        .runBatches(runId)
        .find((batch) => (batch.state === 'reserved' || batch.state === 'sending') && (!batch.lease || batch.lease.until <= now || holderIsDead(batch.lease.holder)));
      if (!free) return undefined;
      this.#append({ t: 'claim', senderBatchId: free.senderBatchId, holder, until: new Date(Date.now() + leaseMs).toISOString() });
      return { ...free };
    });
  }

  releaseBatch(senderBatchId: string, holder: string): Promise<void> {
    return this.#locked(() => {
      if (this.#state.batches.get(senderBatchId)?.lease?.holder === holder) this.#append({ t: 'release', senderBatchId, holder });
    });
  }

  recordSending(senderBatchId: string, requestId: string): Promise<void> {
    return this.#locked(() => this.#append({ t: 'sending', senderBatchId, requestId, at: new Date().toISOString() }));
  }

  recordSent(senderBatchId: string, payoutBatchId: string, adopted?: boolean): Promise<void> {
    return this.#locked(() => this.#append({ t: 'sent', senderBatchId, payoutBatchId, ...(adopted ? { adopted } : {}) }));
  }

  recordRefused(senderBatchId: string, error: string): Promise<void> {
    return this.#locked(() => this.#append({ t: 'refused', senderBatchId, error }));
  }

  recordMismatch(senderBatchId: string, error: string): Promise<void> {
    return this.#locked(() => this.#append({ t: 'mismatch', senderBatchId, error }));
  }

  /** Releases the store's lock and files. */
  async close(): Promise<void> {
    await this.#queue;
    closeSync(this.#fd);
  }
}
