// What `paypal-payouts send|status|report --help` prints, and the exit codes it documents.

/** Exit codes, documented in --help and docs/bulk.md. */
export const EXIT = {
  /** Every row paid (SUCCESS); or --dry-run found the file valid and none of its rows paid before. */
  allPaid: 0,
  /** Sent, but not every row is paid: some failed, are unclaimed, returned, on hold or still pending. */
  notAllPaid: 1,
  /** Nothing was sent: the file or the command line is invalid, a row was already sent in another run, or the run ID names another file. */
  nothingSent: 2,
  /** The run stopped on an error: its message says what to do (for most: fix it and run the same command again). */
  error: 3,
  /** Stopped by Ctrl-C: run the same command again to resume. */
  interrupted: 130,
} as const;

const FILE = `FILE is PayPal's Payouts Web upload CSV (no header: recipient, amount, currency, customer ID, note,
wallet, Venmo social feed privacy) or a CSV whose header names the fields (receiver, amount,
currency, sender_item_id, recipient_type, note, recipient_wallet, purpose, notification_language,
social_feed_privacy). UTF-8 unless --encoding says otherwise.`;

const COMMON = `common options:
  --store DIR          the store of runs and the ledger of every item sent (default: $PAYPAL_PAYOUTS_STORE,
                       else ~/.local/state/paypal-payouts, ~/Library/Application Support/paypal-payouts
                       on macOS, %LOCALAPPDATA%\\paypal-payouts on Windows); a postgres:// URL shares
                       it with every machine (docs/fleets.md)
  --client-id ID       default: PAYPAL_CLIENT_ID
  --client-secret S    default: PAYPAL_CLIENT_SECRET (prefer the variable: flags show in ps)
  --environment E      sandbox (default) or live
  --base-url URL       default: PAYPAL_BASE_URL, else the environment's host
  --json               one JSON object per line on stdout, for machines
  -h, --help`;

const EXIT_CODES = `Exit codes:
  0    every row paid (or --dry-run: the file is valid and none of its rows was paid before)
  1    sent, but some rows failed, are unclaimed, returned, on hold or still pending
  2    nothing sent: invalid file or command line, rows already sent in another run, or a run ID in use
  3    stopped on an error; its message says what to do
  130  interrupted (Ctrl-C); run the same command again to resume`;

export const SEND_HELP = `Usage: paypal-payouts send FILE [options]
Validate FILE, check every row against the ledger, send it in batches, wait, reconcile, report.

${FILE}

A row is paid once: its sender_item_id (or, without one, its receiver, amount, currency and note,
for 30 days) is its identity in the ledger. A row already sent in any run is refused, naming that
run, unless --allow-repay names it.

send options:
  --run-id ID          names the run (default: run- and 16 hex digits of the file's SHA-256)
  --batch-size N       items per batch, 1 to 15000 (default 15000); may change when resuming
  --dry-run            validate, check the ledger and print the plan; send nothing
  --skip-invalid       send the valid rows; write the invalid ones to --rejects
  --rejects FILE       default: STORE/reports/RUN.rejects.csv
  --report FILE        default: STORE/reports/RUN.report.csv
  --allow-repay IDS    pay again these sender_item_ids (comma-separated) already sent in other runs
  --allow-repay-all    pay again every row already sent in other runs (printed loudly)
  --recipient-type T   recipient_type of header-CSV rows that name none (default EMAIL)
  --encoding E         the file's encoding, such as windows-1252 (default utf-8)
  --poll-interval S    first pause between status polls, in seconds (default 2; grows to 60)
  --wait-timeout S     stop waiting for PayPal after S seconds and report (default 3600)
${COMMON}

Run the same send command again after a crash or Ctrl-C, from any folder, with any --batch-size:
it resumes, and never pays a row twice.

${EXIT_CODES}
`;

export const STATUS_HELP = `Usage: paypal-payouts status RUN [options]
What PayPal says of a run's items now. RUN is a run ID (see the store).

status options:
  --file FILE          the run's file, if it moved since the run
${COMMON}

${EXIT_CODES}
`;

export const REPORT_HELP = `Usage: paypal-payouts report RUN --out FILE [options]
Write a run's report (one row per input row, items as PayPal has them now) as CSV. Written only
when the run's file is unchanged.

report options:
  --out FILE           where to write the report (required)
  --file FILE          the run's file, if it moved since the run
${COMMON}

${EXIT_CODES}
`;
