// `paypal-payouts send | status | report`: the bulk runner for people and for scripts.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PayoutsClient } from '../client.js';
import type { Environment } from '../config.js';
import { formatPlan, formatSummary } from './format.js';
import { EXIT, HELP } from './help.js';
import { JournalError } from './journal.js';
import { barProgress, jsonProgress, lineProgress, type Progress } from './progress.js';
import { PayoutFileError } from './rows.js';
import { checkPlanOptions } from './plan.js';
import { runStatus, sendPayoutFile } from './run.js';
import { BatchRefusedError, RunInterrupted } from './send.js';
import { describeIssue } from './validate.js';

const COMMON = {
  'runs-dir': { type: 'string' },
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
} satisfies ParseArgsConfig['options'];

const REPORT = { ...COMMON, out: { type: 'string' } } satisfies ParseArgsConfig['options'];

class UsageError extends Error {}

export type Values = Record<string, string | boolean | undefined>;

interface Output {
  json: boolean;
  progress: Progress;
  /** The result: text for people, or an object for --json. */
  result(text: string, data: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

function output(json: boolean): Output {
  const out = (line: string) => process.stdout.write(line);
  const err = (line: string) => process.stderr.write(line);
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

/** Runs a command and turns what it throws into a message and an exit code. */
async function guard(json: boolean, resumable: boolean, body: (io: Output) => Promise<number>): Promise<number> {
  const io = output(json);
  try {
    return await body(io);
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof UsageError) {
      io.error(`${message}\n${json ? '' : 'See paypal-payouts --help.'}`.trim());
      return EXIT.nothingSent;
    }
    if (error instanceof RunInterrupted) {
      io.error(`${message}. Resume with: paypal-payouts ${process.argv.slice(2).join(' ')}`, { interrupted: true });
      return EXIT.interrupted;
    }
    if (error instanceof PayoutFileError) {
      io.error(message);
      return EXIT.nothingSent;
    }
    const known = error instanceof JournalError || error instanceof BatchRefusedError;
    const resume = resumable ? '. Nothing is lost: run the same command again to resume.' : '';
    io.error(`${known ? message : `${(error as Error).name ?? 'Error'}: ${message}`}${resume}`);
    return EXIT.error;
  }
}

/** Ctrl-C stops the run between two steps; a second Ctrl-C exits at once (the journal is safe either way). */
function interruptible(io: Output): AbortSignal {
  const controller = new AbortController();
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    io.progress.info('stopping after the current step (Ctrl-C again to quit now; the journal is safe)');
    controller.abort();
  });
  return controller.signal;
}

export function send(argv: string[]): Promise<number> {
  return guard(argv.includes('--json'), true, async (io) => {
    const { values, positionals } = parse(argv, SEND);
    if (values.help) {
      process.stdout.write(HELP);
      return EXIT.allPaid;
    }
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError('send takes one FILE');
    const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
    const runId = values['run-id'] as string | undefined;
    usage(() => checkPlanOptions({ batchSize, runId }));
    const result = await sendPayoutFile(file, {
      client: values['dry-run'] ? undefined : client(values),
      runId,
      batchSize,
      dryRun: Boolean(values['dry-run']),
      skipInvalid: Boolean(values['skip-invalid']),
      rejectsFile: values.rejects as string | undefined,
      reportFile: values.report as string | undefined,
      runsDir: values['runs-dir'] as string | undefined,
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
    const rejects = result.rejectsFile ? `Invalid rows written to ${result.rejectsFile}\n` : '';
    if (result.outcome === 'planned') {
      io.result(`${formatPlan(result.plan)}${rejects}Dry run: nothing was sent.\n`, { outcome: 'planned', plan: result.plan, rejectsFile: result.rejectsFile });
      return EXIT.allPaid;
    }
    io.result(`${rejects}${formatSummary(result.summary, result.reportFile)}`, { outcome: 'done', sentNow: result.sentNow, reportFile: result.reportFile, summary: result.summary });
    return result.summary.allPaid ? EXIT.allPaid : EXIT.notAllPaid;
  });
}

function lookup(command: 'status' | 'report') {
  return (argv: string[]) =>
    guard(argv.includes('--json'), false, async (io) => {
      const { values, positionals } = parse(argv, command === 'report' ? REPORT : COMMON);
      if (values.help) {
      process.stdout.write(HELP);
      return EXIT.allPaid;
    }
      const [run, ...extra] = positionals;
      if (!run || extra.length > 0) throw new UsageError(`${command} takes one RUN (a run ID or a journal path)`);
      const out = values.out as string | undefined;
      if (command === 'report' && !out) throw new UsageError('report needs --out FILE');
      const summary = await runStatus(run, { client: client(values), runsDir: values['runs-dir'] as string | undefined, progress: io.progress }, out);
      io.result(formatSummary(summary, out), { outcome: command, summary, reportFile: out });
      return summary.allPaid ? EXIT.allPaid : EXIT.notAllPaid;
    });
}

export const status = lookup('status');
export const report = lookup('report');
