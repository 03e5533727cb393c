import { existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const GENERATED = path.join(ROOT, 'generated');
/** PayPal's published Payouts document, beside the checkout as ../shared (absent outside this workspace). */
export const UPSTREAM = path.resolve(ROOT, '../shared/upstream/payments_payouts_batch_v1.json');
export const hasUpstream = existsSync(UPSTREAM);
/** PayPal's published Webhooks document, beside the checkout as ../shared (absent outside this workspace). */
export const WEBHOOKS_UPSTREAM = path.resolve(ROOT, '../shared/upstream/notifications_webhooks_v1.json');
