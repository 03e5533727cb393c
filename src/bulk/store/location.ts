// Where the file store lives: one folder per user, found whatever the current directory is.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The variable that names the store's folder (`--store` wins over it). */
export const STORE_VARIABLE = 'PAYPAL_PAYOUTS_STORE';

/** What decides where the store is: the `--store` flag, the environment, the platform and home folder. */
export interface StoreLocationInput {
  /** `--store DIR`: wins over everything else. */
  flag?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/**
 * The store's folder: `--store`, else `$PAYPAL_PAYOUTS_STORE`, else the platform's per-user state
 * folder: `$XDG_STATE_HOME/paypal-payouts` or `~/.local/state/paypal-payouts` (Linux and others, per
 * the XDG Base Directory spec), `~/Library/Application Support/paypal-payouts` (macOS),
 * `%LOCALAPPDATA%\paypal-payouts` (Windows).
 */
export function storeDir({ flag, env = process.env, platform = process.platform, home = homedir() }: StoreLocationInput = {}): string {
  if (flag) return flag;
  if (env[STORE_VARIABLE]) return env[STORE_VARIABLE];
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'paypal-payouts');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'paypal-payouts');
  return join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'paypal-payouts');
}
