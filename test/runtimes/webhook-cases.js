// The webhook verification cases of issue 9, as one portable list: plain JS, no vitest, no Node
// built-ins, so the runtime smoke (every runtime of the matrix, on the packed package) and vitest
// (test/webhooks.verify.test.ts, on src/) run the same cases. Each case builds its delivery with the
// test kit and names its outcome: 'verified' or the exact WebhookVerificationError reason.
// PayPal's facts (../shared/webhooks/README.md): the signed string `id|time|webhookId|crc32(body)`,
// SHA256withRSA, cert URLs on PayPal's API hosts under /v1/notifications/certs/.

/** @typedef {typeof import('paypal-payouts/webhooks')} WebhooksEntry */
/** @typedef {import('paypal-payouts/webhooks').WebhookTestKit} Kit */
/** @typedef {import('paypal-payouts/webhooks').WebhookDelivery} Delivery */
/** @typedef {import('paypal-payouts/webhooks').VerifyOptions} Options */
/** @typedef {{ kit: Kit, expired: Kit, notYetValid: Kit, selfSigned: Kit, wrongSubject: Kit, otherCa: Kit }} Kits */
/**
 * @typedef {object} Built
 * @property {Delivery} delivery
 * @property {Options} [options] default: trust the main kit and fetch from it
 * @property {boolean} [noFetch] the certificate must not be fetched (refused before any request)
 */
/** @typedef {{ name: string, expect: string, build: (kits: Kits) => Promise<Built> }} WebhookCase */

export const WEBHOOK_ID = '8PT597110X687430LKGECATA';
export const EVENT_ID = 'WH-7YX49823S2290830K-0JE13296W68552352';
/** A PAYMENT.PAYOUTSBATCH.SUCCESS event as PayPal sends it: pretty-printed, with its spacing. */
export const BODY = `{
  "id": "${EVENT_ID}",
  "event_version": "1.0",
  "create_time": "2026-11-21T10:00:42.000Z",
  "resource_type": "payouts",
  "event_type": "PAYMENT.PAYOUTSBATCH.SUCCESS",
  "summary": "Payouts batch completed successfully.",
  "resource": {
    "batch_header": {
      "payout_batch_id": "5UXD2E8A7EBQJ",
      "batch_status": "SUCCESS",
      "amount": { "currency": "USD", "value": "1.00" }
    }
  }
}`;
const NON_ASCII_BODY = BODY.replace('Payouts batch completed successfully.', 'Auszahlung: 10 € an Jürgen, 中文');
const HEADER_NAMES = ['PAYPAL-TRANSMISSION-ID', 'PAYPAL-TRANSMISSION-TIME', 'PAYPAL-TRANSMISSION-SIG', 'PAYPAL-CERT-URL', 'PAYPAL-AUTH-ALGO'];
const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

/**
 * The test kits the cases sign with, made once per run (RSA key generation dominates the time).
 * @param {WebhooksEntry} webhooks
 * @returns {Promise<Kits>}
 */
export async function createWebhookCaseKits(webhooks) {
  const now = Date.now();
  const make = (/** @type {import('paypal-payouts/webhooks').WebhookTestKitOptions['certificate']} */ certificate) =>
    webhooks.createWebhookTestKit(certificate ? { certificate } : {});
  const [kit, expired, notYetValid, selfSigned, wrongSubject, otherCa] = await Promise.all([
    make(undefined),
    make({ notBefore: new Date(now - 2 * YEAR_MS), notAfter: new Date(now - YEAR_MS) }),
    make({ notBefore: new Date(now + YEAR_MS / 2), notAfter: new Date(now + YEAR_MS) }),
    make({ selfSigned: true }),
    make({ commonName: 'paypal_braintree_signing_A_key' }),
    make(undefined),
  ]);
  return { kit, expired, notYetValid, selfSigned, wrongSubject, otherCa };
}

/** @param {Kit} kit @param {Partial<import('paypal-payouts/webhooks').SignOptions>} [sign] @returns {Promise<Delivery & { headers: Record<string, string> }>} */
async function signed(kit, sign = {}) {
  const body = sign.body ?? BODY;
  const webhookId = sign.webhookId ?? WEBHOOK_ID;
  return { headers: await kit.sign({ ...sign, body, webhookId }), body, webhookId };
}

/** @param {Kit} kit @param {Options} [extra] @returns {Options} */
const trusting = (kit, extra = {}) => ({ trustAnchors: kit.trustAnchors, fetchCertificate: kit.fetchCertificate, ...extra });

/** A case whose only change is the cert URL header: refused before the certificate is fetched. */
const certUrlCase = (/** @type {string} */ name, /** @type {string} */ certUrl) => ({
  name: `cert URL ${name}`,
  expect: 'cert_url_not_allowed',
  build: async (/** @type {Kits} */ { kit }) => {
    const delivery = await signed(kit);
    return { delivery: { ...delivery, headers: { ...delivery.headers, 'PAYPAL-CERT-URL': certUrl } }, noFetch: true };
  },
});

/** @type {WebhookCase[]} */
export const WEBHOOK_CASES = [
  { name: 'valid SHA256withRSA', expect: 'verified', build: async ({ kit }) => ({ delivery: await signed(kit) }) },
  {
    name: 'tampered body',
    expect: 'signature_mismatch',
    build: async ({ kit }) => {
      const delivery = await signed(kit);
      return { delivery: { ...delivery, body: BODY.replace('"value": "1.00"', '"value": "100.00"') } };
    },
  },
  {
    name: 're-serialised body',
    expect: 'signature_mismatch',
    build: async ({ kit }) => {
      const delivery = await signed(kit);
      return { delivery: { ...delivery, body: JSON.stringify(JSON.parse(BODY)) } };
    },
  },
  {
    name: 'non-ASCII body, as bytes',
    expect: 'verified',
    build: async ({ kit }) => ({ delivery: await signed(kit, { body: new TextEncoder().encode(NON_ASCII_BODY) }) }),
  },
  {
    name: 'non-ASCII body, decoded as Latin-1',
    expect: 'signature_mismatch',
    build: async ({ kit }) => {
      const bytes = new TextEncoder().encode(NON_ASCII_BODY);
      const delivery = await signed(kit, { body: bytes });
      return { delivery: { ...delivery, body: new TextDecoder('latin1').decode(bytes) } };
    },
  },
  {
    name: 'wrong webhook ID',
    expect: 'signature_mismatch',
    build: async ({ kit }) => ({ delivery: { ...(await signed(kit)), webhookId: '1JE4291016473214C' } }),
  },
  {
    name: 'event ID passed as webhook ID',
    expect: 'event_id_as_webhook_id',
    build: async ({ kit }) => ({ delivery: { ...(await signed(kit)), webhookId: EVENT_ID } }),
  },
  {
    name: 'SHA1withRSA without allowSha1',
    expect: 'sha1_not_allowed',
    build: async ({ kit }) => ({ delivery: await signed(kit, { algorithm: 'SHA1withRSA' }) }),
  },
  {
    name: 'SHA1withRSA with allowSha1',
    expect: 'verified',
    build: async ({ kit }) => ({ delivery: await signed(kit, { algorithm: 'SHA1withRSA' }), options: trusting(kit, { allowSha1: true }) }),
  },
  certUrlCase('on another host', 'https://evil.example/v1/notifications/certs/CERT-1'),
  certUrlCase('on a look-alike host', 'https://api.paypal.com.evil.example/v1/notifications/certs/CERT-1'),
  certUrlCase('on http', 'http://api.sandbox.paypal.com/v1/notifications/certs/CERT-1'),
  certUrlCase('with userinfo', 'https://user:pass@api.sandbox.paypal.com/v1/notifications/certs/CERT-1'),
  certUrlCase('on a PayPal host outside the certs path', 'https://api.sandbox.paypal.com/v1/oauth2/token'),
  certUrlCase('escaping the certs path', 'https://api.sandbox.paypal.com/v1/notifications/certs/../../oauth2/token'),
  { name: 'expired certificate', expect: 'certificate_expired', build: async ({ expired }) => ({ delivery: await signed(expired), options: trusting(expired) }) },
  {
    name: 'not-yet-valid certificate',
    expect: 'certificate_not_yet_valid',
    build: async ({ notYetValid }) => ({ delivery: await signed(notYetValid), options: trusting(notYetValid) }),
  },
  {
    name: 'self-signed certificate',
    expect: 'certificate_untrusted',
    build: async ({ selfSigned }) => ({ delivery: await signed(selfSigned), options: trusting(selfSigned) }),
  },
  {
    name: 'wrong-subject certificate',
    expect: 'certificate_wrong_subject',
    build: async ({ wrongSubject }) => ({ delivery: await signed(wrongSubject), options: trusting(wrongSubject) }),
  },
  {
    name: 'chain to an untrusted CA',
    expect: 'certificate_untrusted',
    build: async ({ kit, otherCa }) => ({ delivery: await signed(kit), options: { trustAnchors: otherCa.trustAnchors, fetchCertificate: kit.fetchCertificate } }),
  },
  {
    name: 'inside toleranceSeconds',
    expect: 'verified',
    build: async ({ kit }) => {
      const sentAt = new Date(Math.floor(Date.now() / 1000) * 1000);
      return { delivery: await signed(kit, { transmissionTime: sentAt }), options: trusting(kit, { now: new Date(sentAt.getTime() + 299_000), toleranceSeconds: 300 }) };
    },
  },
  {
    name: 'outside toleranceSeconds',
    expect: 'outside_tolerance',
    build: async ({ kit }) => {
      const sentAt = new Date(Math.floor(Date.now() / 1000) * 1000);
      return { delivery: await signed(kit, { transmissionTime: sentAt }), options: trusting(kit, { now: new Date(sentAt.getTime() + 301_000), toleranceSeconds: 300 }) };
    },
  },
  {
    name: 'outside the default tolerance (4 days)',
    expect: 'outside_tolerance',
    build: async ({ kit }) => {
      const sentAt = new Date(Math.floor(Date.now() / 1000) * 1000);
      return { delivery: await signed(kit, { transmissionTime: sentAt }), options: trusting(kit, { now: new Date(sentAt.getTime() + 4 * DAY_MS + 1000) }) };
    },
  },
  ...HEADER_NAMES.map((name) => ({
    name: `missing ${name}`,
    expect: 'missing_header',
    build: async (/** @type {Kits} */ { kit }) => {
      const delivery = await signed(kit);
      const { [name]: _dropped, ...headers } = delivery.headers;
      return { delivery: { ...delivery, headers } };
    },
  })),
  ...HEADER_NAMES.map((name) => ({
    name: `duplicated ${name}`,
    expect: 'duplicate_header',
    build: async (/** @type {Kits} */ { kit }) => {
      const delivery = await signed(kit);
      const headers = new Headers(delivery.headers);
      headers.append(name, delivery.headers[name] ?? '');
      return { delivery: { ...delivery, headers } };
    },
  })),
  {
    name: 'duplicated header in another case',
    expect: 'duplicate_header',
    build: async ({ kit }) => {
      const delivery = await signed(kit);
      return { delivery: { ...delivery, headers: { ...delivery.headers, 'paypal-transmission-sig': delivery.headers['PAYPAL-TRANSMISSION-SIG'] ?? '' } } };
    },
  },
  {
    name: 'header names in lower case',
    expect: 'verified',
    build: async ({ kit }) => {
      const delivery = await signed(kit);
      return { delivery: { ...delivery, headers: Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k.toLowerCase(), v])) } };
    },
  },
  {
    name: 'header names in mixed case',
    expect: 'verified',
    build: async ({ kit }) => {
      const delivery = await signed(kit);
      const mixed = (/** @type {string} */ name) => name.toLowerCase().replace(/(^|-)(\w)/g, (_, dash, c) => `${dash}${c.toUpperCase()}`);
      return { delivery: { ...delivery, headers: Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [mixed(k), v])) } };
    },
  },
  {
    name: 'headers as a Headers object',
    expect: 'verified',
    build: async ({ kit }) => {
      const delivery = await signed(kit);
      return { delivery: { ...delivery, headers: new Headers(delivery.headers) } };
    },
  },
];

/**
 * Runs one case; resolves with what happened, as 'verified' or a reason, and whether that was expected.
 * @param {WebhooksEntry} webhooks @param {Kits} kits @param {WebhookCase} testCase
 */
export async function runWebhookCase(webhooks, kits, testCase) {
  const { delivery, options = trusting(kits.kit), noFetch = false } = await testCase.build(kits);
  let fetches = 0;
  const fetchCertificate = options.fetchCertificate;
  const counted = fetchCertificate && { ...options, fetchCertificate: (/** @type {string} */ url) => (fetches++, fetchCertificate(url)) };
  const got = await webhooks.verifyWebhookSignature(delivery, counted || options).then(
    () => 'verified',
    (error) => (error instanceof webhooks.WebhookVerificationError ? error.reason : `threw ${error}`),
  );
  const problems = [
    ...(got === testCase.expect ? [] : [`expected ${testCase.expect}, got ${got}`]),
    ...(noFetch && fetches > 0 ? [`the certificate was fetched ${fetches} time(s) before the URL was refused`] : []),
  ];
  return { name: testCase.name, got, problems };
}

/**
 * Runs every case with kits made once; resolves with the failures, each named by its case.
 * @param {WebhooksEntry} webhooks
 */
export async function runWebhookCases(webhooks) {
  const kits = await createWebhookCaseKits(webhooks);
  const results = [];
  for (const testCase of WEBHOOK_CASES) results.push(await runWebhookCase(webhooks, kits, testCase));
  return { count: results.length, failures: results.filter((result) => result.problems.length > 0) };
}
