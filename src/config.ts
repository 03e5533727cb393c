// Client options, their defaults, and the checks that make a bad configuration fail at construction.
import type { Logger, Settings } from './request.js';
import { basicCredentials, type TokenStore } from './auth.js';
import { hideUserinfo } from './redaction.js';
import { DEFAULT_RETRY } from './retry.js';

/** PayPal's API hosts. */
export const ENVIRONMENTS = {
  sandbox: 'https://api-m.sandbox.paypal.com',
  live: 'https://api-m.paypal.com',
} as const;

/** Which PayPal to call: `'sandbox'` (the default) or `'live'`, each one of {@link ENVIRONMENTS}. */
export type Environment = keyof typeof ENVIRONMENTS;

/** Options of {@link PayoutsClient}; explicit options beat environment variables. */
export interface ClientOptions {
  /** The app's client ID. Defaults to the PAYPAL_CLIENT_ID environment variable. */
  clientId?: string | undefined;
  /** The app's secret. Defaults to PAYPAL_CLIENT_SECRET. Never logged, never in an error. */
  clientSecret?: string | undefined;
  /**
   * `sandbox` (default) or `live`. Passing it while PAYPAL_BASE_URL is set throws, unless `baseUrl` is
   * passed too: a leftover mock URL must not silently decide where live payouts go.
   */
  environment?: Environment | undefined;
  /**
   * Overrides `environment`, for a proxy, Prism or a local server. https, or http on loopback only; no
   * username, password, query or fragment. Defaults to PAYPAL_BASE_URL when `environment` is not passed.
   */
  baseUrl?: string | undefined;
  /** Per-attempt timeout in milliseconds, up to 2^31 - 1. Default 60,000. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number | undefined;
  /**
   * Largest response body read, in bytes. Past it the connection is dropped and the call fails with a
   * ResponseTooLargeError. Default 16 MiB, far above PayPal's largest answer (a page of 1,000 items).
   */
  maxResponseBytes?: number | undefined;
  /** fetch implementation. Default: the global fetch. */
  fetch?: typeof fetch | undefined;
  /** Sees each attempt: method, path, status, attempt, duration, request ID. Never headers or tokens. */
  logger?: Logger | undefined;
  /**
   * Shares the access token with every process using the same store and credentials: one token request
   * for a fleet, and one refresh at a time (see `createPostgresTokenStore` in `paypal-payouts/postgres`).
   * Default: each client keeps its own token in memory.
   */
  tokenStore?: TokenStore | undefined;
}

export interface ResolvedConfig {
  clientId: string;
  clientSecret: string;
  baseUrl: string;
  settings: Settings;
  tokenStore: TokenStore | undefined;
}

/** Each attempt's timeout when `timeoutMs` is not given: 60 seconds. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Default `maxResponseBytes`: 16 MiB, about ten times a page of 1,000 items, PayPal's largest answer. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;
/** setTimeout's largest delay; a longer one fires at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Environment variables where there are any (not on Workers). */
const env = (name: string): string | undefined => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

/** Why `timeoutMs` is unusable, or undefined when it is fine; for the client option and the per-call one. */
export function timeoutProblem(timeoutMs: unknown): string | undefined {
  if (typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS) return undefined;
  return `must be a positive number of milliseconds up to ${MAX_TIMEOUT_MS}, not ${String(timeoutMs)}`;
}

/** Applies defaults and checks every option; throws a TypeError or RangeError naming the option. */
export function resolveConfig(options: ClientOptions): ResolvedConfig {
  const fail = (message: string) => new TypeError(`PayoutsClient: ${message}`);
  const clientId = options.clientId ?? env('PAYPAL_CLIENT_ID');
  const clientSecret = options.clientSecret ?? env('PAYPAL_CLIENT_SECRET');
  if (typeof clientId !== 'string' || clientId.trim() === '') throw fail('clientId is missing: pass it, or set PAYPAL_CLIENT_ID');
  if (typeof clientSecret !== 'string' || clientSecret.trim() === '') {
    throw fail('clientSecret is missing: pass it, or set PAYPAL_CLIENT_SECRET');
  }
  const baseUrl = resolveBaseUrl(options, fail);

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const badTimeout = timeoutProblem(timeoutMs);
  if (badTimeout) throw new RangeError(`PayoutsClient: timeoutMs ${badTimeout}`);
  const maxRetries = options.maxRetries ?? DEFAULT_RETRY.maxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new RangeError(`PayoutsClient: maxRetries must be a whole number of 0 or more, not ${maxRetries}`);
  }
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes <= 0) {
    throw new RangeError(`PayoutsClient: maxResponseBytes must be a whole number above 0, not ${maxResponseBytes}`);
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw fail('fetch must be a function');
  if (options.logger !== undefined && typeof options.logger !== 'function') throw fail('logger must be a function');
  const { tokenStore } = options;
  if (tokenStore !== undefined && (typeof tokenStore?.get !== 'function' || typeof tokenStore.set !== 'function')) {
    const shown = typeof tokenStore === 'object' && tokenStore !== null ? `an object with keys [${Object.keys(tokenStore).join(', ')}]` : String(tokenStore);
    throw fail(`tokenStore must have get and set methods, not ${shown}`);
  }

  return {
    clientId,
    clientSecret,
    baseUrl,
    settings: {
      retry: { ...DEFAULT_RETRY, maxRetries },
      timeoutMs,
      maxResponseBytes,
      logger: options.logger,
      fetch: options.fetch,
      secrets: [clientSecret, basicCredentials(clientId, clientSecret)],
    },
    tokenStore,
  };
}

/**
 * Explicit options win over the environment: `baseUrl`, else `environment`, else PAYPAL_BASE_URL, else
 * the sandbox. An explicit `environment` with PAYPAL_BASE_URL set is ambiguous (a leftover mock URL
 * must not receive live payouts, nor live payouts go to it), so it throws unless `baseUrl` is passed.
 */
function resolveBaseUrl(options: ClientOptions, fail: (message: string) => TypeError): string {
  // Not read when baseUrl is passed: Deno asks for --allow-env on any read, even one that changes nothing.
  const fromEnv = options.baseUrl === undefined ? env('PAYPAL_BASE_URL') || undefined : undefined;
  if (options.environment !== undefined && !Object.hasOwn(ENVIRONMENTS, options.environment)) {
    throw fail(`environment must be 'sandbox' or 'live', not '${String(options.environment)}'`);
  }
  if (options.baseUrl === undefined && options.environment !== undefined && fromEnv !== undefined) {
    throw fail(
      `environment '${options.environment}' and the PAYPAL_BASE_URL environment variable are both set; ` +
        `unset PAYPAL_BASE_URL, or pass baseUrl to say where requests go`,
    );
  }
  const text = options.baseUrl ?? fromEnv ?? ENVIRONMENTS[options.environment ?? 'sandbox'];
  const source = options.baseUrl === undefined && fromEnv !== undefined ? 'PAYPAL_BASE_URL' : 'baseUrl';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail(`${source} is not a URL: '${hideUserinfo(text)}'`);
  }
  // Credentials in the URL would show in every error and in client.baseUrl; a query or fragment would
  // swallow every request path.
  if (url.username || url.password) throw fail(`${source} must not contain a username or password: '${hideUserinfo(text)}'`);
  if (/[?#]/.test(text)) throw fail(`${source} must not have a query or fragment: '${url.origin}${url.pathname}' followed by one`);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    throw fail(`${source} must use https (http only on localhost or loopback addresses): '${text}'`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/$/, '');
}
