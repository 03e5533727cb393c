// The certificate cache (bounded, expiring) and the default fetcher's transport rules, on a real local server.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CertificateCache } from '../src/webhooks/certificate-cache.js';
import { RedirectError, ResponseTooLargeError } from '../src/index.js';
import { fetchCertificate } from '../src/webhooks/fetch-certificate.js';
import { startServer, type LocalServer } from './support/local-server.js';

describe('CertificateCache', () => {
  it('keeps the most recently used URLs up to its bound', async () => {
    const cache = new CertificateCache(2);
    const fetcher = vi.fn(async (url: string) => `pem of ${url}`);
    await cache.get('a', () => fetcher('a'));
    await cache.get('b', () => fetcher('b'));
    await cache.get('a', () => fetcher('a')); // a is now the most recent
    await cache.get('c', () => fetcher('c')); // evicts b
    expect(cache.size).toBe(2);
    await cache.get('a', () => fetcher('a'));
    expect(fetcher.mock.calls.map(([url]) => url)).toEqual(['a', 'b', 'c']);
    await cache.get('b', () => fetcher('b'));
    expect(fetcher).toHaveBeenCalledTimes(4);
  });

  it('fetches again once an entry expires', async () => {
    let now = 0;
    const cache = new CertificateCache(8, 1000, () => now);
    const fetcher = vi.fn(async () => 'pem');
    await cache.get('a', fetcher);
    now = 999;
    await cache.get('a', fetcher);
    expect(fetcher).toHaveBeenCalledTimes(1);
    now = 1000;
    await cache.get('a', fetcher);
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('shares a load only while it is in flight, and keeps no failure', async () => {
    const cache = new CertificateCache<string>();
    let fail!: (error: Error) => void;
    const load = vi.fn(() => new Promise<string>((_resolve, reject) => (fail = reject)));
    const first = cache.get('a', load);
    const second = cache.get('a', load);
    expect(second).toBe(first);
    await Promise.resolve(); // the load starts on the next tick
    fail(new Error('ECONNRESET'));
    await expect(first).rejects.toThrow('ECONNRESET');
    expect(cache.size).toBe(0);
    await expect(cache.get('a', async () => 'pem')).resolves.toBe('pem');
    expect(cache.get('a', load)).toBe('pem');
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe('default certificate fetcher, on the client\'s attempt transport', () => {
  let server: LocalServer | undefined;
  afterEach(() => server?.close());

  it('returns the PEM', async () => {
    server = await startServer((_req, res) => res.writeHead(200).end('-----BEGIN CERTIFICATE-----'));
    await expect(fetchCertificate(`${server.url}/v1/notifications/certs/CERT-1`)).resolves.toBe('-----BEGIN CERTIFICATE-----');
  });

  it('does not follow redirects', async () => {
    server = await startServer((req, res) =>
      req.path === '/elsewhere' ? res.writeHead(200).end('followed') : res.writeHead(302, { location: '/elsewhere' }).end(),
    );
    await expect(fetchCertificate(`${server.url}/cert`)).rejects.toThrow(RedirectError);
    expect(server.requestsTo('/elsewhere')).toEqual([]);
  });

  it('refuses error statuses, bodies over the cap (declared or streamed) and slow answers', async () => {
    server = await startServer((req, res) => {
      if (req.path === '/404') return res.writeHead(404).end();
      if (req.path === '/declared') return res.writeHead(200, { 'content-length': '100' }).end('x'.repeat(100));
      if (req.path === '/streamed') {
        res.writeHead(200);
        res.write('x'.repeat(60));
        return res.end('x'.repeat(60));
      }
      return new Promise((resolve) => setTimeout(resolve, 2000)).then(() => res.writeHead(200).end('late'));
    });
    await expect(fetchCertificate(`${server.url}/404`)).rejects.toThrow(/HTTP 404/);
    await expect(fetchCertificate(`${server.url}/declared`, { maxBytes: 50 })).rejects.toThrow(ResponseTooLargeError);
    await expect(fetchCertificate(`${server.url}/streamed`, { maxBytes: 100 })).rejects.toThrow(ResponseTooLargeError);
    await expect(fetchCertificate(`${server.url}/slow`, { timeoutMs: 50 })).rejects.toThrow(/timed out after 50 ms/);
  });
});

describe('webhookSelfTest', () => {
  it('verifies a delivery and refuses a tampered one and a foreign cert URL', async () => {
    const { webhookSelfTest } = await import('../src/webhooks/index.js');
    await expect(webhookSelfTest()).resolves.toEqual({ verified: 'WH-SELFTEST', refused: ['signature_mismatch', 'cert_url_not_allowed'] });
  });
});

describe('signed string', () => {
  it('writes the IEEE CRC-32 of the bytes as an unsigned decimal', async () => {
    const { signedString } = await import('../src/webhooks/signature.js');
    const bytes = (text: string) => new TextEncoder().encode(text);
    // Check values of CRC-32/ISO-HDLC: 0xCBF43926 (above 2^31, negative as int32) and 0x414FA339.
    expect(signedString('id', '2026-11-21T10:00:00Z', 'WID', bytes('123456789'))).toBe('id|2026-11-21T10:00:00Z|WID|3421780262');
    expect(signedString('i', 't', 'w', bytes('The quick brown fox jumps over the lazy dog'))).toBe('i|t|w|1095738169');
    expect(signedString('i', 't', 'w', bytes(''))).toBe('i|t|w|0');
  });
});
