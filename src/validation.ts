// Checks inputs before anything is sent: the contract's checks, compiled by `npm run generate`
// (generated/checks.ts), plus the rules PayPal enforces that the schema cannot say, run in the same
// pass over the items. Every problem is reported, each with its path, in one ValidationError.
import { checkPayoutItem, checkPayoutsPostBody, valuesRecipientEnum, type Report } from '../generated/checks.js';
import { ValidationError, type ValidationIssue } from './errors.js';
import { FirstIndex } from './first-index.js';
import { IssueReport } from './issue-report.js';
import { amountIssues, controlIssues, receiverIssues, type Issue } from './item-rules.js';

/** A compiled check of generated/checks.ts. */
export type Check = (value: unknown, report: Report, key?: PropertyKey) => void;

const RECIPIENT_TYPES = new Set<unknown>(valuesRecipientEnum);
const ONE_OF_TYPES = `must be one of ${valuesRecipientEnum.join(', ')}`;

/**
 * Throws a ValidationError when `value` fails `check`. `names` maps contract names to the
 * caller's option names (`page_size` -> `pageSize`), so messages name what the caller wrote.
 */
export function assertValid(check: Check, value: unknown, names?: Record<string, string>): void {
  const report = new IssueReport([], names);
  check(value, report);
  if (report.issues.length > 0) throw new ValidationError(report.issues);
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
 * A report that also applies the create-batch rules beyond the contract's schema, as the compiled
 * check reaches the body and each item: recipient types, amounts, receivers, duplicate
 * sender_item_ids (item-rules.ts), and control characters anywhere. Their issues come after the
 * schema's, with paths relative to the body (or to the item, for `forItem`).
 */
export class CreatePayoutReport extends IssueReport {
  readonly #rules: ValidationIssue[] = [];
  /** Whether the body's items are an array: the rules apply to its items only then. */
  #batch = false;
  #defaultType: unknown;
  /** Made for a body's items; a lone item (forItem) has no other to duplicate. */
  #firstIndex: FirstIndex | undefined;
  #index: PropertyKey | undefined;
  readonly #forItem: boolean;
  readonly #report: Issue = (field, message) => void this.#rules.push({ path: this.#at(field), message });
  readonly #reportAmount: Issue = (field, message) => this.#report(`amount.${field}`, message);

  /** `forItem`: one item checked on its own (checkPayoutItem), with paths relative to it. */
  constructor(path?: PropertyKey[], { forItem = false } = {}) {
    super(path);
    this.#forItem = forItem;
    this.#batch = forItem;
  }

  #at(field: string): string {
    return this.#forItem ? field : `items[${String(this.#index)}].${field}`;
  }

  override onCreatePayoutRequest(body: Fields): void {
    if (!Array.isArray(body.items)) return;
    this.#batch = true;
    this.#firstIndex = new FirstIndex(body.items.length);
    const header = isObject(body.sender_batch_header) ? body.sender_batch_header : {};
    this.#defaultType = header.recipient_type;
    if (this.#defaultType !== undefined && !RECIPIENT_TYPES.has(this.#defaultType)) this.#rules.push({ path: 'sender_batch_header.recipient_type', message: ONE_OF_TYPES });
  }

  override onPayoutItem(item: Fields, index?: PropertyKey): void {
    if (!this.#batch) return;
    this.#index = index;
    const type = item.recipient_type;
    if (type === undefined && this.#defaultType === undefined) this.#report('recipient_type', 'required when sender_batch_header.recipient_type is not set');
    else if (type !== undefined && !RECIPIENT_TYPES.has(type)) this.#report('recipient_type', ONE_OF_TYPES);
    if (isObject(item.amount)) amountIssues(item.amount, this.#reportAmount);
    receiverIssues(item, type ?? this.#defaultType, this.#report);
    const id = item.sender_item_id;
    if (id === undefined || !this.#firstIndex) return;
    const first = this.#firstIndex.firstOf(id, index as number);
    if (first !== -1) this.#report('sender_item_id', `duplicates items[${first}].sender_item_id`);
  }

  /** The rules' issues for `value` (the body, or the item), paths relative to it: control characters first. */
  ruleIssues(value: unknown): ValidationIssue[] {
    if (!this.suspect) return this.#rules;
    const issues: ValidationIssue[] = [];
    controlIssues(value, '', issues);
    return [...issues, ...this.#rules];
  }
}

/**
 * Checks a create-batch body as `payouts.create` does, without sending it: for example before queuing
 * a batch. Throws a ValidationError listing every problem.
 */
export function assertValidCreatePayout(body: unknown): void {
  const report = new CreatePayoutReport();
  checkPayoutsPostBody(body, report);
  const rules = report.ruleIssues(body);
  if (report.issues.length > 0 || rules.length > 0) throw new ValidationError([...report.issues, ...rules]);
}

/** The issues `payouts.create` would raise for this one item, with paths relative to the item. */
export function payoutItemIssues(item: unknown): ValidationIssue[] {
  const report = new CreatePayoutReport([], { forItem: true });
  checkPayoutItem(item, report);
  return [...report.issues, ...report.ruleIssues(item)];
}

/** The create-batch rules beyond the contract's schema (paths relative to the body), as the local PayPal applies them. */
export function createPayoutRuleIssues(body: unknown): ValidationIssue[] {
  const report = new CreatePayoutReport();
  checkPayoutsPostBody(body, report);
  return report.ruleIssues(body);
}
