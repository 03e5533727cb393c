// Client options, their defaults, and the checks that make a bad configuration fail at construction.
import type { Logger, Settings } from './request.js';
import { basicCredentials } from './auth.js';
import { DEFAULT_RETRY } from './retry.js';

/** PayPal's API hosts. */
export const ENVIRONMENTS = {
  sandbox: 'https://api-m.sandbox.paypal.com',
  live: 'https://api-m.paypal.com',
} as const;

export type Environment = keyof typeof ENVIRONMENTS;

export interface ClientOptions {
  /** The app's client ID. Defaults to the PAYPAL_CLIENT_ID environment variable. */
  clientId?: string | undefined;
  /** The app's secret. Defaults to PAYPAL_CLIENT_SECRET. Never logged, never in an error. */
  clientSecret?: string | undefined;
  /** `sandbox` (default) or `live`. */
  environment?: Environment | undefined;
  /**
   * Overrides `environment`, for a proxy, Prism or a local server. https, or http on loopback only.
   * Defaults to the PAYPAL_BASE_URL environment variable.
   */
  baseUrl?: string | undefined;
  /** Per-attempt timeout in milliseconds. Default 60,000. */
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
}

export interface ResolvedConfig {
  clientId: string;
  clientSecret: string;
  baseUrl: string;
  settings: Settings;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** Applies defaults and checks every option; throws a TypeError or RangeError naming the option. */
export function resolveConfig(options: ClientOptions): ResolvedConfig {
  const fail = (message: string) => new TypeError(`PayoutsClient: ${message}`);
  const clientId = options.clientId ?? process.env.PAYPAL_CLIENT_ID;
  const clientSecret = options.clientSecret ?? process.env.PAYPAL_CLIENT_SECRET;
  if (typeof clientId !== 'string' || clientId.trim() === '') throw fail('clientId is missing: pass it, or set PAYPAL_CLIENT_ID');
  if (typeof clientSecret !== 'string' || clientSecret.trim() === '') {
    throw fail('clientSecret is missing: pass it, or set PAYPAL_CLIENT_SECRET');
  }

  const environment = options.environment ?? 'sandbox';
  if (!Object.hasOwn(ENVIRONMENTS, environment)) throw fail(`environment must be 'sandbox' or 'live', not '${environment}'`);
  const baseUrl = options.baseUrl ?? (process.env.PAYPAL_BASE_URL || ENVIRONMENTS[environment]);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw fail(`baseUrl is not a URL: '${baseUrl}'`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    throw fail(`baseUrl must use https (http only on localhost or loopback addresses): '${baseUrl}'`);
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`PayoutsClient: timeoutMs must be a positive number, not ${timeoutMs}`);
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

  return {
    clientId,
    clientSecret,
    baseUrl: url.href.replace(/\/$/, ''),
    settings: {
      retry: { ...DEFAULT_RETRY, maxRetries },
      timeoutMs,
      maxResponseBytes,
      logger: options.logger,
      fetch: options.fetch,
      secrets: [clientSecret, basicCredentials(clientId, clientSecret)],
    },
  };
}
