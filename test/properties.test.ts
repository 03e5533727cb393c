// Property-based: generated create bodies. Valid ones pass validation and Prism accepts them with no
// contract violation; invalid ones throw a ValidationError naming the broken path, and send nothing.
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { PayoutsClient, ValidationError, type CreatePayoutRequest } from '../src/index.js';

const SEED = 20_261_121;
const WHOLE_UNIT = ['JPY', 'HUF', 'TWD'];
const RECIPIENT_TYPES = ['EMAIL', 'PHONE', 'PAYPAL_ID', 'USER_HANDLE'] as const;
const printable = (maxLength: number) => fc.stringMatching(new RegExp(`^[ -~]{0,${maxLength}}$`));

const amount = fc
  .record({
    currency: fc.constantFrom('USD', 'EUR', 'GBP', 'CAD', ...WHOLE_UNIT),
    units: fc.integer({ min: 0, max: 19_999 }), // within our per-item cap of 20,000 USD
    cents: fc.integer({ min: 0, max: 99 }),
    decimals: fc.integer({ min: 0, max: 2 }),
  })
  .filter(({ units, cents, decimals }) => units > 0 || (decimals > 0 && cents > 0))
  .map(({ currency, units, cents, decimals }) => {
    const places = WHOLE_UNIT.includes(currency) ? 0 : decimals;
    const fraction = places === 0 ? '' : `.${String(cents).padStart(2, '0').slice(0, places)}`;
    return { currency, value: `${units}${fraction}` };
  })
  .filter(({ value }) => Number(value) > 0);

const validBody: fc.Arbitrary<CreatePayoutRequest> = fc
  .record({
    headerType: fc.option(fc.constantFrom(...RECIPIENT_TYPES), { nil: undefined }),
    senderBatchId: fc.uuid(),
    subject: fc.option(printable(60), { nil: undefined }),
    items: fc.array(
      fc.record({
        type: fc.option(fc.constantFrom(...RECIPIENT_TYPES), { nil: undefined }),
        amount,
        // A receiver for each recipient type, the one that fits is used (the rules of item-rules.ts).
        receivers: fc.record({
          EMAIL: fc.emailAddress().filter((email) => email.length <= 127),
          PHONE: fc.stringMatching(/^\+[1-9]\d{6,14}$/),
          PAYPAL_ID: fc.stringMatching(/^[A-Z0-9]{13}$/),
          USER_HANDLE: fc.stringMatching(/^@[a-z0-9_-]{5,30}$/),
        }),
        note: fc.option(printable(80), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 12 },
    ),
  })
  .map(({ headerType, senderBatchId, subject, items }) => ({
    sender_batch_header: { sender_batch_id: senderBatchId, recipient_type: headerType, email_subject: subject },
    items: items.map(({ type, amount, receivers, note }, index) => {
      const effective = type ?? headerType ?? 'EMAIL';
      // A handle is Venmo's: USD only, with a note (paypal-facts.md #7).
      const venmo = effective === 'USER_HANDLE';
      return {
        recipient_type: type ?? (headerType ? undefined : 'EMAIL'),
        amount: venmo ? { currency: 'USD', value: amount.value } : amount,
        receiver: receivers[effective],
        note: venmo ? `${note ?? ''}thanks` : note,
        ...(venmo && { recipient_wallet: 'VENMO' as const }),
        sender_item_id: `item-${index}`,
      };
    }),
  }));

type Mutation = (body: CreatePayoutRequest, k: number) => string; // breaks item k, returns the path to report
const MUTATIONS: Record<string, Mutation> = {
  'three decimals': (body, k) => ((body.items[k]!.amount = { currency: 'USD', value: '1.001' }), `items[${k}].amount.value`),
  'decimals in a whole-unit currency': (body, k) => ((body.items[k]!.amount = { currency: 'JPY', value: '10.5' }), `items[${k}].amount.value`),
  'a negative amount': (body, k) => ((body.items[k]!.amount.value = '-5'), `items[${k}].amount.value`),
  'a lower-case currency': (body, k) => ((body.items[k]!.amount.currency = 'usd'), `items[${k}].amount.currency`),
  'no receiver': (body, k) => (delete (body.items[k] as Partial<CreatePayoutRequest['items'][number]>).receiver, `items[${k}].receiver`),
  'an overlong receiver': (body, k) => ((body.items[k]!.receiver = 'r'.repeat(128)), `items[${k}].receiver`),
  'an unknown recipient type': (body, k) => ((body.items[k]!.recipient_type = 'FAX'), `items[${k}].recipient_type`),
  'no recipient type anywhere': (body, k) => {
    delete body.sender_batch_header.recipient_type;
    delete body.items[k]!.recipient_type;
    return `items[${k}].recipient_type`;
  },
  'a repeated sender_item_id': (body, k) => {
    body.items.push({ ...body.items[k]!, amount: { ...body.items[k]!.amount } });
    return `items[${body.items.length - 1}].sender_item_id`;
  },
  'a note with a line break': (body, k) => ((body.items[k]!.note = 'line one\nline two'), `items[${k}].note`),
};

/** A client whose every request is counted: the public `fetch` option, going to the real server. */
function countingClient(baseUrl: string) {
  const sent: Response[] = [];
  const fetchAndKeep: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    sent.push(response);
    return response;
  };
  return { sent, client: new PayoutsClient({ clientId: 'property', clientSecret: 'property-secret', baseUrl, fetch: fetchAndKeep, maxRetries: 0 }) };
}

describe('generated create bodies', () => {
  it('valid ones are accepted by Prism with no contract violation', async () => {
    await fc.assert(
      fc.asyncProperty(validBody, async (body) => {
        const { client, sent } = countingClient(inject('prismUrl'));
        const { response } = await client.payouts.create(body).withResponse();
        expect(response.status).toBe(201);
        expect(sent.map((answer) => answer.headers.get('sl-violations'))).toEqual([null, null]);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('invalid ones throw a ValidationError naming the broken path, and send nothing', async () => {
    const invalid = fc
      .tuple(validBody, fc.constantFrom(...Object.keys(MUTATIONS)), fc.nat())
      .map(([body, name, index]) => {
        const k = index % body.items.length;
        return { body, name, path: MUTATIONS[name]!(body, k) };
      });
    await fc.assert(
      fc.asyncProperty(invalid, async ({ body, path }) => {
        const { client, sent } = countingClient(inject('prismUrl'));
        const error = await client.payouts.create(body).then(undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues.map((issue) => issue.path)).toContain(path);
        expect(sent).toHaveLength(0);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
