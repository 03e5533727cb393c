// What PayPal refuses in one payout item, beyond the contract's schema: its currency, amount, receiver,
// wallet and Venmo rules, and control characters in any text. Shared by payouts.create, client.request,
// the bulk runner and the local PayPal (through assertValidCreatePayout), so all four refuse alike.
import type { ValidationIssue } from './errors.js';

/**
 * PayPal's currency-code table (paypal-facts.md #8: developer.paypal.com/docs/archive/mass-pay/integration-guide/currency-codes/,
 * mirrored at doc.oroinc.com "PayPal Currency and Currency Codes"). A string, not a set: the main entry's size counts.
 */
const CURRENCIES = 'AUD BRL CAD CHF CZK DKK EUR GBP HKD HUF ILS JPY MXN MYR NOK NZD PHP PLN SEK SGD THB TWD USD';
/** "This currency does not support decimals. Decimal amounts cause an error" (same table, paypal-facts.md #8). */
const WHOLE_UNIT = 'HUF JPY TWD';
/**
 * Our choice: a per-item cap of 20,000 USD. PayPal's published cap is uncertain (paypal-facts.md #9: $20,000
 * cited, $10,000 in 2016; low confidence). Other currencies: at most 9 digits before the point (ours), so a
 * value such as 9.9e28 never passes.
 */
const MAX_USD = 20_000;
const MAX_WHOLE_DIGITS = 9;
const AMOUNT = /^(0|[1-9]\d*)(\.\d+)?$/;
/** Our choices for receiver shapes; PayPal publishes none beyond the contract's 127 characters. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A phone number: optional +, digits with spaces, dashes, dots or brackets, 7 to 15 digits (E.164's maximum). */
const PHONE = /^\+?[\d\s().-]+$/;
/** A US mobile number for Venmo: 10 digits, optionally after +1 or 1 (paypal-facts.md #7). */
const US_PHONE = /^(\+?1)?\d{10}$/;
/** PayPal's account IDs (payer IDs) are 13 upper-case letters and digits. */
const PAYPAL_ID = /^[A-Z0-9]{13}$/;
/** Our choice: a Venmo handle, optionally after @: 5 to 30 letters, digits, - and _. */
const VENMO_HANDLE = /^@?[A-Za-z0-9_-]{5,30}$/;
/** The contract's recipient_wallet_enum (SPEC). */
const WALLETS = 'PAYPAL VENMO RECIPIENT_SELECTED';
/** C0 controls and DEL; not line breaks, which the contract's text patterns (/^.*$/) already refuse. */
export const CONTROL = /[\0-\t\v\f\x0e-\x1f\x7f]/;

/** Built once: a lookup per item must not split the list again. */
const CURRENCY_SET = new Set(CURRENCIES.split(' '));
const WHOLE_UNIT_SET = new Set(WHOLE_UNIT.split(' '));
const WALLET_SET = new Set(WALLETS.split(' '));
const EXPECTED: Record<string, string> = { EMAIL: 'an email address', PHONE: 'a phone number', PAYPAL_ID: 'a PayPal account ID (13 letters and digits)', USER_HANDLE: 'a Venmo handle' };
const shown = (value: unknown) => (JSON.stringify(value) ?? String(value)).slice(0, 80);

type Fields = Record<string, unknown>;
export type Issue = (field: string, message: string) => void;

/** The amount's issues: currency, decimals, sign, cap. */
export function amountIssues({ currency, value }: Fields, report: Issue): void {
  if (typeof currency !== 'string' || typeof value !== 'string') return; // the schema already reported it
  if (!CURRENCY_SET.has(currency)) return report('currency', `must be a currency PayPal pays (${CURRENCIES}), not ${shown(currency)}`);
  if (!AMOUNT.test(value)) return report('value', `must be a decimal number such as "10.00", without sign or exponent, not ${shown(value)}`);
  const point = value.indexOf('.');
  const decimals = point === -1 ? 0 : value.length - point - 1;
  const allowed = WHOLE_UNIT_SET.has(currency) ? 0 : 2;
  if (decimals > allowed) return report('value', `must be ${allowed === 0 ? `whole ${currency}, no decimals` : `at most ${allowed} decimals for ${currency}`}`);
  const amount = Number(value);
  if (amount <= 0) return report('value', 'must be greater than 0');
  if (currency === 'USD' ? amount > MAX_USD : (point === -1 ? value.length : point) > MAX_WHOLE_DIGITS) {
    report('value', `must be at most ${currency === 'USD' ? `${MAX_USD} USD` : `${MAX_WHOLE_DIGITS} digits before the point`} per item, not ${shown(value)}`);
  }
}

/** The receiver fits its recipient_type, and the wallet's rules hold (Venmo: USD, a note, a US phone or a handle). */
export function receiverIssues(item: Fields, type: unknown, report: Issue): void {
  const { receiver, recipient_wallet: wallet = 'PAYPAL' } = item;
  if (typeof wallet !== 'string' || !WALLET_SET.has(wallet)) return report('recipient_wallet', `must be one of ${WALLETS}, not ${shown(wallet)}`);
  if (typeof receiver !== 'string') return; // the schema already reported it
  if (receiver === '') return report('receiver', 'is required');
  const venmo = wallet === 'VENMO';
  const fits =
    type === 'EMAIL' ? EMAIL.test(receiver)
    : type === 'PHONE' ? PHONE.test(receiver) && digits(receiver) >= 7 && digits(receiver) <= 15
    : type === 'PAYPAL_ID' ? PAYPAL_ID.test(receiver)
    : type === 'USER_HANDLE' ? VENMO_HANDLE.test(receiver)
    : true; // an unknown type is reported on its own
  if (!fits) report('receiver', `must be ${EXPECTED[type as string]} for recipient_type ${String(type)}, not ${shown(receiver)}`);
  // A handle is Venmo's: PayPal's wallet has no handles (SPEC recipient_enum: USER_HANDLE "for Venmo").
  if (type === 'USER_HANDLE' && !venmo) report('recipient_wallet', `must be VENMO for recipient_type USER_HANDLE, not ${shown(wallet)}`);
  if (!venmo) return;
  // Venmo: US only, USD only; a note and a US mobile number, or a Venmo handle (paypal-facts.md #7).
  const currency = (item.amount as Fields | undefined)?.currency;
  if (typeof currency === 'string' && currency !== 'USD') report('amount.currency', `must be USD for Venmo, not ${shown(currency)}`);
  if (typeof item.note !== 'string' || item.note.trim() === '') report('note', 'is required for Venmo');
  if (type === 'PHONE' && !US_PHONE.test(receiver.replace(/[\s().-]/g, ''))) report('receiver', `must be a US mobile number for Venmo, not ${shown(receiver)}`);
  if (type !== 'PHONE' && type !== 'USER_HANDLE') report('recipient_type', `must be PHONE or USER_HANDLE for Venmo, not ${shown(type)}`);
}

const digits = (text: string) => text.replace(/\D/g, '').length;

/** Every string in `value` free of control characters; `seen` stops at a cycle (the schema ignores extra keys). */
export function controlIssues(value: unknown, path: string, issues: ValidationIssue[], seen = new WeakSet<object>()): void {
  if (typeof value === 'string') {
    if (CONTROL.test(value)) issues.push({ path, message: `must not contain control characters, not ${shown(value)}` });
  } else if (typeof value === 'object' && value !== null && !seen.has(value)) {
    seen.add(value);
    for (const [key, entry] of Object.entries(value)) controlIssues(entry, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key, issues, seen);
  }
}
