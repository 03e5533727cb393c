// Checks inputs before anything is sent: the generated zod schemas, plus the rules PayPal enforces
// that the schema cannot say. Every problem is reported, each with its path, in one ValidationError.
import { safeParse } from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import english from 'zod/v4/locales/en.js';
import { zPayoutsPostBody, zRecipientEnum } from '../generated/zod.js';
import { ValidationError, type ValidationIssue } from './errors.js';
import { amountIssues, controlIssues, receiverIssues } from './item-rules.js';

const RECIPIENT_TYPES = new Set<string>(zRecipientEnum.options);
/** zod/mini loads no messages of its own; these are zod's English ones, for this package's checks only. */
const { localeError } = english();

/** `['items', 3, 'amount']` -> `items[3].amount`, with contract names shown as the caller's option names. */
function formatPath(path: ReadonlyArray<PropertyKey>, names: Record<string, string> = {}): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = names[String(key)] ?? String(key);
    return text ? `${text}.${name}` : name;
  }, '');
}

function schemaIssues(schema: $ZodType, value: unknown, names?: Record<string, string>): ValidationIssue[] {
  const result = safeParse(schema, value, { error: localeError });
  return result.success ? [] : result.error.issues.map((issue) => ({ path: formatPath(issue.path, names), message: issue.message }));
}

/**
 * Throws a ValidationError when `value` breaks `schema`. `names` maps contract names to the
 * caller's option names (`page_size` -> `pageSize`), so messages name what the caller wrote.
 */
export function assertValid(schema: $ZodType, value: unknown, names?: Record<string, string>): void {
  const issues = schemaIssues(schema, value, names);
  if (issues.length > 0) throw new ValidationError(issues);
}

/**
 * Refuses a path ID that would not stay one path segment: `''` drops the segment, and URLs resolve
 * `.` and `..` as dot segments, so `webhooks.delete('..')` would DELETE another path with the bearer
 * token. `name` is the caller's parameter name, for the ValidationError.
 */
export function assertPathSegment(name: string, value: string): void {
  if (value === '' || value === '.' || value === '..') throw new ValidationError([{ path: name, message: value ? `must not be '${value}'` : 'must not be empty' }]);
}

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a create-batch body as `payouts.create` does, without sending it: for example before queuing
 * a batch. Throws a ValidationError listing every problem.
 */
export function assertValidCreatePayout(body: unknown): void {
  const issues = [...schemaIssues(zPayoutsPostBody, body), ...createPayoutRuleIssues(body)];
  if (issues.length > 0) throw new ValidationError(issues);
}

/** The create-batch rules beyond the contract's schema, for `client.request` to apply as `payouts.create` does. */
export function createPayoutRuleIssues(body: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  controlIssues(body, '', issues);
  return isObject(body) && Array.isArray(body.items) ? [...issues, ...batchRuleIssues(body)] : issues;
}

/** Rules across fields and items that JSON Schema cannot express. */
function batchRuleIssues(body: Fields): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const header = isObject(body.sender_batch_header) ? body.sender_batch_header : {};
  const defaultType = header.recipient_type;
  if (defaultType !== undefined && !RECIPIENT_TYPES.has(defaultType as string)) {
    issues.push({ path: 'sender_batch_header.recipient_type', message: `must be one of ${[...RECIPIENT_TYPES].join(', ')}` });
  }
  const firstIndexOfId = new Map<unknown, number>();
  (body.items as unknown[]).forEach((item, index) => {
    if (!isObject(item)) return; // the schema already reported it
    const at = (field: string) => `items[${index}].${field}`;
    const type = item.recipient_type;
    if (type === undefined && defaultType === undefined) {
      issues.push({ path: at('recipient_type'), message: 'required when sender_batch_header.recipient_type is not set' });
    } else if (type !== undefined && !RECIPIENT_TYPES.has(type as string)) {
      issues.push({ path: at('recipient_type'), message: `must be one of ${[...RECIPIENT_TYPES].join(', ')}` });
    }
    const report = (field: string, message: string) => void issues.push({ path: at(field), message });
    if (isObject(item.amount)) amountIssues(item.amount, (field, message) => report(`amount.${field}`, message));
    receiverIssues(item, type ?? defaultType, report);
    if (item.sender_item_id !== undefined) {
      const first = firstIndexOfId.get(item.sender_item_id);
      if (first === undefined) firstIndexOfId.set(item.sender_item_id, index);
      else issues.push({ path: at('sender_item_id'), message: `duplicates items[${first}].sender_item_id` });
    }
  });
  return issues;
}
