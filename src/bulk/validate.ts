// Checks every row with the same rules as payouts.create, plus the rules across rows a batch
// check cannot see: the run is spread over several batches.
import type { ValidationIssue } from '../errors.js';
import { payoutItemIssues } from '../validation.js';
import { DERIVED_ID_PREFIX, derivedItemId, isDerivedId } from './identity.js';
import { FirstLines, type FirstLinesOptions } from './first-lines.js';
import type { RowMarks } from './row-marks.js';
import { eachRow, readRows, type ReadOptions, type Row } from './rows.js';

/** A row after validation: `issues` is empty when it can be sent. */
export type CheckedRow = Row;

/** The issues `payouts.create` would raise for this one item, with paths relative to the item (`(row)` for the item itself). */
function itemIssues(row: Row): ValidationIssue[] {
  return payoutItemIssues(row.item).map((issue) => (issue.path ? issue : { ...issue, path: '(row)' }));
}

/** The file's rows, each validated; also what validation saw, for the plan. */
export interface CheckedRows extends AsyncIterable<CheckedRow> {
  /** The same rows, a chunk of the file at a time. */
  chunks(): AsyncIterable<CheckedRow[]>;
  digest(): string;
}

/** Adds to `row.issues` what validation finds, and gives it its identity (a derived one when it names none). */
function check(row: Row, firstLines: FirstLines): void {
  const { issues } = row;
  const found = itemIssues(row);
  // A field the file already faulted (an empty receiver) is reported once.
  if (found.length > 0) issues.push(...found.filter((issue) => !row.issues.some((seen) => seen.path === issue.path)));
  const given = row.item.sender_item_id;
  // Our choice: `auto-` names derived identities only, so a file cannot pose as an ID-less row (or dodge one).
  if (given !== undefined && isDerivedId(given)) issues.push({ path: 'sender_item_id', message: `'${given}' starts with '${DERIVED_ID_PREFIX}', which the runner keeps for rows without a sender_item_id: use another ID, or leave it empty` });
  const id = (row.item.sender_item_id ??= derivedItemId(row.item));
  const first = firstLines.firstLine(id, row.line);
  if (first === undefined) return;
  if (isDerivedId(id)) issues.push({ path: 'sender_item_id', message: `is empty, and line ${first} pays the same receiver, amount and note: give each row its own sender_item_id` });
  else issues.push({ path: 'sender_item_id', message: `'${id}' is already used on line ${first}` });
}

/**
 * Streams and validates `file`. A row without a sender_item_id gets its derived identity
 * (identity.ts). An identity seen twice is an issue of the later row, naming the first. Memory: one
 * chunk of rows, and 11 to 22 bytes per distinct identity (first-lines.ts).
 */
export function checkRows(file: string, options: ReadOptions = {}, firstLinesOptions?: FirstLinesOptions): CheckedRows {
  const rows = readRows(file, options);
  async function* chunks(): AsyncGenerator<CheckedRow[]> {
    const firstLines = new FirstLines(firstLinesOptions);
    try {
      for await (const chunk of rows.chunks()) {
        for (const row of chunk) check(row, firstLines);
        yield chunk;
      }
    } finally {
      firstLines.close();
    }
  }
  return { chunks, [Symbol.asyncIterator]: () => eachRow(chunks()), digest: () => rows.digest() };
}

/** What a row found invalid by an earlier check carries when it is read again: it is not sent. */
const CHECKED_BEFORE: ValidationIssue = { path: '(row)', message: 'is invalid (found when the file was planned)' };

/**
 * `file` read again, after a check that marked its invalid rows in `invalid`: the rows are not
 * validated again, only given their identities. For passes that need which rows are valid, not why.
 * The caller must compare `digest()` with the earlier check's: only the same bytes have the same rows.
 */
export function recheckedRows(file: string, options: ReadOptions, invalid: RowMarks): CheckedRows {
  const rows = readRows(file, options);
  async function* chunks(): AsyncGenerator<CheckedRow[]> {
    let number = 0;
    for await (const chunk of rows.chunks()) {
      for (const row of chunk) {
        if (invalid.has(number++)) row.issues.push(CHECKED_BEFORE);
        else row.item.sender_item_id ??= derivedItemId(row.item);
      }
      yield chunk;
    }
  }
  return { chunks, [Symbol.asyncIterator]: () => eachRow(chunks()), digest: () => rows.digest() };
}

/** `line 12: amount.value: must be greater than 0` */
export const describeIssue = (line: number, issue: ValidationIssue) => `line ${line}: ${issue.path}: ${issue.message}`;
