// Reads a payout file as a stream of rows, in either of the two formats users have:
// PayPal's Payouts Web upload file (no header) or a CSV whose header names the request fields.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { TextDecoder } from 'node:util';
import { Parser } from 'csv-parse';
import type { ValidationIssue } from '../errors.js';
import type { PayoutItemRequest } from '../types.js';

/** One data row of the file: its line number, the item it asks for, and problems found while reading it. */
export interface Row {
  line: number;
  item: PayoutItemRequest;
  issues: ValidationIssue[];
}

/**
 * Columns of PayPal's Payouts Web upload file, in order, no header row: recipient, amount, currency,
 * customer ID, note, wallet (PAYPAL or VENMO), Venmo social feed privacy.
 * https://developer.paypal.com/payouts/use-payouts/send-money/use-web-ui
 * https://developer.paypal.com/docs/payouts/standard/payouts-web/
 */
const WEB_COLUMNS = 7;

/** Header names accepted in a CSV with a header row, and where each goes in the item. */
const HEADER_FIELDS = new Set([
  'receiver',
  'amount',
  'currency',
  'sender_item_id',
  'recipient_type',
  'note',
  'recipient_wallet',
  'purpose',
  'notification_language',
  'social_feed_privacy',
]);

/**
 * The longest record read: a valid row is far shorter (a 4,000-character note at most), and an
 * unclosed quote would otherwise read the rest of the file into one field.
 */
const MAX_RECORD_CHARS = 64 * 1024;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[\d\s().-]{7,}$/;

/**
 * The Payouts Web file leaves the recipient type implicit: an email, a mobile number, a Venmo handle
 * (Venmo wallet only) or a PayPal payer ID. The API needs it stated.
 */
function recipientTypeOf(receiver: string, wallet: string): string {
  if (EMAIL.test(receiver)) return 'EMAIL';
  if (PHONE.test(receiver)) return 'PHONE';
  return wallet === 'VENMO' ? 'USER_HANDLE' : 'PAYPAL_ID';
}

/**
 * PayPal's upload file writes amounts in the sender's locale: "100,50" (quoted) for currencies
 * written with a decimal comma (same pages as WEB_COLUMNS). The API wants "100.50".
 */
const normaliseAmount = (amount: string) => (/^\d+,\d+$/.test(amount) ? amount.replace(',', '.') : amount);

const blankToUndefined = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

function fromWebColumns(cells: string[]): { item: PayoutItemRequest; issues: ValidationIssue[] } {
  const receiver = blankToUndefined(cells[0]) ?? '';
  const customerId = blankToUndefined(cells[3]);
  const note = blankToUndefined(cells[4]);
  const recipientWallet = (blankToUndefined(cells[5]) ?? 'PAYPAL').toUpperCase();
  const privacy = blankToUndefined(cells[6]);
  // Keys in this order, those without a value left out: the item's JSON names its batch (identity.ts).
  const item = {
    receiver,
    amount: { value: normaliseAmount(blankToUndefined(cells[1]) ?? ''), currency: (blankToUndefined(cells[2]) ?? '').toUpperCase() }, // codes are case-insensitive in the upload file
    recipient_type: recipientTypeOf(receiver, recipientWallet),
    recipient_wallet: recipientWallet,
  } as PayoutItemRequest;
  if (customerId !== undefined) item.sender_item_id = customerId;
  if (note !== undefined) item.note = note;
  if (privacy) item.application_context = { social_feed_privacy: privacy.toUpperCase() } as PayoutItemRequest['application_context'];
  const issues =
    cells.length > WEB_COLUMNS ? [{ path: '(row)', message: `has ${cells.length} columns; the Payouts Web format has at most ${WEB_COLUMNS}` }] : [];
  return { item, issues };
}

/** csv-parse counts the line a record ends on; a quoted field may hold line breaks, so step back over them. */
function startLine(endLine: number, record: string[]): number {
  let breaks = 0;
  for (const cell of record) if (cell.includes('\n')) breaks += cell.split('\n').length - 1;
  return endLine - breaks;
}

/** Where each named field is in a header CSV's rows: read once from the header, used for every row. */
type HeaderIndex = ReadonlyMap<string, number>;

function fromHeaderColumns(header: HeaderIndex, cells: string[], recipientType: string): { item: PayoutItemRequest; issues: ValidationIssue[] } {
  const field = (name: string) => {
    const index = header.get(name);
    return index === undefined ? undefined : blankToUndefined(cells[index]);
  };
  // Keys in this order, those without a value left out: the item's JSON names its batch (identity.ts).
  const item: Record<string, unknown> = { receiver: field('receiver') ?? '', amount: { value: field('amount') ?? '', currency: field('currency') ?? '' } };
  for (const [key, value] of [
    ['sender_item_id', field('sender_item_id')],
    ['recipient_type', field('recipient_type') ?? recipientType],
    ['note', field('note')],
    ['recipient_wallet', field('recipient_wallet')],
    ['purpose', field('purpose')],
    ['notification_language', field('notification_language')],
  ] as const) {
    if (value !== undefined) item[key] = value;
  }
  const privacy = field('social_feed_privacy');
  if (privacy) item.application_context = { social_feed_privacy: privacy };
  const issues =
    cells.length > header.size ? [{ path: '(row)', message: `has ${cells.length} columns; the header names ${header.size}` }] : [];
  return { item: item as unknown as PayoutItemRequest, issues };
}

/** One row at a time, from chunks of rows. */
export async function* eachRow<T>(chunks: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const chunk of chunks) yield* chunk;
}

/** A problem with the file as a whole, such as an unknown header column: nothing in it can be trusted. */
export class PayoutFileError extends Error {
  override readonly name = 'PayoutFileError';
}

/** The file's rows, streamed; `digest()` is the SHA-256 of every byte read, once the rows are exhausted. */
export interface RowStream extends AsyncIterable<Row> {
  /** The same rows, a chunk of the file at a time: one await per chunk, not per row. */
  chunks(): AsyncIterable<Row[]>;
  digest(): string;
}

/** How to read a payout file: its encoding, and the recipient type of rows that name none. */
export interface ReadOptions {
  /** The file's text encoding, as TextDecoder names it. Default utf-8: bytes that are not UTF-8 are refused. */
  encoding?: string;
  /** recipient_type of header-CSV rows that name none. Default EMAIL. */
  recipientType?: string;
}

/**
 * Decodes bytes to text, refusing bytes that are not valid in `encoding` with the line they are on
 * (a Windows-1252 export read as UTF-8 would change receivers and notes without a word).
 */
function decoder(file: string, encoding: string): Transform {
  let text: TextDecoder;
  try {
    text = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new PayoutFileError(`unknown encoding '${encoding}'; use a name such as utf-8, windows-1252 or utf-16le`);
  }
  let line = 1;
  const decode = (chunk?: Buffer) => {
    try {
      const decoded = chunk ? text.decode(chunk, { stream: true }) : text.decode();
      for (let at = decoded.indexOf('\n'); at !== -1; at = decoded.indexOf('\n', at + 1)) line++;
      return decoded;
    } catch {
      const lenient = chunk ? Buffer.from(chunk).toString('utf8') : '';
      const bad = line + (lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD'))).split('\n').length - 1);
      throw new PayoutFileError(`${file}: line ${bad} is not valid ${encoding}; save the file as UTF-8, or name its encoding (--encoding windows-1252)`);
    }
  };
  return new Transform({
    decodeStrings: true,
    transform(chunk: Buffer, _encoding, done) {
      try {
        done(null, decode(chunk));
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        done(null, decode());
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/** Cells after the last non-empty one: a trailing comma adds an empty cell that means nothing. */
const withoutTrailingBlanks = (record: string[]) => {
  let end = record.length;
  while (end > 0 && record[end - 1] === '') end--;
  return end === record.length ? record : record.slice(0, end);
};

/**
 * A spreadsheet's number with thousands separators: 1,000 and 1,000.50 (also with ' or a space),
 * 1.000,50 and 1.000.000. A lone dot with three digits (10.001) is left to validation: too many decimals.
 */
const THOUSANDS = /^\d{1,3}([,' ])\d{3}(\1\d{3})*(\.\d{1,2})?$|^\d{1,3}(\.\d{3})+,\d{1,2}$|^\d{1,3}(\.\d{3}){2,}$/;

/**
 * Files a spreadsheet exported in a locale the format does not take: one message for the file, not
 * one per row.
 */
function refuseLocaleExport(record: string[], header: HeaderIndex | undefined, line: number): void {
  if (line <= 1 && record.length === 1 && (record[0]!.match(/;/g)?.length ?? 0) >= 2) {
    throw new PayoutFileError(`line ${line} is separated by semicolons ('${record[0]}'): export the file as comma-separated CSV (or replace ';' with ',')`);
  }
  const amountAt = header ? header.get('amount') : 1;
  const amount = amountAt === undefined ? undefined : record[amountAt];
  // Unquoted 1,000.00 in the Payouts Web format splits into the cells "1" and "000.00".
  const split = !header && /^\d{1,3}$/.test(record[1] ?? '') && /^\d{3}([.,]\d+)?$/.test(record[2] ?? '');
  if (split || (amount !== undefined && THOUSANDS.test(amount))) {
    const value = split ? `${record[1]},${record[2]}` : amount;
    throw new PayoutFileError(`line ${line}: amount '${value}' has a thousands separator; write amounts without one (1000.50, or "1000,50" quoted in the Payouts Web format) and export the file again`);
  }
}

function readHeader(record: string[], lines: number): HeaderIndex {
  const header = record.map((cell) => cell.toLowerCase());
  const unknown = header.filter((name) => !HEADER_FIELDS.has(name));
  if (unknown.length > 0) {
    throw new PayoutFileError(`line ${lines}: unknown column ${unknown.map((n) => `'${n}'`).join(', ')}; known: ${[...HEADER_FIELDS].join(', ')}`);
  }
  const twice = header.find((name, index) => header.indexOf(name) !== index);
  if (twice) throw new PayoutFileError(`line ${lines}: the header names '${twice}' twice; which one is meant cannot be known: keep one`);
  return new Map(header.map((name, index) => [name, index]));
}

/** A record and the count of lines read when it ended. */
interface NumberedRecord {
  cells: string[];
  lines: number;
}

/**
 * csv-parse's Parser, passing on the records of each chunk of text as one array, each with the line
 * count it ended on. csv-parse pushes a record as it ends, while its live `info` holds that count:
 * read it then (the `info` option copies all of `info` for every record, a large part of reading).
 */
class NumberedParser extends Parser {
  #records: NumberedRecord[] = [];

  override push(record: unknown, encoding?: BufferEncoding): boolean {
    if (record === null) {
      this.#pass();
      return super.push(null, encoding);
    }
    this.#records.push({ cells: record as string[], lines: this.info.lines });
    return true;
  }

  override _transform(chunk: Buffer, encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    super._transform(chunk, encoding, (error?: Error | null) => {
      this.#pass();
      done(error);
    });
  }

  override _flush(done: (error?: Error | null) => void): void {
    super._flush((error?: Error | null) => {
      this.#pass();
      done(error);
    });
  }

  #pass(): void {
    if (this.#records.length === 0) return;
    super.push(this.#records);
    this.#records = [];
  }
}

/**
 * Streams `file`'s rows with csv-parse, holding one chunk at a time. A first row naming `receiver`
 * is a header row; otherwise the file is in the Payouts Web format. Lines may end in CRLF, LF or
 * CR, mixed: each ends a row (one file, one meaning, whatever editor touched it last).
 * @throws PayoutFileError for a header naming an unknown column or one twice, bytes that are not
 * text in the encoding, a spreadsheet export with semicolons or thousands separators, or CSV that
 * cannot be parsed.
 */
export function readRows(file: string, options: ReadOptions = {}): RowStream {
  const hash = createHash('sha256');
  let digest: string | undefined;
  async function* chunks(): AsyncGenerator<Row[]> {
    const source = createReadStream(file);
    source.on('data', (chunk) => hash.update(chunk));
    const text = decoder(file, options.encoding ?? 'utf-8');
    source.on('error', (error) => text.destroy(error));
    const parser = source.pipe(text).pipe(
      new NumberedParser({
        bom: true,
        trim: true,
        skip_empty_lines: true,
        relax_column_count: true,
        max_record_size: MAX_RECORD_CHARS,
        record_delimiter: ['\r\n', '\n', '\r'],
      }),
    );
    text.on('error', (error) => parser.destroy(error));
    const recipientType = options.recipientType ?? 'EMAIL';
    let header: HeaderIndex | undefined;
    let first = true;
    try {
      for await (const records of parser as AsyncIterable<NumberedRecord[]>) {
        const rows: Row[] = [];
        let refused: unknown;
        for (const { cells, lines } of records) {
          const record = withoutTrailingBlanks(cells);
          try {
            if (first) {
              first = false;
              if (record.some((cell) => cell.toLowerCase() === 'receiver')) {
                header = readHeader(record, lines);
                continue;
              }
            }
            refuseLocaleExport(record, header, lines);
          } catch (error) {
            refused = error;
            break;
          }
          const { item, issues } = header ? fromHeaderColumns(header, record, recipientType) : fromWebColumns(record);
          // The schema lets an empty receiver through; both formats require one.
          if (item.receiver === '') issues.push({ path: 'receiver', message: 'is required' });
          rows.push({ line: startLine(lines, record), item, issues });
        }
        // The rows before a refused one are passed on first, as they were read.
        if (rows.length > 0) yield rows;
        if (refused) throw refused;
      }
    } catch (error) {
      if (error instanceof PayoutFileError) throw error;
      throw new PayoutFileError(`${file}: ${(error as Error).message}`, { cause: error });
    } finally {
      source.destroy();
    }
    digest = hash.digest('hex');
  }
  return {
    chunks,
    [Symbol.asyncIterator]: () => eachRow(chunks()),
    digest() {
      if (digest === undefined) throw new Error('the file has not been read to the end');
      return digest;
    },
  };
}
