// `paypal-payouts send | status | report`: the bulk runner for people and for scripts.
import { statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PayoutsClient } from '../client.js';
import type { Environment } from '../config.js';
import { AlreadyPaidError } from './already-paid.js';
import { formatPlan, formatSummary } from './format.js';
import { LEGACY_DIR, LegacyJournalError } from './legacy.js';
import { EXIT, REPORT_HELP, SEND_HELP, STATUS_HELP } from './help.js';
import { barProgress, jsonProgress, lineProgress, type Progress } from './progress.js';
import { PayoutFileError } from './rows.js';
import { checkPlanOptions } from './plan.js';
import { runStatus, sendPayoutFile, UnknownRunError } from './run.js';
import { BatchMismatchError, BatchRefusedError, RunInterrupted } from './send.js';
import { StoreDamagedError } from './store/file.js';
import { RunIdTakenError, StoreWriteError } from './store/store.js';
import { printable } from './terminal.js';
import { describeIssue } from './validate.js';

const COMMON = {
  store: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  environment: { type: 'string' },
  'base-url': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

const SEND = {
  ...COMMON,
  'run-id': { type: 'string' },
  'batch-size': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'skip-invalid': { type: 'boolean' },
  rejects: { type: 'string' },
  report: { type: 'string' },
  'poll-interval': { type: 'string' },
  'wait-timeout': { type: 'string' },
  'allow-repay': { type: 'string' },
  'allow-repay-all': { type: 'boolean' },
  'recipient-type': { type: 'string' },
  encoding: { type: 'string' },
} satisfies ParseArgsConfig['options'];

const STATUS = { ...COMMON, file: { type: 'string' } } satisfies ParseArgsConfig['options'];
const REPORT = { ...STATUS, out: { type: 'string' } } satisfies ParseArgsConfig['options'];

class UsageError extends Error {}

export type Values = Record<string, string | boolean | undefined>;

interface Output {
  json: boolean;
  progress: Progress;
  /** The result: text for people, or an object for --json. */
  result(text: string, data: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** Output piped into `head` and closed early: stop quietly, as other command-line tools do. */
function quietOnClosedPipe() {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
}

function output(json: boolean): Output {
  quietOnClosedPipe();
  const out = (line: string) => process.stdout.write(json ? line : printable(line));
  const err = (line: string) => process.stderr.write(printable(line));
  return {
    json,
    progress: json ? jsonProgress(out) : process.stderr.isTTY ? barProgress(process.stderr) : lineProgress(err),
    result: (text, data) => (json ? out(`${JSON.stringify({ event: 'result', ...data })}\n`) : out(text)),
    error: (message, data) => (json ? out(`${JSON.stringify({ event: 'error', message, ...data })}\n`) : err(`error: ${message}\n`)),
  };
}

function parse(argv: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Values, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function seconds(values: Values, name: string): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`--${name} must be a number of seconds, not '${text}'`);
  return value * 1000;
}

/** Runs a check of the command line; what it throws is a usage error (exit 2: nothing sent). */
function usage<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The client, from the flags and else the environment variables (the client reads those itself). */
export function client(values: Values): PayoutsClient {
  return usage(
    () =>
      new PayoutsClient({
        clientId: values['client-id'] as string | undefined,
        clientSecret: values['client-secret'] as string | undefined,
        environment: values.environment as Environment | undefined,
        baseUrl: values['base-url'] as string | undefined,
      }),
  );
}

/** Errors after which nothing was sent: exit 2, their message says what to do. */
const NOTHING_SENT = [PayoutFileError, AlreadyPaidError, RunIdTakenError, UnknownRunError, LegacyJournalError];
/** Errors whose message says what to do (running again does not always help). */
const EXPLAINED = [BatchMismatchError, StoreWriteError, StoreDamagedError];

/** Runs a command and turns what it throws into a message and an exit code. */
async function guard(json: boolean, resumable: boolean, body: (io: Output) => Promise<number>): Promise<number> {
  const io = output(json);
  try {
    return await body(io);
  } catch (error) {
    io.progress.stop?.(); // before the message, so it stays on the screen
    const message = (error as Error).message;
    if (error instanceof UsageError) {
      io.error(`${message}\n${json ? '' : 'See --help.'}`.trim());
      return EXIT.nothingSent;
    }
    if (error instanceof RunInterrupted) {
      io.error(`${message}. Resume with: paypal-payouts ${process.argv.slice(2).join(' ')}`, { interrupted: true });
      return EXIT.interrupted;
    }
    if (NOTHING_SENT.some((type) => error instanceof type)) {
      const advice = error instanceof RunIdTakenError ? '; name this run with another --run-id (rows the ledger holds as sent stay refused whatever the run ID)' : '';
      io.error(`${message}${advice}`);
      return EXIT.nothingSent;
    }
    if (EXPLAINED.some((type) => error instanceof type)) {
      io.error(message);
      return EXIT.error;
    }
    const known = error instanceof BatchRefusedError;
    const resume = resumable ? `. Nothing is lost: ${known ? 'fix that, then ' : ''}run the same command again to resume.` : '';
    io.error(`${known ? message : `${(error as Error).name ?? 'Error'}: ${message}`}${resume}`);
    return EXIT.error;
  } finally {
    io.progress.stop?.();
  }
}

/**
 * Ctrl-C stops the run between two steps; if a request is still on its way after a moment, or at a
 * second Ctrl-C, the process exits at once: the store holds every step before it is taken, so the
 * same command resumes either way.
 */
function interruptible(io: Output): AbortSignal {
  const controller = new AbortController();
  process.on('SIGINT', () => {
    const quit = () => {
      io.progress.stop?.();
      io.error(`interrupted; nothing is lost. Resume with: paypal-payouts ${process.argv.slice(2).join(' ')}`, { interrupted: true });
      process.exit(EXIT.interrupted);
    };
    if (controller.signal.aborted) quit();
    io.progress.info('stopping after the current step (Ctrl-C again to quit now; the store is safe)');
    controller.abort();
    setTimeout(quit, 1_500).unref();
  });
  return controller.signal;
}

/** FILE must be a file: a missing one or a folder is a usage error, not a stack trace. */
function checkFile(file: string) {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new UsageError(`${file}: no such file`);
  }
  if (!isFile) throw new UsageError(`${file} is a folder, not a payout file`);
}

const list = (text: string | undefined) => (text === undefined ? undefined : text.split(',').map((id) => id.trim()).filter(Boolean));

export function send(argv: string[]): Promise<number> {
  return guard(argv.includes('--json'), true, async (io) => {
    const { values, positionals } = parse(argv, SEND);
    if (values.help) {
      process.stdout.write(SEND_HELP);
      return EXIT.allPaid;
    }
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError('send takes one FILE');
    const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
    const runId = values['run-id'] as string | undefined;
    usage(() => checkPlanOptions({ batchSize, runId }));
    checkFile(file);
    const result = await sendPayoutFile(file, {
      client: values['dry-run'] ? undefined : client(values),
      runId,
      batchSize,
      dryRun: Boolean(values['dry-run']),
      skipInvalid: Boolean(values['skip-invalid']),
      rejectsFile: values.rejects as string | undefined,
      reportFile: values.report as string | undefined,
      storeDir: values.store as string | undefined,
      legacyDir: LEGACY_DIR,
      allowRepay: list(values['allow-repay'] as string | undefined),
      allowRepayAll: Boolean(values['allow-repay-all']),
      recipientType: values['recipient-type'] as string | undefined,
      encoding: values.encoding as string | undefined,
      wait: { intervalMs: seconds(values, 'poll-interval'), timeoutMs: seconds(values, 'wait-timeout') },
      progress: io.progress,
      signal: interruptible(io),
      onRow: (row) => {
        for (const issue of row.issues) {
          if (io.json) process.stdout.write(`${JSON.stringify({ event: 'invalid', line: row.line, ...issue })}\n`);
          else process.stderr.write(`${describeIssue(row.line, issue)}\n`);
        }
      },
    });
    if (result.outcome === 'invalid') {
      const why = result.plan.invalid === 0 ? `${file} has no rows` : `${result.plan.invalid} of ${result.plan.rows} rows are invalid`;
      const fix = result.plan.invalid === result.plan.rows ? '' : ' (fix them, or pass --skip-invalid)';
      io.error(`${why}; nothing was sent${fix}`, { invalid: result.plan.invalid, rows: result.plan.rows });
      return EXIT.nothingSent;
    }
    const rejects = result.rejectsFile ? `${result.plan.invalid} invalid rows left out (not sent), written to ${result.rejectsFile}\n` : '';
    if (result.outcome === 'planned') {
      io.result(`${formatPlan(result.plan)}${rejects}Dry run: nothing was sent.\n`, { outcome: 'planned', plan: result.plan, rejectsFile: result.rejectsFile });
      return EXIT.allPaid;
    }
    io.result(`${rejects}${result.outcome === 'already-sent' ? `${result.message}\n` : ''}${formatSummary(result.summary, result.reportFile)}`, {
      outcome: result.outcome, sentNow: result.outcome === 'done' ? result.sentNow : 0, reportFile: result.reportFile, rejectsFile: result.rejectsFile, invalid: result.plan.invalid, summary: result.summary,
    });
    return result.summary.allPaid ? EXIT.allPaid : EXIT.notAllPaid;
  });
}

function lookup(command: 'status' | 'report') {
  return (argv: string[]) =>
    guard(argv.includes('--json'), false, async (io) => {
      const { values, positionals } = parse(argv, command === 'report' ? REPORT : STATUS);
      if (values.help) {
        process.stdout.write(command === 'report' ? REPORT_HELP : STATUS_HELP);
        return EXIT.allPaid;
      }
      const [run, ...extra] = positionals;
      if (!run || extra.length > 0) throw new UsageError(`${command} takes one RUN (a run ID)`);
      const out = values.out as string | undefined;
      if (command === 'report' && !out) throw new UsageError('report needs --out FILE');
      const file = values.file as string | undefined;
      if (file) checkFile(file);
      const summary = await runStatus(run, { client: client(values), storeDir: values.store as string | undefined, legacyDir: LEGACY_DIR, file, progress: io.progress }, out);
      io.result(formatSummary(summary, out), { outcome: command, summary, reportFile: out });
      return summary.allPaid ? EXIT.allPaid : EXIT.notAllPaid;
    });
}

export const status = lookup('status');
export const report = lookup('report');
