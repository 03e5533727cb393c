// The emulator's HTTP layer: reads each request (size-capped), answers JSON with a Paypal-Debug-Id,
// and closes every connection and pending delay on shutdown.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { debugId } from './ids.js';
import { sleep } from '../retry.js';
import { setMaxListeners } from 'node:events';

/** A request as the routes see it. */
export interface Exchange {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  res: ServerResponse;
}

/** Larger bodies are refused: PayPal caps a batch at 15,000 items, well under this. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Sends `body` as JSON (none for a 204). PayPal puts a Paypal-Debug-Id on every answer, and the same ID
 * in an error's `debug_id` [developer.paypal.com/api/rest/responses].
 */
export function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent || res.destroyed) return;
  const id = (body as { debug_id?: unknown } | undefined)?.debug_id;
  const debug = { 'paypal-debug-id': typeof id === 'string' ? id : debugId() };
  if (body === undefined) return void res.writeHead(status, { ...debug, ...headers }).end(); // 204
  res.writeHead(status, { 'content-type': 'application/json', ...debug, ...headers }).end(JSON.stringify(body));
}

export interface HttpServer {
  url: string;
  port: number;
  /** Waits `ms`, or resolves early when the server closes (so a "hang" never outlives it). */
  wait(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function listen(port: number, host: string, handle: (exchange: Exchange) => Promise<void>): Promise<HttpServer> {
  const closing = new AbortController();
  setMaxListeners(Infinity, closing.signal); // one listener per pending delay
  const server = createServer(async (req, res) => {
    const exchange = await read(req, res);
    if (!exchange) return;
    try {
      await handle(exchange);
    } catch (error) {
      answer(res, 500, { name: 'INTERNAL_SERVER_ERROR', message: `Emulator failure: ${String(error)}`, debug_id: debugId() });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostInUrl}:${address.port}`,
    port: address.port,
    wait: (ms) => sleep(ms, closing.signal).catch(() => {}), // closing cuts a wait short; it is no failure
    close: () =>
      new Promise((resolve) => {
        closing.abort();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function read(req: IncomingMessage, res: ServerResponse): Promise<Exchange | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      answer(res, 413, { name: 'REQUEST_ENTITY_TOO_LARGE', message: 'Request body too large.', debug_id: debugId() }, { connection: 'close' });
      req.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  return { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString(), res };
}
