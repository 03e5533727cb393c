// Journals of earlier versions (`.paypal-payouts/<run>.journal` in the folder a run was started
// from) are imported into the store once, so their sent rows are in the ledger before anything else
// is sent from that folder.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { silentProgress, type Progress } from './progress.js';
import { batchRows } from './plan.js';
import type { NewBatch, RunStore } from './store/store.js';
import { checkRows } from './validate.js';

/** Where earlier versions kept their journals, under the folder a run was started from. */
export const LEGACY_DIR = '.paypal-payouts';

interface LegacyPlan {
  runId: string;
  file: string;
  sha256: string;
  batchSize: number;
  rows: number;
}

type LegacyEntry =
  | { t: 'plan'; at: string; plan: LegacyPlan }
  | { t: 'sending'; batch: number; requestId: string }
  | { t: 'sent'; batch: number; payoutBatchId: string }
  | { t: 'refused'; batch: number };

/** A legacy journal that cannot be imported: its rows cannot be put in the ledger. Nothing is sent. */
export class LegacyJournalError extends Error {
  override readonly name = 'LegacyJournalError';
}

/** The complete lines of a journal (a torn last line is left out, as earlier versions did). */
function entries(path: string): LegacyEntry[] {
  const text = readFileSync(path, 'utf8');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LegacyEntry);
}

const sha256Of = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Imports each journal of `dir` whose run the store does not know and which started a batch.
 * Its batches keep their sender_batch_ids (`<run>-<n>`) and request IDs, so a batch whose answer
 * was lost is resent as before. Returns the imported run IDs.
 * @throws LegacyJournalError when a journal's file is gone or changed: its sent rows cannot be known.
 */
export async function importLegacyJournals(dir: string, store: RunStore, progress: Progress = silentProgress): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const imported: string[] = [];
  for (const name of readdirSync(dir).filter((entry) => entry.endsWith('.journal'))) {
    const path = join(dir, name);
    const journal = entries(path);
    const first = journal[0];
    if (first?.t !== 'plan') {
      progress.info(`WARNING: ${path} is not a journal this version can read (no plan line); it was NOT imported, so rows it sent are not in the ledger. Check its batches with PayPal before sending its file again`, { notImported: path });
      continue;
    }
    if (await store.getRun(first.plan.runId)) continue;
    const { plan } = first;
    const state = new Map<number, { requestId?: string; payoutBatchId?: string }>();
    for (const entry of journal) {
      if (entry.t === 'plan') continue;
      const batch = state.get(entry.batch) ?? {};
      if (entry.t === 'sending') batch.requestId = entry.requestId;
      if (entry.t === 'sent') batch.payoutBatchId = entry.payoutBatchId;
      if (entry.t === 'refused') delete batch.requestId;
      state.set(entry.batch, batch);
    }
    const started = [...state].filter(([, batch]) => batch.requestId || batch.payoutBatchId);
    if (started.length === 0) continue;
    if (!existsSync(plan.file) || sha256Of(plan.file) !== plan.sha256) {
      throw new LegacyJournalError(
        `${path} (run ${plan.runId}) sent ${started.length} batches of ${plan.file}, which is gone or changed since, so its rows cannot be put in the ledger; nothing was sent. ` +
          `Restore the file as it was and run again, or check those batches with PayPal (${started.map(([, batch]) => batch.payoutBatchId ?? 'answer not recorded').join(', ')}) and move the journal out of ${dir}`,
      );
    }
    const batches: NewBatch[] = [];
    let index = 0;
    for await (const batch of batchRows(checkRows(plan.file).chunks(), plan.batchSize)) {
      if (state.get(index)?.requestId || state.get(index)?.payoutBatchId) batches.push({ senderBatchId: `${plan.runId}-${index + 1}`, items: batch.items });
      index++;
    }
    await store.openRun({ runId: plan.runId, file: plan.file, sha256: plan.sha256, rows: plan.rows, createdAt: first.at });
    const reserved = await store.reserveBatches(plan.runId, batches);
    if (!reserved.ok) throw new LegacyJournalError(`${path}: its rows are also in other runs of the store (${reserved.conflicts[0]!.runId}); check both with PayPal before sending anything`);
    for (const [number, batch] of started) {
      const senderBatchId = `${plan.runId}-${number + 1}`;
      if (batch.requestId) await store.recordSending(senderBatchId, batch.requestId);
      if (batch.payoutBatchId) await store.recordSent(senderBatchId, batch.payoutBatchId);
    }
    progress.info(`imported run ${plan.runId} (${started.length} batches) from ${path} into the store at ${store.location}; the journal is left as it was`, { imported: plan.runId });
    imported.push(plan.runId);
  }
  return imported;
}
