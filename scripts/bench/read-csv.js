// The floor of `send --dry-run`: csv-parse reading the file once, streamed, records counted, nothing else.
// Usage: node read-csv.js FILE
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

let records = 0;
for await (const _record of createReadStream(process.argv[2] ?? '').pipe(parse())) records++;
process.stdout.write(String(records));
