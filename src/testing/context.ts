// What every operation handler works with.
import type { Clock } from './clock.js';
import type { Deliveries } from './deliveries.js';
import type { Exchange } from './http.js';
import type { Announce } from './lifecycle.js';
import type { RateLimit } from './rate-limit.js';
import type { Store } from './store.js';
import type { Tokens } from './tokens.js';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Context {
  store: Store;
  clock: Clock;
  tokens: Tokens;
  rateLimit: RateLimit;
  announce: Announce;
  deliveries: Deliveries;
  clientId: string;
  clientSecret: string;
  /** Where the emulator is reached, for the links in its answers. */
  baseUrl(): string;
}

export type Handler = (context: Context, exchange: Exchange, params: Record<string, string>) => Reply | Promise<Reply>;
