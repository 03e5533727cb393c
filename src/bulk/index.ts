// paypal-payouts/bulk: pay a whole payout file safely, resume after a crash, reconcile every item.
/**
 * Pay a whole payout file exactly once, resume after a crash, reconcile every item ({@link sendPayoutFile}).
 * @module paypal-payouts/bulk
 */
export { sendPayoutFile, runStatus, UnknownRunError, type SendFileOptions, type SendResult, type RunLookup, type StoreOptions } from './run.js';
export { planFile, MAX_BATCH_SIZE, type Plan, type PlannedBatch, type PlanOptions } from './plan.js';
export { readRows, PayoutFileError, type Row, type ReadOptions } from './rows.js';
export { AlreadyPaidError } from './already-paid.js';
export { importLegacyJournals, LegacyJournalError, LEGACY_DIR } from './legacy.js';
export { derivedItemId, batchId, DERIVED_ID_WINDOW_DAYS } from './identity.js';
export { BatchRefusedError, BatchMismatchError, RunInterrupted } from './send.js';
export type { Summary, UnclaimedItem } from './report.js';
export { silentProgress, lineProgress, jsonProgress, barProgress, type Progress, type Phase } from './progress.js';
export {
  isConflict,
  ledgerConflicts,
  repayAllows,
  newHolder,
  BatchIdTakenError,
  LIVE_STATES,
  RunIdTakenError,
  StoreWriteError,
  type RunStore,
  type RunRecord,
  type BatchRecord,
  type BatchItem,
  type BatchState,
  type LedgerEntry,
  type Lease,
  type NewBatch,
  type RepayPolicy,
  type ReserveResult,
} from './store/store.js';
export { FileRunStore, StoreDamagedError, type FileStoreOptions, type StoreIo } from './store/file.js';
export { storeDir, STORE_VARIABLE, type StoreLocationInput } from './store/location.js';
