// Exact decimal arithmetic on PayPal's amount strings ("9.87", "1500"), in integer minor units: a
// float would turn 0.1 + 0.2 into 0.30000000000000004 in a ledger that must balance to the cent.

/** How many decimals a decimal string has: "9.87" → 2. */
export const scaleOf = (value: string) => value.split('.')[1]?.length ?? 0;
/** A decimal string in units of 10^-scale: ("9.8", 2) → 980n. */
export const units = (value: string, scale: number) => BigInt(value.replace('.', '') + '0'.repeat(scale - scaleOf(value)));

/** Units of 10^-scale as a decimal string: (980n, 2) → "9.80". */
export function format(minor: bigint, scale: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(scale + 1, '0');
  const whole = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${whole}` : whole;
}

/** The sum of decimal strings, at the largest scale among them. */
export function sum(values: string[]): string {
  const scale = Math.max(0, ...values.map(scaleOf));
  return format(values.reduce((total, value) => total + units(value, scale), 0n), scale);
}

/** `percent`% of `value`, rounded half up at the value's own scale (JPY stays whole, USD to the cent). */
export function percentOf(value: string, percent: number): string {
  const scale = scaleOf(value);
  const scaled = units(value, scale) * BigInt(Math.round(percent * 100));
  return format((scaled + 5_000n) / 10_000n, scale);
}

/** The shortest form of a decimal string with the same value: "010.50" → "10.5", "3.00" → "3". */
export function canonicalDecimal(value: string): string {
  const [whole = '', fraction = ''] = value.split('.');
  const trimmedWhole = whole.replace(/^0+(?=\d)/, '');
  const trimmedFraction = fraction.replace(/0+$/, '');
  return trimmedFraction ? `${trimmedWhole}.${trimmedFraction}` : trimmedWhole;
}
