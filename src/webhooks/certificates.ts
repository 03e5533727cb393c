// Checks the certificate PayPal signs with: parsed with @peculiar/x509, chained to the trust anchors,
// PayPal's message-verification subject. What depends only on the certificate is checked once and
// cached (certificate-cache.ts); what depends on `now`, its validity window, on every delivery.
import { refuse } from './errors.js';
import type { WebhookEnvironment } from './cert-url.js';
import { RSA_PKCS1, type WebCryptoKey } from './signature.js';
import { BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, X509ChainBuilder, X509Certificate } from './x509.js';

/** The subject CN of PayPal's signing certificate, per environment (the name PayPal's SDKs checked). */
export const SIGNING_SUBJECTS: Record<WebhookEnvironment, string> = {
  live: 'messageverificationcerts.paypal.com',
  sandbox: 'messageverificationcerts.sandbox.paypal.com',
};

/** A leaf and its intermediates is all PayPal serves; more is not a certificate we want to walk. */
const MAX_CERTIFICATES = 8;

/** A certificate chain that passed every check that does not depend on the time, and the leaf's key. */
export interface CheckedCertificate {
  /** The leaf's RSA public key, imported for the hash it was checked for. */
  key: WebCryptoKey;
  /** Leaf first, then each issuer up to the trust anchor: what must be valid at the time of a delivery. */
  validity: readonly Validity[];
  /** The latest notBefore and earliest notAfter of the chain, in ms: inside it, no certificate needs a look. */
  validFrom: number;
  validUntil: number;
}

interface Validity {
  subject: string;
  notBefore: Date;
  notAfter: Date;
}

/** Parses every PEM certificate in `pem`, leaf first. */
export function parseCertificates(pem: string, what = 'the certificate'): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0 || blocks.length > MAX_CERTIFICATES) {
    throw refuse('certificate_invalid', `${what} is not one to ${MAX_CERTIFICATES} PEM certificates`);
  }
  try {
    return blocks.map((block) => new X509Certificate(block));
  } catch (cause) {
    throw refuse('certificate_invalid', `${what} is not a valid X.509 certificate`, cause);
  }
}

/**
 * Checks the chain in `pem` (leaf first, then any intermediates): subject, chain to an anchor, CA
 * constraints, key usage; imports the leaf's RSA public key for `hash`. Not the validity dates:
 * `checkValidity` checks them against the time of each delivery.
 */
export async function checkCertificate(
  pem: string,
  { anchors, environment, hash }: { anchors: X509Certificate[]; environment: WebhookEnvironment; hash: string },
): Promise<CheckedCertificate> {
  const [leaf, ...intermediates] = parseCertificates(pem);
  const expected = SIGNING_SUBJECTS[environment];
  const names = leaf!.subjectName.getField('CN');
  if (names.length !== 1 || names[0] !== expected) {
    throw refuse('certificate_wrong_subject', `the certificate's subject is ${leaf!.subject}, not CN=${expected}`);
  }

  const chain = await new X509ChainBuilder({ certificates: [...intermediates, ...anchors] }).build(leaf!);
  const anchorAt = chain.findIndex((certificate) => anchors.some((anchor) => anchor.equal(certificate)));
  if (anchorAt < 1) throw refuse('certificate_untrusted', `the certificate (issuer ${leaf!.issuer}) does not chain to a trusted CA`);
  const checked = chain.slice(0, anchorAt + 1);
  checked.slice(1).forEach(checkIssuer);
  checkKeyUsage(leaf!, KeyUsageFlags.digitalSignature, 'the certificate may not sign');

  if (leaf!.publicKey.algorithm.name !== RSA_PKCS1) throw refuse('certificate_invalid', 'the certificate has no RSA key');
  let key: WebCryptoKey;
  try {
    key = await crypto.subtle.importKey('spki', leaf!.publicKey.rawData, { name: RSA_PKCS1, hash }, false, ['verify']);
  } catch (cause) {
    throw refuse('certificate_invalid', "the certificate's RSA key cannot be imported", cause);
  }
  const validity = checked.map(({ subject, notBefore, notAfter }) => ({ subject, notBefore, notAfter }));
  return {
    key,
    validity,
    validFrom: Math.max(...validity.map(({ notBefore }) => notBefore.getTime())),
    validUntil: Math.min(...validity.map(({ notAfter }) => notAfter.getTime())),
  };
}

/** Every certificate of the chain must be valid at `now`: the leaf is named first when several are not. */
export function checkValidity(certificate: CheckedCertificate, now: Date) {
  const time = now.getTime();
  if (time >= certificate.validFrom && time <= certificate.validUntil) return;
  for (const { subject, notBefore, notAfter } of certificate.validity) {
    if (now < notBefore) throw refuse('certificate_not_yet_valid', `${subject} is valid from ${notBefore.toISOString()}, after ${now.toISOString()}`);
    if (now > notAfter) throw refuse('certificate_expired', `${subject} expired on ${notAfter.toISOString()}, before ${now.toISOString()}`);
  }
}

/**
 * The chain builder checks names and signatures only. An issuer must also be a CA: otherwise anyone
 * holding a DigiCert leaf certificate could issue a "messageverificationcerts.paypal.com" one.
 * `below` counts the intermediates between it and the leaf, for its path length constraint.
 */
function checkIssuer(issuer: X509Certificate, below: number) {
  const constraints = issuer.getExtension(BasicConstraintsExtension);
  if (!constraints?.ca) throw refuse('certificate_untrusted', `${issuer.subject} is not a CA but issued a certificate of the chain`);
  if (constraints.pathLength !== undefined && below > constraints.pathLength) {
    throw refuse('certificate_untrusted', `${issuer.subject} may not issue CAs this deep (path length ${constraints.pathLength})`);
  }
  checkKeyUsage(issuer, KeyUsageFlags.keyCertSign, `${issuer.subject} may not sign certificates`);
}

function checkKeyUsage(certificate: X509Certificate, flag: KeyUsageFlags, problem: string) {
  const usage = certificate.getExtension(KeyUsagesExtension);
  if (usage && (usage.usages & flag) === 0) throw refuse('certificate_untrusted', problem);
}
