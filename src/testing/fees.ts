// What PayPal charges for an item: `payout_item_fee`, "The fee, in U.S. dollars" (SPEC; paypal-facts.md #5),
// and the currency conversion of an item paid in another currency than the sender's balance.
import type { components } from '../../generated/types.js';
import { percentOf } from '../decimal.js';

type Schemas = components['schemas'];
/** An amount and its currency, as the contract writes money. */
export type Money = Schemas['currency'];
/** A payout item as the create request carries it (the contract's `payout_item_detail`). */
export type PayoutItemRequest = Schemas['payout_item_detail'];
export type CurrencyConversion = Schemas['payout_currency_conversion'];

/** A fee model: the fee PayPal takes for one paid item, in USD. Items that were not paid cost 0 whatever it says. */
export type FeeModel = (item: PayoutItemRequest) => Money;

/**
 * Our choice: the sender's balance is in USD, and these fixed rates (units per USD) convert an item in
 * another currency, so tests see stable numbers. PayPal's rates move and include its spread.
 */
const USD_RATES: Record<string, number> = {
  AUD: 1.52, BRL: 5.4, CAD: 1.37, CHF: 0.88, CZK: 22.9, DKK: 6.85, EUR: 0.92, GBP: 0.79, HKD: 7.8, HUF: 360, ILS: 3.7, JPY: 150,
  MXN: 17.1, MYR: 4.7, NOK: 10.6, NZD: 1.66, PHP: 56, PLN: 3.95, SEK: 10.5, SGD: 1.35, THB: 35.5, TWD: 31.5, USD: 1,
};

/** PayPal's published domestic fee: 0.25 USD flat per item (paypal-facts.md #5: docs.paypal.ai send/api sample, SDK outputs). */
const DOMESTIC_FEE = '0.25';
/** Cross-border: 2% capped at 20 USD (paypal-facts.md #5: PayPal's 2016 pricing, web-archived; the latest we could cite). */
const CROSS_BORDER_PERCENT = 2;
const CROSS_BORDER_CAP = 20;

const usd = (value: string): Money => ({ currency: 'USD', value });

/** What the sender's USD balance pays for an item in another currency; undefined for a USD item. */
export function conversionOf({ amount }: PayoutItemRequest): CurrencyConversion | undefined {
  const rate = USD_RATES[amount.currency];
  if (amount.currency === 'USD' || rate === undefined) return undefined;
  return { from_amount: usd((Number(amount.value) / rate).toFixed(2)), to_amount: amount, exchange_rate: String(rate) };
}

/** PayPal's per-item pricing: 0.25 USD for a USD item, 2% of the USD paid (at most 20 USD) for a cross-currency one. */
export const paypalFees: FeeModel = (item) => {
  const conversion = conversionOf(item);
  if (!conversion) return usd(DOMESTIC_FEE);
  const fee = percentOf(conversion.from_amount!.value, CROSS_BORDER_PERCENT);
  return usd(Number(fee) > CROSS_BORDER_CAP ? `${CROSS_BORDER_CAP}.00` : fee);
};
