// What `paypal-payouts send|status|report --help` prints, and the exit codes it documents.

/** Exit codes, documented in --help and the README. */
export const EXIT = {
  /** Every row paid (SUCCESS); or --dry-run found the file valid. */
  allPaid: 0,
  /** Sent, but not every row is paid: some failed, are unclaimed, returned, on hold or still pending. */
  notAllPaid: 1,
  /** Nothing was sent: the file is invalid, or the command line is. */
  nothingSent: 2,
  /** The run stopped on an error (network, PayPal refusal, another run holds it): fix it and run the same command again to resume. */
  error: 3,
  /** Stopped by Ctrl-C between two steps: run the same command again to resume. */
  interrupted: 130,
} as const;

export const HELP = `Usage:
  paypal-payouts send FILE [options]     validate FILE, send it in batches, wait, reconcile, report
  paypal-payouts status RUN [options]    what PayPal says of a run now (RUN: run ID or journal path)
  paypal-payouts report RUN --out FILE   write a run's report (one row per input row) as CSV

FILE is PayPal's Payouts Web upload CSV (no header: recipient, amount, currency, customer ID, note,
wallet, Venmo social feed privacy) or a CSV whose header names the fields (receiver, amount,
currency, sender_item_id, recipient_type, note, recipient_wallet, purpose, notification_language,
social_feed_privacy).

send options:
  --run-id ID          names the run; sender_batch_ids are ID-1, ID-2, … (default: from the file's SHA-256)
  --batch-size N       items per batch, 1 to 15000 (default 15000)
  --dry-run            validate and print the plan; send nothing
  --skip-invalid       send the valid rows; write the invalid ones to --rejects
  --rejects FILE       default: RUNS_DIR/RUN.rejects.csv
  --report FILE        default: RUNS_DIR/RUN.report.csv
  --poll-interval S    first pause between status polls, in seconds (default 2; grows to 60)
  --wait-timeout S     stop waiting for PayPal after S seconds and report (default 3600)
common options:
  --runs-dir DIR       where journals and reports live (default .paypal-payouts)
  --client-id ID       default: PAYPAL_CLIENT_ID
  --client-secret S    default: PAYPAL_CLIENT_SECRET (prefer the variable: flags show in ps)
  --environment E      sandbox (default) or live
  --base-url URL       default: PAYPAL_BASE_URL, else the environment's host
  --json               one JSON object per line on stdout, for machines
  -h, --help

Run the same send command again after a crash or Ctrl-C: it resumes, and never pays a row twice.

Exit codes:
  0    every row paid (or --dry-run: the file is valid)
  1    sent, but some rows failed, are unclaimed, returned, on hold or still pending
  2    nothing sent: invalid file or command line
  3    stopped on an error; fix it and run the same command again to resume
  130  interrupted (Ctrl-C); run the same command again to resume
`;
