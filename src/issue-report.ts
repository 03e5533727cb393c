// What the compiled checks of generated/checks.ts find, as ValidationIssues worded as zod's English
// locale (zod/v4/locales/en.js) words them, so a check reads the same as before the checks were compiled.
// By hand, because the point is not to load zod: test/compiled-checks.test.ts holds every message to zod's.
import type { Report } from '../generated/checks.js';
import type { ValidationIssue } from './errors.js';
import { CONTROL } from './item-rules.js';

/** Control characters and line breaks: one scan for the control-character rule and the contract's /^.*$/. */
const UNUSUAL = /[\0-\x1f\x7f\u2028\u2029]/;

/** zod's name for what a value is (`util.parsedType`), as its English messages show it. */
function received(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? 'number' : String(value);
  if (typeof value !== 'object') return typeof value;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && 'constructor' in value && value.constructor) return (value.constructor as { name: string }).name;
  return 'object';
}

/** zod's `util.isPlainObject`: what z.record() accepts. */
function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const constructor: unknown = (value as { constructor?: unknown }).constructor;
  if (typeof constructor !== 'function') return true;
  const prototype: unknown = constructor.prototype;
  return typeof prototype === 'object' && prototype !== null && !Array.isArray(prototype) && Object.hasOwn(prototype, 'isPrototypeOf');
}

/** zod's origin of a length (`util.getLengthableOrigin`) and its English unit. */
const lengthOrigin = (value: unknown) => (Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : 'unknown');
const UNITS: Record<string, string> = { string: 'characters', array: 'items' };
const size = (bound: 'small' | 'big', origin: string, limit: number) =>
  UNITS[origin] ? `Too ${bound}: expected ${origin} to have ${bound === 'small' ? '>=' : '<='}${limit} ${UNITS[origin]}` : `Too ${bound}: expected ${origin} to be ${bound === 'small' ? '>=' : '<='}${limit}`;

/** Unicode code points, as zod counts a string's length. */
function codePoints(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++, count++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
  }
  return count;
}

/** The length zod's checks measure: code points for a string near the limit, `.length` otherwise. */
const measured = (value: { length: unknown }, short: boolean) => (typeof value === 'string' && short ? codePoints(value) : value.length) as number;
const hasLength = (value: unknown): value is { length: unknown } => value !== null && value !== undefined && (value as { length?: unknown }).length !== undefined;


/**
 * Collects what the checks find. `path` starts at the checked value's place (`['body']` for
 * client.request); `names` maps contract names to the caller's option names in paths.
 */
export class IssueReport implements Report {
  readonly path: PropertyKey[];
  readonly issues: ValidationIssue[] = [];
  /** Set when a string may hold a control character, or a value went unchecked: the rule then looks at all of it. */
  suspect = false;
  readonly #names: Record<string, string>;

  constructor(path: PropertyKey[] = [], names: Record<string, string> = {}) {
    this.path = path;
    this.#names = names;
  }

  /** `['items', 3, 'amount']` -> `items[3].amount`, with contract names shown as the caller's option names. */
  where(...keys: PropertyKey[]): string {
    let text = '';
    for (const part of [...this.path, ...keys]) {
      if (typeof part === 'number') text += `[${part}]`;
      else {
        const name = this.#names[String(part)] ?? String(part);
        text = text ? `${text}.${name}` : name;
      }
    }
    return text;
  }

  #push(message: string, key?: PropertyKey) {
    this.issues.push({ path: key === undefined ? this.where() : this.where(key), message });
  }

  type(expected: string, value: unknown, key?: PropertyKey): void {
    this.suspect = true;
    this.#push(`Invalid input: expected ${expected}, received ${received(value)}`, key);
  }

  min(minimum: number, value: unknown, key?: PropertyKey): void {
    if (!hasLength(value)) return;
    const units = value.length as number;
    // As zod compares: a length that is not a number (`{ length: 'abc' }`) fails both bounds.
    if (!(measured(value, units >= minimum && units < minimum * 2) >= minimum)) this.#push(size('small', lengthOrigin(value), minimum), key);
  }

  max(maximum: number, value: unknown, key?: PropertyKey): void {
    if (!hasLength(value)) return;
    if (!(measured(value, (value.length as number) > maximum) <= maximum)) this.#push(size('big', lengthOrigin(value), maximum), key);
  }

  small(minimum: number, _value: number, key?: PropertyKey): void {
    this.#push(size('small', 'number', minimum), key);
  }

  big(maximum: number, _value: number, key?: PropertyKey): void {
    this.#push(size('big', 'number', maximum), key);
  }

  unsafe(value: number, key?: PropertyKey): void {
    this.#push(value > 0 ? size('big', 'int', Number.MAX_SAFE_INTEGER) : size('small', 'int', Number.MIN_SAFE_INTEGER), key);
  }

  format(pattern: RegExp, _value: string, key?: PropertyKey): void {
    this.#push(`Invalid string: must match pattern ${pattern}`, key);
  }

  iso(format: string, _value: string, key?: PropertyKey): void {
    this.#push(`Invalid ISO ${format}`, key); // zod's English nouns: ISO datetime, ISO date, ISO time, ISO duration
  }

  record(value: unknown, key?: PropertyKey): boolean {
    if (!isPlainObject(value)) {
      this.type('record', value, key);
      return false;
    }
    // zod's key schema z.string() refuses a symbol key.
    for (const symbol of Object.getOwnPropertySymbols(value)) {
      if (Object.prototype.propertyIsEnumerable.call(value, symbol)) this.issues.push({ path: key === undefined ? this.where(symbol) : this.where(key, symbol), message: 'Invalid key in record' });
    }
    return true;
  }

  url(value: string, key?: PropertyKey): string {
    const trimmed = value.trim();
    if (URL.canParse(trimmed)) return trimmed.replace(/[\t\n\r]/g, '');
    this.#push('Invalid URL', key);
    return value;
  }

  option(values: readonly string[], value: unknown, key?: PropertyKey): void {
    if (typeof value !== 'string') this.suspect = true;
    else this.text(value);
    this.#push(values.length === 1 ? `Invalid input: expected "${values[0]}"` : `Invalid option: expected one of ${values.map((option) => `"${option}"`).join('|')}`, key);
  }

  text(value: string): boolean {
    if (!UNUSUAL.test(value)) return false;
    if (CONTROL.test(value)) this.suspect = true;
    return true;
  }

  extra(object: object, key: string): void {
    if (!Object.hasOwn(object, key)) return;
    const value = (object as Record<string, unknown>)[key];
    if (typeof value === 'string') this.text(value);
    else if (typeof value === 'object' && value !== null) this.suspect = true;
  }

  /** No rules across fields here; CreatePayoutReport (src/validation.ts) has them. */
  onCreatePayoutRequest(_body: Record<string, unknown>, _key?: PropertyKey): void {}
  onPayoutItem(_item: Record<string, unknown>, _key?: PropertyKey): void {}
}
