// One way to write the bulk CLI's CSV files (report, rejects). Their cells hold receivers and notes from
// the user's file and PayPal's error text: `escape_formulas` stops a cell like `=HYPERLINK(...)` running
// as a formula when finance opens the file in a spreadsheet.
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';

export interface CsvWriter<Row> {
  /** Resolves once the row is buffered (waits for drain when the file is slower than the rows). */
  write(row: Row): Promise<void>;
  /** Ends the file and resolves when it is fully written. */
  end(): Promise<void>;
}

/** Opens `out` (creating its folder) for CSV rows with a header of `columns`. */
export function writeCsv<Row extends Record<string, unknown> | unknown[]>(out: string, columns: readonly string[]): CsvWriter<Row> {
  mkdirSync(dirname(out), { recursive: true });
  const csv = stringify({ header: true, columns: [...columns], escape_formulas: true });
  const written = finished(csv.pipe(createWriteStream(out)));
  return {
    async write(row) {
      if (!csv.write(row)) await new Promise((resolve) => csv.once('drain', resolve));
    },
    async end() {
      csv.end();
      await written;
    },
  };
}
