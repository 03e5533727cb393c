// The memory of bulk runs: every run, every batch it planned or sent, and a ledger of every item
// (row) sent, found from anywhere. One small async interface, so a file in a per-user folder
// (file.ts) and a database shared by many machines implement the same promise: a row is paid once.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { PayoutItemRequest } from '../../types.js';
import { paymentKey } from '../identity.js';

/** A run: one payout file (by content), sent under one run ID. */
export interface RunRecord {
  runId: string;
  /** The file's path when the run was created (where it was then; it may have moved since). */
  file: string;
  /** SHA-256 of the file's bytes: a run ID names one content, never another. */
  sha256: string;
  /** Rows of the file, valid or not. */
  rows: number;
  /** ISO time the run was created. */
  createdAt: string;
  /** How the file is read, when not the default (UTF-8; recipient_type EMAIL in header CSVs). */
  encoding?: string;
  recipientType?: string;
}

/**
 * Where a batch is:
 * - `reserved`: its items are held in the ledger for it; nothing sent yet.
 * - `sending`: its PayPal-Request-Id is recorded and the create may have left: resend with the same ID.
 * - `sent`: PayPal holds it as `payoutBatchId`.
 * - `refused`: PayPal refused it and paid nothing; its items are released (a re-run may send them again).
 * - `mismatch`: PayPal holds another or an unknown batch under its sender_batch_id, which may have
 *   paid these items: its items stay held (never "nothing paid"); the run stops until the operator
 *   compares PayPal's batch and allows paying them again (`RepayPolicy`).
 */
export type BatchState = 'reserved' | 'sending' | 'sent' | 'refused' | 'mismatch';

/** Batches in these states hold their items in the ledger: the items are sent, or may be. */
export const LIVE_STATES: ReadonlySet<BatchState> = new Set(['reserved', 'sending', 'sent', 'mismatch']);

/** One item of a batch: exactly what is (or will be) sent, and the file line it came from. */
export interface BatchItem {
  /** The row's line in the file (for reports and messages). */
  line: number;
  /** The item as sent; its `sender_item_id` is the row's identity (see identity.ts). */
  item: PayoutItemRequest;
}

/** A batch as the store holds it. */
export interface BatchRecord {
  runId: string;
  /** Derived from the batch's own items: unique in the store, and what PayPal deduplicates on. */
  senderBatchId: string;
  /** 1, 2, …: the order batches were reserved in, within the run. */
  number: number;
  state: BatchState;
  items: BatchItem[];
  /** Set once `state` reached `sending`: a resend uses the same ID, so PayPal answers with the original. */
  requestId?: string;
  /** When `requestId` was recorded (ISO time): PayPal remembers it for 30 days only. */
  sendingAt?: string;
  payoutBatchId?: string;
  /** Found through DuplicateBatchError and checked item by item against `items`. */
  adopted?: boolean;
  /** Why PayPal refused it, or which batch PayPal holds instead (`refused`, `mismatch`). */
  error?: string;
  /** Who may send it now, and until when (ISO time). */
  lease?: Lease;
}

/** Names this process as a lease holder: `host:pid:random` (the file store reads host and pid back). */
export const newHolder = () => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** A claim on a batch by one sending process: others leave the batch alone until it expires. */
export interface Lease {
  /** Names the process: host, process ID and a random part. */
  holder: string;
  /** ISO time after which another process may take the batch over. */
  until: string;
}

/** What the ledger knows of one item: which run and batch hold it, and in what state. */
export interface LedgerEntry {
  /** The row's identity: the `sender_item_id` sent to PayPal. */
  senderItemId: string;
  receiver: string;
  amount: { value: string; currency: string };
  runId: string;
  senderBatchId: string;
  batchNumber: number;
  state: BatchState;
  payoutBatchId?: string;
  /** ISO time the item was reserved. */
  at: string;
  /** What the item pays (identity.ts `paymentKey`: normalised receiver, amount, currency). */
  paymentKey?: string;
  /**
   * Set on a conflict found by what the item pays rather than by its identity: the planned row's
   * sender_item_id this entry stands in the way of.
   */
  rowItemId?: string;
}

/** A batch to reserve: its ID (from its items) and its items. */
export interface NewBatch {
  senderBatchId: string;
  items: BatchItem[];
}

/** Which earlier ledger entries a reservation may repeat: the operator's explicit word. */
export interface RepayPolicy {
  /** sender_item_ids that may be paid again. */
  ids?: ReadonlySet<string>;
  /** Every item may be paid again. */
  all?: boolean;
  /**
   * Entries older than this (ISO time) do not conflict for identities `isWindowed` accepts (rows
   * without a sender_item_id, whose identity is derived from their content: see identity.ts).
   * Also the start of the window in which an item of another run paying the same (receiver, amount,
   * currency: `paymentKey`) conflicts, whatever either identity; without it that check is skipped.
   */
  windowStart?: string;
  /** Which identities the window applies to (those derived from a row's content). */
  isWindowed?: (senderItemId: string) => boolean;
}

/** Whether the operator allowed paying item `senderItemId` again. */
export const repayAllows = (repay: RepayPolicy, senderItemId: string) => Boolean(repay.all || repay.ids?.has(senderItemId));

/**
 * Whether a live ledger entry stands in the way of reserving its item again for `runId`, in a
 * batch other than its own: what every store's `reserveBatches` refuses.
 */
export function isConflict(entry: LedgerEntry, runId: string, repay: RepayPolicy = {}): boolean {
  if (!LIVE_STATES.has(entry.state)) return false;
  // A mismatched batch may have paid its items: only the operator's word releases them, in any run.
  const repayable = entry.runId !== runId || entry.state === 'mismatch';
  if (repayable && repayAllows(repay, entry.senderItemId)) return false;
  return !(repay.windowStart && repay.isWindowed?.(entry.senderItemId) && entry.at < repay.windowStart);
}

/**
 * What stands in the way of reserving `batches` for `runId`, from the live entries found for their
 * identities (`byId`) and for what they pay within `repay.windowStart` (`byPayment`): the conflicts,
 * and the entries the operator's word (`repay.ids`/`repay.all`) lets through. Every store's
 * `reserveBatches` refuses exactly these conflicts.
 */
export function ledgerConflicts(runId: string, batches: NewBatch[], byId: LedgerEntry[], byPayment: LedgerEntry[], repay: RepayPolicy = {}): { conflicts: LedgerEntry[]; repaid: LedgerEntry[] } {
  const mine = new Set(batches.map((batch) => batch.senderBatchId));
  const window = { windowStart: repay.windowStart, isWindowed: repay.isWindowed };
  const conflicts: LedgerEntry[] = [];
  const repaid: LedgerEntry[] = [];
  for (const entry of byId) {
    if ((entry.runId === runId && mine.has(entry.senderBatchId)) || !isConflict(entry, runId, window)) continue;
    (isConflict(entry, runId, repay) ? conflicts : repaid).push(entry);
  }
  if (!repay.windowStart) return { conflicts, repaid };
  // Our choice: the same receiver, amount and currency paid by another run within the window is the
  // same payment until the operator says otherwise, whatever identity either row has (an ID column
  // dropped, a note fixed).
  const rowsByPayment = new Map<string, string[]>();
  for (const batch of batches) {
    for (const { item } of batch.items) {
      const key = paymentKey(item);
      const rows = rowsByPayment.get(key);
      if (rows) rows.push(item.sender_item_id!);
      else rowsByPayment.set(key, [item.sender_item_id!]);
    }
  }
  for (const entry of byPayment) {
    if (entry.runId === runId || !LIVE_STATES.has(entry.state) || entry.at < repay.windowStart) continue;
    for (const row of rowsByPayment.get(entry.paymentKey!) ?? []) {
      if (row === entry.senderItemId) continue; // found by its identity already
      const allowed = repayAllows(repay, row) || repayAllows(repay, entry.senderItemId);
      (allowed ? repaid : conflicts).push({ ...entry, rowItemId: row });
    }
  }
  return { conflicts, repaid };
}

/** What {@link RunStore.reserveBatches} answers. */
export type ReserveResult =
  /** Every batch is reserved (or was already, in this run): in the store's order. */
  | { ok: true; batches: BatchRecord[] }
  /** Nothing was reserved: these live entries of other batches hold some of the items. */
  | { ok: false; conflicts: LedgerEntry[] };

/** The run ID names a run of another file: nothing was created or changed. */
export class RunIdTakenError extends Error {
  override readonly name = 'RunIdTakenError';
  constructor(readonly existing: RunRecord) {
    super(`run ID ${existing.runId} already names a run of another file (${existing.file}, SHA-256 ${existing.sha256.slice(0, 16)}…, created ${existing.createdAt})`);
  }
}

/** A batch ID to reserve names a batch of another run: nothing was reserved. */
export class BatchIdTakenError extends Error {
  override readonly name = 'BatchIdTakenError';
  constructor(readonly existing: BatchRecord) {
    super(`sender_batch_id ${existing.senderBatchId} already names batch ${existing.number} of run ${existing.runId}; a run never takes over another run's batch`);
  }
}

/** A store write did not complete (disk full, short write, I/O error): what it recorded is not on disk. */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';
}

/**
 * Where runs and the ledger live. Every method is atomic against other processes using the same
 * store: a database implementation uses transactions and row locks; the file store a lock file.
 * A method resolves only once what it recorded is durable (fsynced, committed).
 */
export interface RunStore {
  /** For messages: where the store is (a folder, a database URL without its password). */
  readonly location: string;

  /**
   * Creates the run, or returns it when a run of the same ID and content exists.
   * @throws RunIdTakenError when the ID names a run of other content.
   */
  openRun(run: RunRecord): Promise<RunRecord>;
  /** The run of this ID, or undefined. */
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Every run, oldest first. */
  listRuns(): Promise<RunRecord[]>;
  /** The run's batches, in `number` order. */
  batches(runId: string): Promise<BatchRecord[]>;
  /** The batch of this sender_batch_id, whatever its run. */
  getBatch(senderBatchId: string): Promise<BatchRecord | undefined>;

  /** Ledger entries (of every run and state) for these identities, `paymentKey` set. */
  findItems(senderItemIds: Iterable<string>): Promise<LedgerEntry[]>;
  /**
   * Ledger entries (of every run and state) reserved at or after `since` (ISO time) whose item pays
   * one of `paymentKeys` (identity.ts `paymentKey`), `paymentKey` set. Indexed: a big file's rows
   * are looked up at once.
   */
  findPayments(paymentKeys: Iterable<string>, since: string): Promise<LedgerEntry[]>;

  /**
   * Reserves `batches` for `runId` in one step: each item is held in the ledger for its batch. A
   * batch already in this run under the same ID is kept as it is (a `refused` one is reserved
   * again; a `mismatch` one stays as it is). Fails, reserving nothing, with the conflicts of
   * {@link ledgerConflicts} (live entries of other batches holding an item, or of other runs paying
   * the same within `repay.windowStart`).
   * @throws BatchIdTakenError when a batch's ID names a batch of another run (a run never takes over
   * another run's batch: name it otherwise, identity.ts `batchId` with the run ID as salt).
   */
  reserveBatches(runId: string, batches: NewBatch[], repay?: RepayPolicy): Promise<ReserveResult>;

  /**
   * Claims the run's next batch to send (`reserved` or `sending`) whose lease is free or expired
   * (or whose holder is known dead), leasing it to `holder` for `leaseMs`. Undefined when none is free.
   */
  claimBatch(runId: string, holder: string, leaseMs: number): Promise<BatchRecord | undefined>;
  /** Gives a claimed batch back unsent (the run was interrupted). */
  releaseBatch(senderBatchId: string, holder: string): Promise<void>;

  /** The create is about to leave with `requestId`: durable before the request is made. */
  recordSending(senderBatchId: string, requestId: string): Promise<void>;
  /** PayPal holds the batch (`adopted`: found through DuplicateBatchError and checked). Ends the lease. */
  recordSent(senderBatchId: string, payoutBatchId: string, adopted?: boolean): Promise<void>;
  /** PayPal paid nothing of the batch: its items are released. Ends the lease. */
  recordRefused(senderBatchId: string, error: string): Promise<void>;
  /**
   * PayPal holds another (or an unknown) batch under this ID: its items stay held in the ledger
   * (state `mismatch` is live) until the operator allows paying them again. Ends the lease.
   */
  recordMismatch(senderBatchId: string, error: string): Promise<void>;

  /** Closes the store (its files or connections); a closed store is not used again. */
  close(): Promise<void>;
}
