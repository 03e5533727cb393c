// Number formatting shared by the bench scripts: one thousands separator (en-US "1,000,000"),
// plural forms that agree with their count ("1 item", "2 items").

/** `value` with `digits` decimals and comma thousands separators. @param {number} value */
export const fixed = (value, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** "1 item", "15,000 items". @param {number} count @param {string} noun @param {string} [plural] */
export const count = (count, noun, plural = `${noun}s`) => `${fixed(count)} ${count === 1 ? noun : plural}`;

/** @param {number[]} values */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** A duration in the unit that suits it. @param {number} ms */
export function duration(ms) {
  if (ms >= 1000) return `${fixed(ms / 1000, 1)} s`;
  if (ms >= 1) return `${fixed(ms, ms >= 10 ? 1 : 2)} ms`;
  return `${fixed(ms * 1000, ms >= 0.01 ? 0 : 1)} µs`;
}
