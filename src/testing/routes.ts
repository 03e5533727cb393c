// Routing, and what happens around every operation: seeded faults, bearer-token checks, and
// PayPal's refusal of a second concurrent request with one PayPal-Request-Id.
import type { Context, Handler, Reply } from './context.js';
import { internalError, paypalError, rateLimited, unauthorized } from './errors.js';
import type { Faults, Operation } from './faults.js';
import { answer, type Exchange, type HttpServer } from './http.js';
import * as payoutItems from './payout-items.js';
import * as payouts from './payouts.js';
import { token } from './oauth.js';
import * as webhooks from './webhooks.js';

interface Route {
  operation: Operation;
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const ROUTES: Route[] = [
  { operation: 'oauth2.token', method: 'POST', pattern: /^\/v1\/oauth2\/token$/, handler: token },
  { operation: 'payouts.create', method: 'POST', pattern: /^\/v1\/payments\/payouts$/, handler: payouts.create },
  { operation: 'payouts.get', method: 'GET', pattern: /^\/v1\/payments\/payouts\/(?<id>[^/]+)$/, handler: payouts.get },
  { operation: 'payoutItems.get', method: 'GET', pattern: /^\/v1\/payments\/payouts-item\/(?<payout_item_id>[^/]+)$/, handler: payoutItems.get },
  { operation: 'payoutItems.cancel', method: 'POST', pattern: /^\/v1\/payments\/payouts-item\/(?<payout_item_id>[^/]+)\/cancel$/, handler: payoutItems.cancel },
  { operation: 'webhooks.create', method: 'POST', pattern: /^\/v1\/notifications\/webhooks$/, handler: webhooks.create },
  { operation: 'webhooks.list', method: 'GET', pattern: /^\/v1\/notifications\/webhooks$/, handler: webhooks.list },
  { operation: 'webhooks.get', method: 'GET', pattern: /^\/v1\/notifications\/webhooks\/(?<webhook_id>[^/]+)$/, handler: webhooks.get },
  { operation: 'webhooks.delete', method: 'DELETE', pattern: /^\/v1\/notifications\/webhooks\/(?<webhook_id>[^/]+)$/, handler: webhooks.remove },
  { operation: 'webhooks.listEventTypes', method: 'GET', pattern: /^\/v1\/notifications\/webhooks-event-types$/, handler: webhooks.eventTypes },
  { operation: 'webhooks.getEvent', method: 'GET', pattern: /^\/v1\/notifications\/webhooks-events\/(?<event_id>[^/]+)$/, handler: webhooks.getEvent },
  { operation: 'webhooks.resendEvent', method: 'POST', pattern: /^\/v1\/notifications\/webhooks-events\/(?<event_id>[^/]+)\/resend$/, handler: webhooks.resendEvent },
  { operation: 'webhooks.simulateEvent', method: 'POST', pattern: /^\/v1\/notifications\/simulate-event$/, handler: webhooks.simulateEvent },
  { operation: 'webhooks.verifySignature', method: 'POST', pattern: /^\/v1\/notifications\/verify-webhook-signature$/, handler: webhooks.verifySignature },
];

/** One request the emulator received. */
export interface RequestRecord {
  operation: Operation | undefined;
  method: string;
  path: string;
  /** The answer's status once sent; 0 when the connection was dropped instead. */
  status?: number;
}

export interface Router {
  handle(exchange: Exchange): Promise<void>;
}

export function createRouter(context: Context, faults: Faults, server: () => HttpServer, log: RequestRecord[]): Router {
  const inFlight = new Set<string>();

  async function run({ route: { operation, handler }, params }: Match, exchange: Exchange): Promise<Reply | 'reset'> {
    const fault = faults.draw(operation, faultKey(exchange, params));

    // "When you send two simultaneous API requests with same PayPal-Request-Id header, PayPal processes the
    // first request and might fail the second request" (developer.paypal.com/reference/guidelines/idempotency;
    // paypal-facts.md #2). The name is Payouts' own (sandbox test value ERRPYO039); the status is PayPal's
    // 409, under which its Payments v2 API documents PREVIOUS_REQUEST_IN_PROGRESS ("A previous request on
    // this resource is currently in progress", developer.paypal.com/api/payments/v2/errors/previous_request_in_progress).
    const requestId = exchange.headers['paypal-request-id'];
    const key = typeof requestId === 'string' ? `${operation}:${requestId}` : undefined;
    if (key && inFlight.has(key)) {
      return paypalError(409, 'PREVIOUS_REQUEST_IN_PROGRESS', 'A previous request on this resource is currently in progress. Please wait for sometime and try again.', [
        { issue: 'PREVIOUS_REQUEST_IN_PROGRESS', description: 'A previous request with this PayPal-Request-Id is in progress.' },
      ]);
    }
    if (key) inFlight.add(key);
    try {
      if (fault?.kind === 'delay') await server().wait(fault.delayMs);
      if (fault?.kind === 'revoke-tokens') context.tokens.revokeAll();
      if (fault?.kind === 'error-before-commit') return internalError(fault.status);
      if (fault?.kind === 'rate-limit') return rateLimited(fault.retryAfterSeconds);
      const authorized = operation === 'oauth2.token' || context.tokens.isValid(bearer(exchange));
      if (!authorized) return unauthorized();
      if (exchange.method === 'POST' && !context.rateLimit.take(clientOf(exchange, context))) return rateLimited();

      const reply = await handler(context, exchange, params);
      if (fault?.kind === 'error-after-commit') return internalError(fault.status);
      if (fault?.kind === 'reset-after-commit') return 'reset';
      return reply;
    } finally {
      if (key) inFlight.delete(key);
    }
  }

  return {
    async handle(exchange) {
      const match = matchRoute(exchange);
      const record: RequestRecord = { operation: match?.route.operation, method: exchange.method, path: exchange.path };
      log.push(record);
      const reply = match ? await run(match, exchange) : paypalError(404, 'NOT_FOUND', `No operation at ${exchange.method} ${exchange.path}.`);
      record.status = reply === 'reset' ? 0 : reply.status;
      if (reply === 'reset') return void exchange.res.socket?.destroy();
      answer(exchange.res, reply.status, reply.body, reply.headers);
    },
  };
}

interface Match {
  route: Route;
  params: Record<string, string>;
}

function matchRoute({ method, path }: Exchange): Match | undefined {
  for (const route of ROUTES) {
    const found = method === route.method ? route.pattern.exec(path) : null;
    if (found) return { route, params: Object.fromEntries(Object.entries(found.groups ?? {}).map(([key, value]) => [key, decode(value)])) };
  }
  return undefined;
}

/** A path segment decoded; a malformed escape stays as sent (and then matches nothing). */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Whose POST it is: the Basic user on the token endpoint, else the client the bearer token was issued to. */
function clientOf({ headers }: Exchange, context: Context): string {
  const basic = /^Basic (.+)$/.exec(headers.authorization ?? '')?.[1];
  return basic ? Buffer.from(basic, 'base64').toString().split(':')[0]! : context.clientId;
}

const bearer = ({ headers }: Exchange) => headers.authorization?.replace(/^Bearer /, '') ?? '';

/** What a request asks for, so seeded faults hit the same requests on every run. */
function faultKey(exchange: Exchange, params: Record<string, string>): string {
  if (exchange.path.endsWith('/payouts') && exchange.method === 'POST') {
    const senderBatchId = /"sender_batch_id"\s*:\s*"([^"]*)"/.exec(exchange.body)?.[1];
    if (senderBatchId) return senderBatchId;
  }
  return Object.values(params).join('/') || exchange.path;
}
