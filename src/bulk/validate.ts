// Checks every row with the same rules as payouts.create, plus the rules across rows a batch
// check cannot see: the run is spread over several batches.
import type { ValidationIssue } from '../errors.js';
import { payoutItemIssues } from '../validation.js';
import { DERIVED_ID_PREFIX, derivedItemId, isDerivedId } from './identity.js';
import { readRows, type ReadOptions, type Row } from './rows.js';

/** A row after validation: `issues` is empty when it can be sent. */
export type CheckedRow = Row;

/** The issues `payouts.create` would raise for this one item, with paths relative to the item (`(row)` for the item itself). */
function itemIssues(row: Row): ValidationIssue[] {
  return payoutItemIssues(row.item).map((issue) => (issue.path ? issue : { ...issue, path: '(row)' }));
}

/** The file's rows, each validated; also what validation saw, for the plan. */
export interface CheckedRows extends AsyncIterable<CheckedRow> {
  digest(): string;
}

/**
 * Streams and validates `file`. A row without a sender_item_id gets its derived identity
 * (identity.ts). An identity seen twice is an issue of the later row. Memory grows with the number
 * of distinct identities only (one Map entry each).
 */
export function checkRows(file: string, options: ReadOptions = {}): CheckedRows {
  const rows = readRows(file, options);
  async function* checked(): AsyncGenerator<CheckedRow> {
    const firstLineOfId = new Map<string, number>();
    for await (const row of rows) {
      // A field the file already faulted (an empty receiver) is reported once.
      const issues = [...row.issues, ...itemIssues(row).filter((issue) => !row.issues.some((seen) => seen.path === issue.path))];
      const given = row.item.sender_item_id;
      // Our choice: `auto-` names derived identities only, so a file cannot pose as an ID-less row (or dodge one).
      if (given !== undefined && isDerivedId(given)) issues.push({ path: 'sender_item_id', message: `'${given}' starts with '${DERIVED_ID_PREFIX}', which the runner keeps for rows without a sender_item_id: use another ID, or leave it empty` });
      const id = (row.item.sender_item_id ??= derivedItemId(row.item));
      const first = firstLineOfId.get(id);
      if (first === undefined) firstLineOfId.set(id, row.line);
      else if (isDerivedId(id)) issues.push({ path: 'sender_item_id', message: `is empty, and line ${first} pays the same receiver, amount and note: give each row its own sender_item_id` });
      else issues.push({ path: 'sender_item_id', message: `'${id}' is already used on line ${first}` });
      yield { ...row, issues };
    }
  }
  return { [Symbol.asyncIterator]: checked, digest: () => rows.digest() };
}

/** `line 12: amount.value: must be greater than 0` */
export const describeIssue = (line: number, issue: ValidationIssue) => `line ${line}: ${issue.path}: ${issue.message}`;
