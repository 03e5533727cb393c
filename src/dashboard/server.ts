// The dashboard's HTTP server: loopback only, every request checked for the token, every answer
// with the security headers, pages rendered here and refreshed in place by the page script.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { AddressInfo } from 'node:net';
import { allowedHost, cookieToken, crossSiteReason, formToken, newToken, sameSecret, sessionCookie } from './auth.js';
import { ASSET_TYPES, loadAssets } from './assets.js';
import { SECURITY_HEADERS } from './headers.js';
import { escapeHtml } from './html.js';
import { localAction, localPage, type LocalPayPalControls } from './local-pages.js';
import { layout, sectionContent, type Page } from './page.js';
import { runPage, runsListPage } from './runs-pages.js';
import { UnknownRunError } from '../bulk/run.js';
import type { RunsSource } from './runs-source.js';

export interface DashboardOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** A loopback address (127.0.0.1 by default, ::1, localhost); any other is refused. */
  host?: string;
  /** The runs to show. */
  runs?: RunsSource;
  /** A local PayPal to show and drive. */
  local?: LocalPayPalControls;
}

/** A running dashboard. */
export interface Dashboard {
  /** Open this: it carries the access token, which the first visit moves into a cookie. */
  url: string;
  /** The address without the token, such as `http://127.0.0.1:53211`. */
  origin: string;
  close(): Promise<void>;
}

/** Larger form posts are refused: the dashboard's forms send a few fields. */
const MAX_FORM_BYTES = 16 * 1024;

export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts the dashboard on a loopback port. Read-only for runs; the local PayPal's actions are POSTs
 * that need the token's cookie, the form token and a same-origin request.
 * @throws RangeError when `host` is not a loopback address.
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) {
    throw new RangeError(`the dashboard listens on loopback addresses only (127.0.0.1, ::1, localhost), not "${host}": it shows payouts to whoever reaches it`);
  }
  const token = newToken();
  const form = formToken(token);
  const assets = loadAssets();
  const nav = [...(options.runs ? [{ href: '/runs', label: 'Runs' }] : []), ...(options.local ? [{ href: '/local', label: 'Local PayPal' }] : [])];

  let port = 0;
  const hostNames = () => [...new Set([host.includes(':') ? `[${host}]` : host, '127.0.0.1', 'localhost', '[::1]'])].map((name) => `${name}:${port}`);
  const origins = () => hostNames().map((name) => `http://${name}`);

  async function page(url: URL): Promise<Page> {
    const path = url.pathname;
    const run = /^\/runs\/([^/]+)$/.exec(path);
    if (path === '/runs' && options.runs) return runsListPage(options.runs);
    if (run && options.runs) return runPage(options.runs, decodeURIComponent(run[1]!), url.searchParams.get('q') ?? '');
    if (path === '/local' && options.local) {
      return localPage(options.local, form, { message: url.searchParams.get('message') ?? undefined, error: url.searchParams.get('error') ?? undefined });
    }
    throw new HttpError(404, `Nothing at ${path}.`);
  }

  async function get(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const asset = /^\/assets\/([\w.-]+)$/.exec(path)?.[1];
    if (asset !== undefined) {
      const body = assets.get(asset);
      if (!body) throw new HttpError(404, `No asset ${asset}.`);
      return void res.writeHead(200, { 'content-type': ASSET_TYPES[asset]! }).end(body);
    }
    if (path === '/') return void res.writeHead(303, { location: nav[0]?.href ?? '/runs' }).end();
    if (path === '/favicon.ico') return void res.writeHead(204).end(); // browsers ask; no icon, and no error in their console
    const csv = /^\/runs\/([^/]+)\/report\.csv$/.exec(path);
    if (csv && options.runs) {
      const runId = decodeURIComponent(csv[1]!);
      const view = await options.runs.view(runId);
      const filename = `${runId.replace(/[^\w.-]/g, '_')}.report.csv`;
      return void res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` }).end(view.csv);
    }
    const built = await page(url);
    // The page script asks for the live sections alone, as JSON, to refresh them in place.
    if (req.headers['x-live'] === '1') {
      const sections = Object.fromEntries(built.sections.filter((s) => s.live).map((s) => [s.id, sectionContent(s)]));
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sections }));
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(layout(built, { nav, path }));
  }

  async function post(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!options.local || !url.pathname.startsWith('/local/')) throw new HttpError(404, `Nothing to do at ${url.pathname}.`);
    const why = crossSiteReason(req, origins());
    if (why) throw new HttpError(403, `Refused: ${why}.`);
    const body = new URLSearchParams(await readForm(req));
    if (!sameSecret(body.get('form_token') ?? undefined, form)) throw new HttpError(403, 'Refused: the form token is missing or wrong; reload the page.');
    const back = new URLSearchParams();
    try {
      back.set('message', localAction(options.local, url.pathname, body));
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      back.set('error', error.message);
    }
    res.writeHead(303, { location: `/local?${back}` }).end();
  }

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    handle(req, res).catch((error: unknown) => {
      // URIError: a malformed %-escape in the path.
      const status = error instanceof HttpError ? error.status : error instanceof UnknownRunError ? 404 : error instanceof URIError ? 400 : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (res.headersSent) return void res.destroy();
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${status}</title></head><body><main><h1>${status}</h1><p>${escapeHtml(message)}</p></main></body></html>`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHost(req.headers.host, hostNames())) throw new HttpError(403, 'Refused: this server answers to its loopback address only.');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!sameSecret(given, token)) throw new HttpError(403, 'Refused: wrong token. Open the URL the dashboard printed at start-up.');
      // The token moves into the cookie, and out of the address bar and the history.
      url.searchParams.delete('token');
      return void res.writeHead(303, { 'set-cookie': sessionCookie(token, port), location: `${url.pathname}${url.search}` }).end();
    }
    const cookie = cookieToken(req, port);
    if (cookie === undefined) throw new HttpError(401, 'Refused: no token. Open the URL the dashboard printed at start-up.');
    if (!sameSecret(cookie, token)) throw new HttpError(403, 'Refused: wrong token. Open the URL the dashboard printed at start-up.');
    if (req.method === 'GET' || req.method === 'HEAD') return get(req, res, url);
    if (req.method === 'POST') return post(req, res, url);
    throw new HttpError(405, `${req.method} is not answered here.`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readForm(req: IncomingMessage): Promise<string> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) throw new HttpError(415, `Refused: a form post is expected, not ${type || 'no content type'}.`);
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new HttpError(413, 'Refused: the form is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
