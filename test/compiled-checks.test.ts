// The compiled checks of generated/checks.ts against the zod schemas they were compiled from: for every
// request part, on valid inputs and on systematic mutations of each of their fields (and on random values
// in each field's place), the same issues, in the same order, with the same paths and messages.
import fc from 'fast-check';
import { safeParse } from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import english from 'zod/v4/locales/en.js';
import { describe, expect, it } from 'vitest';
import * as checks from '../generated/checks.js';
import * as zod from '../generated/zod.js';
import { IssueReport } from '../src/issue-report.js';
import { createBody } from './support/local-server.js';
import { batchEventBody } from './support/webhook-events.js';

const { localeError } = english();
type Check = (value: unknown, report: checks.Report, key?: PropertyKey) => void;

/** What the compiled check reports. */
function compiled(check: Check, value: unknown) {
  const report = new IssueReport();
  check(value, report);
  return report.issues;
}

/** What zod reports, its paths written as the report writes them. */
function byZod(schema: $ZodType, value: unknown) {
  const result = safeParse(schema, value, { error: localeError });
  return result.success ? [] : result.error.issues.map((issue) => ({ path: new IssueReport().where(...issue.path), message: issue.message }));
}

/** Every compiled part, with the zod schema of the same name. */
const PARTS = Object.entries(checks)
  .filter((entry): entry is [string, Check] => typeof entry[1] === 'function')
  .map(([name, check]) => ({ name, check, schema: (zod as unknown as Record<string, $ZodType>)[`z${name.slice('check'.length)}`]! }));

/** A valid item using every field of the contract. */
const FULL_ITEM = {
  recipient_type: 'PHONE',
  amount: { value: '10.00', currency: 'USD' },
  note: 'Thanks',
  receiver: '4085551234',
  sender_item_id: 'item-1',
  recipient_wallet: 'VENMO',
  alternate_notification_method: { phone: { country_code: '1', national_number: '4085551234', extension_number: '12' } },
  notification_language: 'en-US',
  application_context: { social_feed_privacy: 'PRIVATE', holler_url: 'https://example.com/h', logo_url: 'https://example.com/l.png' },
  purpose: 'GOODS',
};

/** A verify body as verifyOnline sends it (the headers of test/webhooks.client.test.ts). */
const VERIFY_BODY = {
  auth_algo: 'SHA256withRSA',
  cert_url: 'https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270',
  transmission_id: '69cd13f0-d67a-11e5-baa3-778b53f4ae55',
  transmission_sig: '/+lmI95Jx3Y9nhR5SJWlHVIWpg4AgFk7n9bCHSRxbrd8A9zrhdu2rMyFrmz==',
  transmission_time: '2026-11-21T10:00:43Z',
  webhook_id: '1JE4291016473214C',
  webhook_event: JSON.parse(batchEventBody()) as unknown,
};

/** Valid inputs per part (a part not listed gets `{}` and the values below). */
const SAMPLES: Record<string, unknown[]> = {
  checkPayoutsPostBody: [createBody(3), { sender_batch_header: { sender_batch_id: 'b', recipient_type: 'EMAIL', email_subject: 's', email_message: 'm', note: 'n' }, items: [FULL_ITEM] }],
  checkPayoutsPostHeaders: [{ 'PayPal-Request-Id': 'abc' }],
  checkPayoutsGetPath: [{ id: 'B1' }],
  checkPayoutsGetQuery: [{ page: 2, page_size: 10, total_required: true, fields: 'batch_header' }],
  checkPayoutsItemGetPath: [{ payout_item_id: 'I1' }],
  checkPayoutsItemCancelPath: [{ payout_item_id: 'I1' }],
  checkPayoutsItemCancelHeaders: [{ 'PayPal-Request-Id': 'abc' }],
  checkOauth2TokenBody: [{ grant_type: 'client_credentials' }],
  checkWebhooksListQuery: [{ anchor_type: 'APPLICATION' }],
  checkWebhooksPostBody: [{ url: 'https://example.com/hook', event_types: [{ name: 'PAYMENT.PAYOUTSBATCH.SUCCESS' }, { name: '*' }] }],
  checkWebhooksGetPath: [{ webhook_id: 'W1' }],
  checkWebhooksDeletePath: [{ webhook_id: 'W1' }],
  checkWebhooksEventsGetPath: [{ event_id: 'WH-1' }],
  checkWebhooksEventsResendPath: [{ event_id: 'WH-1' }],
  checkWebhooksEventsResendBody: [{ webhook_ids: ['W1', 'W2'] }],
  checkVerifyWebhookSignaturePostBody: [VERIFY_BODY, { ...VERIFY_BODY, transmission_time: '2024-02-29T23:59:59.123456Z', webhook_event: {} }],
  checkSimulateEventPostBody: [{ webhook_id: 'W1', url: 'https://example.com/hook', event_type: 'PAYMENT.PAYOUTSBATCH.SUCCESS', resource_version: '1.0' }],
  checkCreatePayoutRequest: [createBody(2)],
  checkPayoutItem: [FULL_ITEM, createBody(1).items[0]],
};

class Temperature {
  constructor(readonly degrees: number) {}
}

/** What each field is replaced with: every type, the edges of lengths and numbers, line breaks, code points. */
const REPLACEMENTS: unknown[] = [
  undefined, null, 0, -1, 1, 1.5, 2, 999, 1000, 1001, 15_000, 2 ** 53, -(2 ** 53), NaN, Infinity, -Infinity, true, false,
  '', 'x', 'xx', 'a\nb', 'a\u2028b', 'tab\there', ' https://example.com ', 'https://exa\tmple.com', 'not a url', 'http:x',
  'x'.repeat(14), 'x'.repeat(64), 'x'.repeat(128), 'x'.repeat(257), 'x'.repeat(1001), 'x'.repeat(4001), '😀'.repeat(7), '😀'.repeat(64), '😀'.repeat(128),
  '2026-11-21T10:00:43Z', '2026-11-21T10:00:43.5Z', '2026-11-21T10:00Z', '2026-11-21T10:00:43+01:00', '2026-11-21 10:00:43Z', '2023-02-29T10:00:43Z',
  'SHA256withRSA', '69cd13f0-d67a', '12345',
  'EMAIL', 'client_credentials', 'APPLICATION', 'GOODS', 'en', 'en-US', 'EN', '123', '1234567890123456',
  [], [1, 2], ['a'], { length: 3 }, { length: 'abc' }, { length: 99_999 }, {}, { extra: 'y\u0001' }, new Date(0), new Temperature(3), Object.create(null),
];

/** Every path into `value` (objects and arrays), the value's own place first. */
function paths(value: unknown, at: PropertyKey[] = []): PropertyKey[][] {
  const own = [at];
  if (typeof value !== 'object' || value === null) return own;
  return [...own, ...Object.keys(value).flatMap((key) => paths((value as Record<string, unknown>)[key], [...at, Array.isArray(value) ? Number(key) : key]))];
}

/** `value` with the node at `path` replaced (or deleted, for undefined), copied. */
function replaced(value: unknown, path: PropertyKey[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [key, ...rest] = path as [PropertyKey, ...PropertyKey[]];
  const next = replaced((copy as Record<PropertyKey, unknown>)[key], rest, replacement);
  if (next === undefined && !Array.isArray(copy)) delete (copy as Record<PropertyKey, unknown>)[key];
  else (copy as Record<PropertyKey, unknown>)[key] = next;
  return copy;
}

/** The shape keys of an object schema at `path` of a sample, to add missing optional fields too. */
function mutations(sample: unknown): unknown[] {
  return paths(sample).flatMap((path) => REPLACEMENTS.map((replacement) => replaced(sample, path, replacement)));
}

describe('compiled checks report what zod reports', () => {
  it('covers every request part but the ones left to zod', () => {
    expect(PARTS.map(({ name }) => name).sort()).toEqual(Object.keys(SAMPLES).sort());
    for (const { name, schema } of PARTS) expect(schema, name).toBeDefined();
  });

  it.each(PARTS.map((part) => [part.name, part] as const))('%s: valid inputs and every field mutated', (_, { check, schema }) => {
    const samples = SAMPLES[PARTS.find((part) => part.check === check)!.name] ?? [{}];
    let compared = 0;
    for (const sample of samples) {
      expect(compiled(check, sample), 'a valid sample').toEqual([]);
      for (const input of [sample, ...mutations(sample), ...REPLACEMENTS]) {
        expect(compiled(check, input), JSON.stringify(input)?.slice(0, 300)).toEqual(byZod(schema, input));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(REPLACEMENTS.length);
  });

  it('a create body: empty items, 15,001 items, items of every wrong type, and extra fields everywhere', () => {
    const bodies = [
      { ...createBody(1), items: [] },
      createBody(15_001),
      { ...createBody(1), items: [null, 'x', 3, [], {}, { amount: [] }] },
      { ...createBody(1), extra: 1, items: [{ ...FULL_ITEM, extra: { deep: '\u0002' } }] },
      { sender_batch_header: [], items: {} },
    ];
    for (const body of bodies) expect(compiled(checks.checkPayoutsPostBody, body)).toEqual(byZod(zod.zPayoutsPostBody, body));
  });

  it('random values in every field of a full create body', () => {
    const sample = SAMPLES.checkPayoutsPostBody![1];
    const places = paths(sample);
    fc.assert(
      fc.property(fc.constantFrom(...places), fc.anything({ withNullPrototype: true, withBigInt: false }), (path, value) => {
        const input = replaced(sample, path, value);
        expect(compiled(checks.checkPayoutsPostBody, input)).toEqual(byZod(zod.zPayoutsPostBody, input));
      }),
      { numRuns: 2_000 },
    );
  });

  it('a verify body: odd events (symbol keys, class instances, null prototypes) and random values in every field', () => {
    const events = [{ [Symbol('hidden')]: 1, id: 'WH-1' }, Object.defineProperty({}, Symbol('quiet'), { value: 1, enumerable: false }), new Map(), new Temperature(3), Object.create(null), [], 'x', null];
    for (const webhook_event of events) {
      const input = { ...VERIFY_BODY, webhook_event };
      expect(compiled(checks.checkVerifyWebhookSignaturePostBody, input)).toEqual(byZod(zod.zVerifyWebhookSignaturePostBody, input));
    }
    const places = paths(VERIFY_BODY).filter((path) => path.length <= 1);
    fc.assert(
      fc.property(fc.constantFrom(...places), fc.oneof(fc.anything({ withNullPrototype: true, withBigInt: false }), fc.date({ noInvalidDate: true }).map((date) => date.toISOString())), (path, value) => {
        const input = replaced(VERIFY_BODY, path, value);
        expect(compiled(checks.checkVerifyWebhookSignaturePostBody, input)).toEqual(byZod(zod.zVerifyWebhookSignaturePostBody, input));
      }),
      { numRuns: 1_000 },
    );
  });
});
