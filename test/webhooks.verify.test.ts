// verifyWebhookSignature against deliveries signed by the test kit, with test CAs made here.
// The facts it relies on are PayPal's (../shared/webhooks/README.md): the signed string
// `id|time|webhookId|crc32(body) as unsigned decimal`, SHA256withRSA, cert URLs on PayPal's API hosts.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createWebhookTestKit,
  verifyWebhookSignature,
  WebhookVerificationError,
  type VerifyOptions,
  type WebhookDelivery,
  type WebhookTestKit,
  type WebhookVerificationReason,
} from '../src/webhooks/index.js';
import { PayPalError } from '../src/index.js';
import * as webhooks from '../src/webhooks/index.js';
import { batchEventBody } from './support/webhook-events.js';
import { createWebhookCaseKits, runWebhookCase, WEBHOOK_CASES, type Kits } from './runtimes/webhook-cases.js';

const WEBHOOK_ID = '8PT597110X687430LKGECATA';
const BODY = batchEventBody();

let kits: Kits;
let kit: WebhookTestKit;
let liveKit: WebhookTestKit;
beforeAll(async () => {
  [kits, liveKit] = await Promise.all([createWebhookCaseKits(webhooks), createWebhookTestKit({ environment: 'live' })]);
  kit = kits.kit;
});

// The portable list the runtime matrix also runs (test/runtimes/webhook-cases.js); below, what it leaves out.
describe('verification cases', () => {
  it.each(WEBHOOK_CASES)('$name: $expect', async (testCase) => {
    expect((await runWebhookCase(webhooks, kits, testCase)).problems).toEqual([]);
  });
});

const using = (k: WebhookTestKit, extra: VerifyOptions = {}): VerifyOptions => ({
  trustAnchors: k.trustAnchors,
  fetchCertificate: k.fetchCertificate,
  ...extra,
});

async function signed(k = kit, body = BODY, webhookId = WEBHOOK_ID) {
  return { headers: await k.sign({ body, webhookId }), body, webhookId } satisfies WebhookDelivery;
}

/** The reason a verification was refused with; fails the test if it was not refused. */
async function reasonOf(delivery: WebhookDelivery, options: VerifyOptions): Promise<WebhookVerificationReason> {
  const error = await verifyWebhookSignature(delivery, options).then(
    () => expect.fail('verification should have failed'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  expect(error).toBeInstanceOf(PayPalError);
  return (error as WebhookVerificationError).reason;
}

describe('valid deliveries', () => {
  it('verifies a SHA256withRSA delivery and returns the event', async () => {
    const event = await verifyWebhookSignature(await signed(), using(kit));
    expect(event.id).toBe('WH-7YX49823S2290830K-0JE13296W68552352');
    expect(event.event_type).toBe('PAYMENT.PAYOUTSBATCH.SUCCESS');
  });

  it('verifies a live delivery with the live subject', async () => {
    const event = await verifyWebhookSignature(await signed(liveKit), using(liveKit));
    expect(event.id).toMatch(/^WH-/);
  });

  it('takes the body as a string, a Uint8Array view or an ArrayBuffer', async () => {
    const bytes = new TextEncoder().encode(BODY);
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 4);
    const view = padded.subarray(4, 4 + bytes.length);
    const headers = await kit.sign({ body: BODY, webhookId: WEBHOOK_ID });
    for (const body of [BODY, bytes, view, bytes.buffer]) {
      await expect(verifyWebhookSignature({ headers, body, webhookId: WEBHOOK_ID }, using(kit))).resolves.toMatchObject({ id: expect.any(String) });
    }
  });

  it('verifies simulator events, which PayPal signs with the webhook ID WEBHOOK_ID', async () => {
    const delivery = await signed(kit, BODY, 'WEBHOOK_ID');
    await expect(verifyWebhookSignature(delivery, using(kit))).resolves.toBeTruthy();
    expect(await reasonOf({ ...delivery, webhookId: WEBHOOK_ID }, using(kit))).toBe('signature_mismatch');
  });

  it('reads header values given as arrays of one', async () => {
    const headers = await kit.sign({ body: BODY, webhookId: WEBHOOK_ID });
    const arrays = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
    await expect(verifyWebhookSignature({ headers: arrays, body: BODY, webhookId: WEBHOOK_ID }, using(kit))).resolves.toBeTruthy();
  });

  it('reads a Headers-like object from another realm', async () => {
    const headers = new Headers(await kit.sign({ body: BODY, webhookId: WEBHOOK_ID }));
    const foreign = { get: (name: string) => headers.get(name), entries: () => headers.entries() };
    await expect(verifyWebhookSignature({ headers: foreign as unknown as Headers, body: BODY, webhookId: WEBHOOK_ID }, using(kit))).resolves.toBeTruthy();
  });

  it('throws on a `now` or `toleranceSeconds` that would turn the checks off', async () => {
    const delivery = await signed();
    await expect(verifyWebhookSignature(delivery, using(kit, { now: new Date('garbage') }))).rejects.toThrow(TypeError);
    await expect(verifyWebhookSignature(delivery, using(kit, { toleranceSeconds: Number.NaN }))).rejects.toThrow(/toleranceSeconds/);
    await expect(verifyWebhookSignature(delivery, using(kit, { toleranceSeconds: -1 }))).rejects.toThrow(RangeError);
  });

});

describe('the body and the webhook ID', () => {
  it('refuses a parsed body with a message that says to pass the raw body', async () => {
    const delivery = await signed();
    const parsed = { ...delivery, body: JSON.parse(delivery.body) as string };
    expect(await reasonOf(parsed, using(kit))).toBe('body_not_raw');
    await expect(verifyWebhookSignature(parsed, using(kit))).rejects.toThrow(/raw request body/);
  });

  it('refuses a delivery with no webhook ID', async () => {
    const delivery = await signed();
    expect(await reasonOf({ ...delivery, webhookId: '' }, using(kit))).toBe('missing_webhook_id');
  });

  it('refuses a valid signature over a body that is not a JSON event', async () => {
    expect(await reasonOf(await signed(kit, 'not json'), using(kit))).toBe('body_not_json');
    expect(await reasonOf(await signed(kit, '{"id":1}'), using(kit))).toBe('body_not_json');
  });
});

describe('headers', () => {
  const NAMES = ['PAYPAL-TRANSMISSION-ID', 'PAYPAL-TRANSMISSION-TIME', 'PAYPAL-TRANSMISSION-SIG', 'PAYPAL-CERT-URL', 'PAYPAL-AUTH-ALGO'];

  it.each(NAMES)('refuses a blank %s as missing', async (name) => {
    const delivery = await signed();
    expect(await reasonOf({ ...delivery, headers: { ...delivery.headers, [name]: ' ' } }, using(kit))).toBe('missing_header');
  });

  it.each(NAMES)('refuses %s sent twice, in the shapes beyond Headers', async (name) => {
    const delivery = await signed();
    const value = delivery.headers[name]!;
    for (const headers of [
      { ...delivery.headers, [name]: [value, value] },
      { ...delivery.headers, [name.toLowerCase()]: value },
      { ...delivery.headers, [name]: `${value}, ${value}` },
    ]) {
      expect(await reasonOf({ ...delivery, headers }, using(kit))).toBe('duplicate_header');
    }
  });

  it('refuses unsupported algorithms, a signature that is not base64 and a malformed time', async () => {
    const delivery = await signed();
    const withHeader = (name: string, value: string) => ({ ...delivery, headers: { ...delivery.headers, [name]: value } });
    for (const algo of ['SHA512withECDSA', 'MD5withRSA', 'sha256withrsa', 'constructor']) {
      expect(await reasonOf(withHeader('PAYPAL-AUTH-ALGO', algo), using(kit))).toBe('unsupported_algorithm');
    }
    expect(await reasonOf(withHeader('PAYPAL-TRANSMISSION-SIG', '***'), using(kit))).toBe('invalid_header');
    expect(await reasonOf(withHeader('PAYPAL-TRANSMISSION-TIME', 'yesterday'), using(kit))).toBe('invalid_header');
  });
});

describe('replay window', () => {
  it('refuses a transmission time outside toleranceSeconds, 4 days by default', async () => {
    // A month ahead, inside the kit certificate's validity either side of every `now` below.
    const sentAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 30 * 86_400_000);
    const headers = await kit.sign({ body: BODY, webhookId: WEBHOOK_ID, transmissionTime: sentAt });
    expect(headers['PAYPAL-TRANSMISSION-TIME']).toBe(sentAt.toISOString().replace('.000Z', 'Z'));
    const delivery = { headers, body: BODY, webhookId: WEBHOOK_ID };
    const after = (seconds: number) => new Date(sentAt.getTime() + seconds * 1000);
    await expect(verifyWebhookSignature(delivery, using(kit, { now: after(3 * 86_400) }))).resolves.toBeTruthy();
    expect(await reasonOf(delivery, using(kit, { now: after(4 * 86_400 + 1) }))).toBe('outside_tolerance');
    expect(await reasonOf(delivery, using(kit, { now: after(-4 * 86_400 - 1) }))).toBe('outside_tolerance');
    expect(await reasonOf(delivery, using(kit, { now: after(301), toleranceSeconds: 300 }))).toBe('outside_tolerance');
    await expect(verifyWebhookSignature(delivery, using(kit, { now: after(299), toleranceSeconds: 300 }))).resolves.toBeTruthy();
  });
});

describe('certificate URL policy: refused before any request', () => {
  // Beyond the cases' host, http, userinfo and path ones.
  const REFUSED = [
    'https://evilapi.sandbox.paypal.com/v1/notifications/certs/CERT-1',
    'https://api.sandbox.paypal.com@evil.example/v1/notifications/certs/CERT-1',
    'https://api.sandbox.paypal.com/v1/notifications/certs/',
    'https://api.sandbox.paypal.com/v1/notifications/certs/%2e%2e/x',
    'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1/extra',
    'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1?redirect=https://evil.example',
    'https://api.sandbox.paypal.com:8443/v1/notifications/certs/CERT-1',
    'https://API.SANDBOX.PAYPAL.COM/v1/notifications/certs/CERT-1',
    'https://api.sandbox.paypal.com\\@evil.example/v1/notifications/certs/CERT-1',
    'file:///etc/passwd',
    'not a url',
  ];

  it.each(REFUSED)('refuses %s', async (certUrl) => {
    const delivery = await signed();
    const fetchCertificate = vi.fn(kit.fetchCertificate);
    const headers = { ...delivery.headers, 'PAYPAL-CERT-URL': certUrl };
    expect(await reasonOf({ ...delivery, headers }, using(kit, { fetchCertificate }))).toBe('cert_url_not_allowed');
    expect(fetchCertificate).not.toHaveBeenCalled();
  });

  it('refuses the other environment when `environment` is set', async () => {
    const fetchCertificate = vi.fn(kit.fetchCertificate);
    const sandbox = await signed();
    expect(await reasonOf(sandbox, using(kit, { environment: 'live', fetchCertificate }))).toBe('cert_url_not_allowed');
    expect(fetchCertificate).not.toHaveBeenCalled();
    await expect(verifyWebhookSignature(sandbox, using(kit, { environment: 'sandbox' }))).resolves.toBeTruthy();
    await expect(verifyWebhookSignature(await signed(liveKit), using(liveKit, { environment: 'live' }))).resolves.toBeTruthy();
  });

  it('makes no request with the default fetcher either', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const delivery = await signed();
      const headers = { ...delivery.headers, 'PAYPAL-CERT-URL': 'http://127.0.0.1:1/v1/notifications/certs/CERT-1' };
      expect(await reasonOf({ ...delivery, headers }, { trustAnchors: kit.trustAnchors })).toBe('cert_url_not_allowed');
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });
});

describe('certificates', () => {
  const YEAR_MS = 365 * 86_400_000;

  it('refuses a valid certificate at a `now` outside its validity', async () => {
    // The kit's valid certificate at a time it does not cover (the cases cover expired and future kits).
    const delivery = await signed();
    const later = new Date(Date.now() + 3 * YEAR_MS);
    expect(await reasonOf(delivery, using(kit, { now: later, toleranceSeconds: Infinity }))).toBe('certificate_expired');
  });

  it("refuses a certificate with the other environment's subject", async () => {
    const liveOnSandbox = await createWebhookTestKit({ certificate: { commonName: 'messageverificationcerts.paypal.com' } });
    expect(await reasonOf(await signed(liveOnSandbox), using(liveOnSandbox))).toBe('certificate_wrong_subject');
  });

  it('the default DigiCert anchors refuse the test CA', async () => {
    const delivery = await signed();
    expect(await reasonOf(delivery, { fetchCertificate: kit.fetchCertificate })).toBe('certificate_untrusted');
  });

  it('reports a fetch failure and an unparsable certificate, and does not cache failures', async () => {
    const delivery = await signed();
    const failing = vi.fn().mockRejectedValueOnce(new Error('ECONNRESET')).mockImplementation(kit.fetchCertificate);
    expect(await reasonOf(delivery, using(kit, { fetchCertificate: failing }))).toBe('certificate_fetch_failed');
    await expect(verifyWebhookSignature(delivery, using(kit, { fetchCertificate: failing }))).resolves.toBeTruthy();
    expect(failing).toHaveBeenCalledTimes(2);
    const garbage = async () => '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    expect(await reasonOf(delivery, using(kit, { fetchCertificate: garbage }))).toBe('certificate_invalid');
    expect(await reasonOf(delivery, using(kit, { fetchCertificate: async () => '<html>' }))).toBe('certificate_invalid');
  });

  it('does not cache a 200 answer that is not a PEM chain: the next delivery fetches again', async () => {
    const delivery = await signed();
    const fetchCertificate = vi.fn().mockResolvedValueOnce('<html>maintenance</html>').mockImplementation(kit.fetchCertificate);
    expect(await reasonOf(delivery, using(kit, { fetchCertificate }))).toBe('certificate_invalid');
    await expect(verifyWebhookSignature(delivery, using(kit, { fetchCertificate }))).resolves.toBeTruthy();
    expect(fetchCertificate).toHaveBeenCalledTimes(2);
  });

  it('times out a fetchCertificate that never settles, and does not keep it: the next delivery fetches again', async () => {
    const delivery = await signed();
    const fetchCertificate = vi.fn().mockReturnValueOnce(new Promise(() => {})).mockImplementation(kit.fetchCertificate);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const hung = reasonOf(delivery, using(kit, { fetchCertificate }));
      await vi.advanceTimersByTimeAsync(10_000); // Our choice: the default fetcher's 10 s deadline, for any fetcher
      expect(await hung).toBe('certificate_fetch_failed');
    } finally {
      vi.useRealTimers();
    }
    await expect(verifyWebhookSignature(delivery, using(kit, { fetchCertificate }))).resolves.toBeTruthy();
    expect(fetchCertificate).toHaveBeenCalledTimes(2);
  });

  it('checks the dates of a cached certificate against each delivery\'s time', async () => {
    const fetchCertificate = vi.fn(kit.fetchCertificate);
    const delivery = await signed();
    await expect(verifyWebhookSignature(delivery, using(kit, { fetchCertificate }))).resolves.toBeTruthy();
    const later = new Date(Date.now() + 3 * YEAR_MS);
    expect(await reasonOf(delivery, using(kit, { fetchCertificate, now: later, toleranceSeconds: Infinity }))).toBe('certificate_expired');
    expect(fetchCertificate).toHaveBeenCalledTimes(1);
  });

  it('fetches a certificate once per URL and fetcher', async () => {
    const fetchCertificate = vi.fn(kit.fetchCertificate);
    await Promise.all([1, 2, 3].map(async () => verifyWebhookSignature(await signed(), using(kit, { fetchCertificate }))));
    await verifyWebhookSignature(await signed(), using(kit, { fetchCertificate }));
    expect(fetchCertificate).toHaveBeenCalledTimes(1);
    expect(fetchCertificate).toHaveBeenCalledWith(kit.certUrl);
  });
});
