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

/**
 * Our choices, as PayPal publishes no body limit: one body may hold 16 MB (a 15,000-item create with
 * typical items is about 3 MB, paypal-facts.md #9), and all bodies being read together 64 MB, so slow
 * uploads cannot take the host's memory. Beyond either, PayPal-shaped errors answer and the upload is cut.
 */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

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
  const budget = { buffered: 0 };
  const server = createServer(async (req, res) => {
    // A client that resets or times out mid-answer must not become an 'error' nobody listens to.
    res.on('error', () => {});
    const exchange = await read(req, res, budget);
    if (!exchange) return;
    try {
      await handle(exchange);
    } catch (error) {
      answer(res, 500, { name: 'INTERNAL_SERVER_ERROR', message: `Emulator failure: ${String(error)}`, debug_id: debugId() });
    }
  });
  server.on('clientError', (_error, socket) => socket.destroy()); // a malformed or reset request ends there
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  // Listening on every interface: the URL names loopback, which the client accepts over http.
  const reachable = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  const hostInUrl = address.family === 'IPv6' ? `[${reachable}]` : reachable;
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

const tooLarge = () => ({ name: 'REQUEST_ENTITY_TOO_LARGE', message: 'Request body too large.', debug_id: debugId() });
const busy = () => ({ name: 'SERVICE_UNAVAILABLE', message: 'Service Unavailable.', debug_id: debugId() });

/** The request with its body, or undefined when it was refused or the client went away mid-body. */
async function read(req: IncomingMessage, res: ServerResponse, budget: { buffered: number }): Promise<Exchange | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      budget.buffered += chunk.length;
      if (size > MAX_BODY_BYTES || budget.buffered > MAX_BUFFERED_BYTES) {
        if (size > MAX_BODY_BYTES) answer(res, 413, tooLarge(), { connection: 'close' });
        else answer(res, 503, busy(), { connection: 'close', 'retry-after': '1' });
        res.once('finish', () => req.destroy()); // the answer first, then the upload is cut
        return undefined;
      }
      chunks.push(chunk);
    }
  } catch {
    return undefined; // aborted or reset: nobody is left to answer
  } finally {
    budget.buffered -= size;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  return { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString(), res };
}
