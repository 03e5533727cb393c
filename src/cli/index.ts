#!/usr/bin/env node
// The `paypal-payouts` command: a table of subcommands, each loaded only when it runs.

interface Subcommand {
  summary: string;
  load(): Promise<{ run(args: string[]): Promise<void> }>;
}

/** The bulk runner's commands return their exit code (documented in their --help). */
const bulk = (name: 'send' | 'status' | 'report') => async () => {
  const commands = await import('../bulk/cli.js');
  return { run: async (args: string[]) => void (process.exitCode = await commands[name](args)) };
};

const SUBCOMMANDS: Record<string, Subcommand> = {
  local: { summary: 'run a local PayPal (the emulator) in the foreground', load: () => import('../testing/cli.js') },
  send: { summary: 'validate a payout file, send it in batches, wait, reconcile, report', load: bulk('send') },
  status: { summary: "what PayPal says of a run's items now", load: bulk('status') },
  report: { summary: "write a run's report as CSV", load: bulk('report') },
  dashboard: { summary: 'watch payout runs in a browser (loopback only, with a token)', load: () => import('../dashboard/cli.js') },
};

function usage(): string {
  const rows = Object.entries(SUBCOMMANDS).map(([name, { summary }]) => `  ${name.padEnd(9)} ${summary}`);
  return ['Usage: paypal-payouts <command> [options]', '', 'Commands:', ...rows, '', 'Run `paypal-payouts <command> --help` for its options.'].join('\n');
}

const [name, ...args] = process.argv.slice(2);
const subcommand = name === undefined ? undefined : SUBCOMMANDS[name];
if (!subcommand) {
  const help = name === undefined || name === '--help' || name === '-h';
  (help ? console.log : console.error)(help ? usage() : `Unknown command "${name}".\n\n${usage()}`);
  process.exitCode = help ? 0 : 2;
} else {
  subcommand
    .load()
    .then((module) => module.run(args))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
