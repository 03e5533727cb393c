// What the pipeline's commands share: argument parsing, and turning failures into one line and an exit code.
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';

/** Bad arguments: printed with the usage, never with a stack. */
export class UsageError extends Error {
  /** @override */
  name = 'UsageError';
}

/**
 * util.parseArgs, with its errors as UsageErrors and `--help` handled.
 * @template {import('node:util').ParseArgsConfig['options']} T
 * @param {string[]} args
 * @param {T} options
 * @param {boolean} [allowPositionals]
 */
export function parseCli(args, options, allowPositionals = false) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h', default: false } }, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(/** @type {Error} */ (error).message.split('\n')[0]);
  }
}

/**
 * Throws a UsageError unless `file` is a readable file.
 * @param {string} file
 * @param {string} what the flag or argument, for the message
 */
export async function requireFile(file, what) {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`${what}: no such file: ${file}`);
}

/**
 * Runs a command's main and exits with the code it returns. A user's error (bad usage, an invalid
 * contract) prints one line or the contract's problem list, never a stack trace.
 * @param {(args: string[]) => Promise<number>} main
 * @param {string} usage
 */
export function runCli(main, usage) {
  process.env.REDOCLY_TELEMETRY ??= 'off';
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      const name = error instanceof Error ? error.name : '';
      if (name === 'UsageError') console.error(`error: ${error.message}\n\n${usage}`);
      else if (name === 'ContractError') console.error(error.message);
      else console.error(process.env.DEBUG ? error : `error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
