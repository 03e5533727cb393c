#!/usr/bin/env node
// The `paypal-payouts` command: a table of subcommands, each loaded only when it is run.

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  send: { summary: 'validate a payout file, send it in batches, wait, reconcile, report', load: async () => (await import('../bulk/cli.js')).send },
  status: { summary: "what PayPal says of a run's items now", load: async () => (await import('../bulk/cli.js')).status },
  report: { summary: "write a run's report as CSV", load: async () => (await import('../bulk/cli.js')).report },
};

const usage = () =>
  `Usage: paypal-payouts <command> [options]\n\n${Object.entries(COMMANDS)
    .map(([name, { summary }]) => `  ${name.padEnd(8)} ${summary}`)
    .join('\n')}\n\nRun paypal-payouts <command> --help for a command's options.\n`;

const [name, ...argv] = process.argv.slice(2);
const command = name === undefined ? undefined : COMMANDS[name];
if (!command) {
  const help = name === undefined || name === '--help' || name === '-h';
  (help ? process.stdout : process.stderr).write(help ? usage() : `unknown command '${name}'\n\n${usage()}`);
  process.exitCode = help ? 0 : 2;
} else {
  process.exitCode = await (await command.load())(argv);
}
