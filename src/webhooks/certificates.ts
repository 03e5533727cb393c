// Checks the certificate PayPal signs with: parsed with @peculiar/x509, chained to the trust anchors,
// PayPal's message-verification subject, valid at `now`. Returns its public key for WebCrypto.
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
 * Checks the chain in `pem` (leaf first, then any intermediates) and returns the leaf's RSA public key,
 * imported for `hash`.
 */
export async function signingKey(
  pem: string,
  { anchors, environment, now, hash }: { anchors: X509Certificate[]; environment: WebhookEnvironment; now: Date; hash: string },
): Promise<WebCryptoKey> {
  const [leaf, ...intermediates] = parseCertificates(pem);
  const expected = SIGNING_SUBJECTS[environment];
  const names = leaf!.subjectName.getField('CN');
  if (names.length !== 1 || names[0] !== expected) {
    throw refuse('certificate_wrong_subject', `the certificate's subject is ${leaf!.subject}, not CN=${expected}`);
  }
  checkValidity(leaf!, now);

  const chain = await new X509ChainBuilder({ certificates: [...intermediates, ...anchors] }).build(leaf!);
  const anchorAt = chain.findIndex((certificate) => anchors.some((anchor) => anchor.equal(certificate)));
  if (anchorAt < 1) throw refuse('certificate_untrusted', `the certificate (issuer ${leaf!.issuer}) does not chain to a trusted CA`);
  const issuers = chain.slice(1, anchorAt + 1);
  issuers.forEach((issuer, index) => {
    checkIssuer(issuer, index);
    checkValidity(issuer, now);
  });
  checkKeyUsage(leaf!, KeyUsageFlags.digitalSignature, 'the certificate may not sign');

  if (leaf!.publicKey.algorithm.name !== RSA_PKCS1) throw refuse('certificate_invalid', 'the certificate has no RSA key');
  try {
    return await crypto.subtle.importKey('spki', leaf!.publicKey.rawData, { name: RSA_PKCS1, hash }, false, ['verify']);
  } catch (cause) {
    throw refuse('certificate_invalid', "the certificate's RSA key cannot be imported", cause);
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

function checkValidity(certificate: X509Certificate, now: Date) {
  if (now < certificate.notBefore) {
    throw refuse('certificate_not_yet_valid', `${certificate.subject} is valid from ${certificate.notBefore.toISOString()}, after ${now.toISOString()}`);
  }
  if (now > certificate.notAfter) {
    throw refuse('certificate_expired', `${certificate.subject} expired on ${certificate.notAfter.toISOString()}, before ${now.toISOString()}`);
  }
}
