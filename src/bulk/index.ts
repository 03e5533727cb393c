// paypal-payouts/bulk: pay a whole payout file safely, resume after a crash, reconcile every item.
/**
 * Pay a whole payout file exactly once, resume after a crash, reconcile every item ({@link sendPayoutFile}).
 * @module paypal-payouts/bulk
 */
export { sendPayoutFile, runStatus, DEFAULT_RUNS_DIR, type SendFileOptions, type SendResult, type RunLookup } from './run.js';
export { planFile, MAX_BATCH_SIZE, type Plan, type PlannedBatch, type PlanOptions } from './plan.js';
export { readRows, PayoutFileError, type Row } from './rows.js';
export { JournalError } from './journal.js';
export { BatchRefusedError, RunInterrupted } from './send.js';
export type { Summary, UnclaimedItem } from './report.js';
export { silentProgress, lineProgress, jsonProgress, barProgress, type Progress, type Phase } from './progress.js';
