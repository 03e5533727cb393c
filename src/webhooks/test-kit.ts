// A signing key, a certificate chain and PayPal's headers for tests, like stripe-node's
// generateTestHeaderString: test a webhook handler against verifyWebhookSignature without PayPal.
import { SIGNING_SUBJECTS } from './certificates.js';
import type { WebhookEnvironment } from './cert-url.js';
import { encodeSignature, RSA_PKCS1, signedString, SIGNING_ALGORITHMS, type SigningAlgorithm, type WebCryptoKeyPair } from './signature.js';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
  type X509Certificate,
} from './x509.js';

/** Options of {@link createWebhookTestKit}. */
export interface WebhookTestKitOptions {
  /** Which PayPal host the cert URL names and which subject the certificate carries. Default `sandbox`. */
  environment?: WebhookEnvironment;
  /** Overrides for the signing certificate, to test how a handler meets a bad one. */
  certificate?: {
    /** Subject CN. Default: PayPal's message-verification name for the environment. */
    commonName?: string;
    notBefore?: Date;
    notAfter?: Date;
    /** Sign the certificate with its own key instead of the test CA's. */
    selfSigned?: boolean;
  };
}

/** What {@link WebhookTestKit.sign} signs. */
export interface SignOptions {
  /** The raw body that will be delivered. */
  body: string | Uint8Array;
  /** Your subscription's webhook ID, as verifyWebhookSignature will be given it. */
  webhookId: string;
  /** Default: a new UUID. */
  transmissionId?: string;
  /** Default: now, in whole seconds as PayPal sends it. */
  transmissionTime?: Date | string;
  /** Default `SHA256withRSA`. */
  algorithm?: SigningAlgorithm;
}

/** Test certificates and a signer, so tests can deliver webhooks that verify. Made by {@link createWebhookTestKit}. */
export interface WebhookTestKit {
  /** PEM of the kit's root CA: pass it as `trustAnchors`. */
  trustAnchors: string[];
  /** A cert URL on PayPal's API host for the environment, unique to this kit. */
  certUrl: string;
  /** The leaf and intermediate PEM for `certUrl`; rejects for any other URL. Pass it as `fetchCertificate`. */
  fetchCertificate: (url: string) => Promise<string>;
  /** The PAYPAL-* headers PayPal would send with `body`. */
  sign: (options: SignOptions) => Promise<Record<string, string>>;
}

const HOSTS: Record<WebhookEnvironment, string> = { live: 'api.paypal.com', sandbox: 'api.sandbox.paypal.com' };
const DAY_MS = 24 * 60 * 60 * 1000;
const KEY_ALGORITHM = { name: RSA_PKCS1, hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

/** Makes a test root CA, an intermediate and a signing certificate (RSA 2048), and signs with them. */
export async function createWebhookTestKit(options: WebhookTestKitOptions = {}): Promise<WebhookTestKit> {
  const environment = options.environment ?? 'sandbox';
  const { commonName = SIGNING_SUBJECTS[environment], selfSigned = false } = options.certificate ?? {};
  const now = Date.now();
  const notBefore = options.certificate?.notBefore ?? new Date(now - DAY_MS);
  const notAfter = options.certificate?.notAfter ?? new Date(now + 365 * DAY_MS);
  const tag = crypto.randomUUID().slice(0, 8);

  const [rootKeys, intermediateKeys, leafKeys] = await Promise.all([generateKeys(), generateKeys(), generateKeys()]);
  const root = await issue({
    subject: `CN=Webhook Test Root CA ${tag}`,
    keys: rootKeys,
    ca: { pathLength: 1 },
    validity: [new Date(now - 2 * DAY_MS), new Date(now + 730 * DAY_MS)],
  });
  const intermediate = await issue({
    subject: `CN=Webhook Test Intermediate CA ${tag}`,
    keys: intermediateKeys,
    issuer: { certificate: root, keys: rootKeys },
    ca: { pathLength: 0 },
    validity: [new Date(now - 2 * DAY_MS), new Date(now + 730 * DAY_MS)],
  });
  const leaf = await issue({
    subject: `CN=${commonName}, O=Webhook Test ${tag}`,
    keys: leafKeys,
    ...(selfSigned ? {} : { issuer: { certificate: intermediate, keys: intermediateKeys } }),
    validity: [notBefore, notAfter],
  });

  const certUrl = `https://${HOSTS[environment]}/v1/notifications/certs/CERT-TEST-${crypto.randomUUID()}`;
  const chainPem = `${leaf.toString('pem')}\n${selfSigned ? '' : intermediate.toString('pem')}\n`;
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', leafKeys.privateKey);

  return {
    trustAnchors: [root.toString('pem')],
    certUrl,
    fetchCertificate: async (url) => {
      if (url !== certUrl) throw new Error(`the test kit serves ${certUrl} only, not ${url}`);
      return chainPem;
    },
    sign: async ({ body, webhookId, transmissionId = crypto.randomUUID(), transmissionTime = new Date(), algorithm = 'SHA256withRSA' }) => {
      const time = typeof transmissionTime === 'string' ? transmissionTime : wholeSeconds(transmissionTime);
      const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
      const key = await crypto.subtle.importKey('pkcs8', pkcs8, { name: RSA_PKCS1, hash: SIGNING_ALGORITHMS[algorithm] }, false, ['sign']);
      const data = new TextEncoder().encode(signedString(transmissionId, time, webhookId, bytes));
      return {
        'PAYPAL-TRANSMISSION-ID': transmissionId,
        'PAYPAL-TRANSMISSION-TIME': time,
        'PAYPAL-TRANSMISSION-SIG': encodeSignature(await crypto.subtle.sign(RSA_PKCS1, key, data)),
        'PAYPAL-CERT-URL': certUrl,
        'PAYPAL-AUTH-ALGO': algorithm,
        'PAYPAL-AUTH-VERSION': 'v2',
      };
    },
  };
}

const wholeSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const generateKeys = () => crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']) as Promise<WebCryptoKeyPair>;

interface IssueParams {
  subject: string;
  keys: WebCryptoKeyPair;
  /** Absent: self-signed. */
  issuer?: { certificate: X509Certificate; keys: WebCryptoKeyPair };
  /** Absent: an end-entity certificate that signs messages. */
  ca?: { pathLength: number };
  validity: [Date, Date];
}

async function issue({ subject, keys, issuer, ca, validity: [notBefore, notAfter] }: IssueParams): Promise<X509Certificate> {
  const usages = ca ? KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign : KeyUsageFlags.digitalSignature;
  return X509CertificateGenerator.create({
    serialNumber: Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => byte.toString(16).padStart(2, '0')).join(''),
    subject,
    issuer: issuer?.certificate.subject ?? subject,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: (issuer?.keys ?? keys).privateKey,
    signingAlgorithm: KEY_ALGORITHM,
    extensions: [
      new BasicConstraintsExtension(ca !== undefined, ca?.pathLength, true),
      new KeyUsagesExtension(usages, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
      await AuthorityKeyIdentifierExtension.create((issuer?.keys ?? keys).publicKey),
    ],
  });
}
