// A one-call check that this runtime can verify deliveries: WebCrypto RSA, X.509 parsing and chain
// building, CRC-32. The runtime matrix runs it on every runtime; users can run it at start-up.
import { WebhookVerificationError } from '../errors.js';
import { createWebhookTestKit } from './test-kit.js';
import { verifyWebhookSignature } from './verify.js';

/**
 * Signs a delivery with a fresh test kit and verifies it, then checks that a tampered copy and a
 * refused cert URL fail with the right reasons. Resolves with what was checked; throws if anything is off.
 */
export async function webhookSelfTest(): Promise<{ verified: string; refused: string[] }> {
  const kit = await createWebhookTestKit();
  const body = '{"id":"WH-SELFTEST","event_type":"PAYMENT.PAYOUTSBATCH.SUCCESS","summary":"Zahlung über 10 €"}';
  const webhookId = 'SELFTEST0WEBHOOK';
  const headers = await kit.sign({ body, webhookId });
  const options = { trustAnchors: kit.trustAnchors, fetchCertificate: kit.fetchCertificate };
  const event = await verifyWebhookSignature({ headers, body, webhookId }, options);

  const refusedWith = async (delivery: Parameters<typeof verifyWebhookSignature>[0]) => {
    try {
      await verifyWebhookSignature(delivery, options);
    } catch (error) {
      if (error instanceof WebhookVerificationError) return error.reason;
      throw error;
    }
    throw new Error('webhook self-test: a delivery that must fail was accepted');
  };
  const refused = [
    await refusedWith({ headers, body: body.replace('10', '99'), webhookId }),
    await refusedWith({ headers: { ...headers, 'PAYPAL-CERT-URL': 'https://example.com/cert' }, body, webhookId }),
  ];
  if (refused.join() !== 'signature_mismatch,cert_url_not_allowed') throw new Error(`webhook self-test: refused with ${refused.join()}`);
  return { verified: event.id, refused };
}
