// Chains an attacker could build from certificates that are valid in themselves: the chain builder
// checks names and signatures, so these prove the CA checks on top of it.
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature, WebhookVerificationError } from '../src/webhooks/index.js';
import { encodeSignature, RSA_PKCS1, signedString, type WebCryptoKeyPair } from '../src/webhooks/signature.js';
import {
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  X509CertificateGenerator,
  type X509Certificate,
} from '../src/webhooks/x509.js';
import { batchEventBody } from './support/webhook-events.js';

const ALGORITHM = { name: RSA_PKCS1, hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const DAY = 86_400_000;
const CERT_URL = 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-CHAIN-TEST';

const keys = () => crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<WebCryptoKeyPair>;

function certificate(subject: string, own: WebCryptoKeyPair, issuer: { name: string; keys: WebCryptoKeyPair } | null, ca: number | null) {
  return X509CertificateGenerator.create({
    subject,
    issuer: issuer?.name ?? subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 30 * DAY),
    publicKey: own.publicKey,
    signingKey: (issuer?.keys ?? own).privateKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new BasicConstraintsExtension(ca !== null, ca ?? undefined, true),
      new KeyUsagesExtension(ca !== null ? KeyUsageFlags.keyCertSign : KeyUsageFlags.digitalSignature, true),
    ],
  });
}

/** A delivery signed with `signer`, whose certificate chain the cert URL serves. */
async function deliveryFrom(signer: WebCryptoKeyPair, chain: X509Certificate[], anchor: X509Certificate) {
  const body = batchEventBody();
  const [id, time, webhookId] = [crypto.randomUUID(), new Date().toISOString().replace(/\.\d+Z$/, 'Z'), 'WEBHOOKCHAINTEST'];
  const data = new TextEncoder().encode(signedString(id, time, webhookId, new TextEncoder().encode(body)));
  const headers = {
    'paypal-transmission-id': id,
    'paypal-transmission-time': time,
    'paypal-transmission-sig': encodeSignature(await crypto.subtle.sign(RSA_PKCS1, signer.privateKey, data)),
    'paypal-cert-url': CERT_URL,
    'paypal-auth-algo': 'SHA256withRSA',
  };
  const options = {
    trustAnchors: [anchor.toString('pem')],
    fetchCertificate: async () => chain.map((c) => c.toString('pem')).join('\n'),
  };
  return verifyWebhookSignature({ headers, body, webhookId }, options);
}

describe('certificate chains', () => {
  it('refuses a PayPal-named certificate issued by a leaf that is not a CA', async () => {
    const [rootKeys, shopKeys, forgedKeys] = await Promise.all([keys(), keys(), keys()]);
    const root = await certificate('CN=Chain Test Root', rootKeys, null, 1);
    const shop = await certificate('CN=shop.example', shopKeys, { name: root.subject, keys: rootKeys }, null);
    const forged = await certificate('CN=messageverificationcerts.sandbox.paypal.com', forgedKeys, { name: shop.subject, keys: shopKeys }, null);

    const error = await deliveryFrom(forgedKeys, [forged, shop], root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as WebhookVerificationError).reason).toBe('certificate_untrusted');
    expect((error as Error).message).toMatch(/shop\.example is not a CA/);
  });

  it.each([
    [0, 'certificate_untrusted'],
    [1, null],
  ])('with a root of path length %i, an intermediate CA below it is refused: %s', async (pathLength, reason) => {
    const [rootKeys, caKeys, leafKeys] = await Promise.all([keys(), keys(), keys()]);
    const root = await certificate('CN=Chain Test Root', rootKeys, null, pathLength);
    const ca = await certificate('CN=Chain Test CA', caKeys, { name: root.subject, keys: rootKeys }, 0);
    const leaf = await certificate('CN=messageverificationcerts.sandbox.paypal.com', leafKeys, { name: ca.subject, keys: caKeys }, null);
    const outcome = await deliveryFrom(leafKeys, [leaf, ca], root).then(
      () => null,
      (e: unknown) => (e as WebhookVerificationError).reason,
    );
    expect(outcome).toBe(reason);
  });
});
