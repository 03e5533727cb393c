// A real HTTP server on a free loopback port, scripted per test, that records every request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (request: RecordedRequest, res: ServerResponse) => unknown;

export interface LocalServer {
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Requests to one path, in order. */
  requestsTo(path: string): RecordedRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const request = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString() };
    requests.push(request);
    try {
      await handler(request, res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(599).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a JSON answer. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

export const TOKEN_PATH = '/v1/oauth2/token';

/** A token answer as PayPal gives it. */
export function tokenBody(accessToken: string, expiresIn = 32_400) {
  return {
    scope: 'https://uri.paypal.com/services/payments/payouts',
    access_token: accessToken,
    token_type: 'Bearer',
    app_id: 'APP-80W284485P519543T',
    expires_in: expiresIn,
    nonce: '2026-11-21T00:00:00Z-nonce',
  };
}

/** Answers token requests with numbered tokens (`token-1`, `token-2`, …) and everything else with `api`. */
export function withTokens(api: Handler, expiresIn?: number): Handler {
  let issued = 0;
  return (request, res) => {
    if (request.path === TOKEN_PATH) return json(res, 200, tokenBody(`token-${++issued}`, expiresIn));
    return api(request, res);
  };
}

export const CLIENT_ID = 'test-client-id';
export const CLIENT_SECRET = 'test-client-secret-5d1f0a';

/** A valid create body with `count` items. */
export function createBody(count = 2, senderBatchId = 'batch-0001') {
  return {
    sender_batch_header: { sender_batch_id: senderBatchId, recipient_type: 'EMAIL' as const, email_subject: 'You have a payout!' },
    items: Array.from({ length: count }, (_, index) => ({
      amount: { value: `${index + 1}.00`, currency: 'USD' },
      receiver: `seller-${index}@example.com`,
      sender_item_id: `item-${index}`,
    })),
  };
}

/**
 * The quick start's batch (examples/quick-start.ts): USD and JPY, so it has no single `amount`; the JPY
 * item's receiver leaves it unclaimed on the local PayPal, for the examples that cancel one.
 */
export function quickStartBatch(senderBatchId: string) {
  return {
    sender_batch_header: { sender_batch_id: senderBatchId, recipient_type: 'EMAIL' as const, email_subject: 'You have a payout!' },
    items: [
      { amount: { value: '10.00', currency: 'USD' }, receiver: 'seller@example.com', sender_item_id: 'order-1001' },
      { amount: { value: '1500', currency: 'JPY' }, receiver: 'creator.unclaimed@example.com', sender_item_id: 'order-1002' },
    ],
  };
}

export const PAYOUT_CREATED = {
  batch_header: {
    payout_batch_id: '5UXD2E8A7EBQJ',
    batch_status: 'PENDING',
    sender_batch_header: { sender_batch_id: 'batch-0001' },
  },
  links: [{ href: 'https://api-m.sandbox.paypal.com/v1/payments/payouts/5UXD2E8A7EBQJ', rel: 'self', method: 'GET' }],
};
