// Requests checked with the generated validators, as PayPal checks them: a failure is PayPal's
// 400 VALIDATION_ERROR with one detail per problem, its field a JSON pointer
// [developer.paypal.com/api/rest/responses, "Validation errors": details[].field, location, issue].
import { safeParse } from 'zod/mini';
import type { $ZodType, output } from 'zod/v4/core';
import english from 'zod/v4/locales/en.js';
import { createPayoutRuleIssues } from '../validation.js';
import { paypalError, type PayPalErrorAnswer } from './errors.js';

/** zod/mini loads no messages of its own; zod's English ones, as the client uses. */
const { localeError } = english();

type Location = 'body' | 'path' | 'query';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: PayPalErrorAnswer };

/** `location` is left out for headers, which PayPal's error locations do not name. */
export function check<S extends $ZodType>(schema: S, input: unknown, location?: Location): Checked<output<S>> {
  const result = safeParse(schema, input, { error: localeError });
  if (result.success) return { ok: true, value: result.data };
  const details = result.error.issues.map((issue) => ({
    field: `/${issue.path.join('/')}`,
    ...(location && { location }),
    issue: issue.message,
  }));
  return { ok: false, error: paypalError(400, 'VALIDATION_ERROR', 'Invalid request - see details.', details) };
}

/**
 * The create rules the client applies (assertValidCreatePayout), so the emulator refuses what PayPal
 * refuses: all or nothing, 400 VALIDATION_ERROR with details[{ field: "items[i].receiver", location:
 * "body", issue }] and nothing paid (paypal-facts.md #13).
 */
export function ruleError(body: unknown): PayPalErrorAnswer | undefined {
  const issues = createPayoutRuleIssues(body);
  if (issues.length === 0) return undefined;
  const details = issues.map(({ path, message }) => ({ field: path, location: 'body' as const, issue: message }));
  return paypalError(400, 'VALIDATION_ERROR', 'Invalid request - see details.', details);
}

/** A JSON body, or PayPal's MALFORMED_REQUEST_JSON when it does not parse. */
export function parseJson(text: string): Checked<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: paypalError(400, 'MALFORMED_REQUEST_JSON', 'The request JSON is not well formed.') };
  }
}

/** Query parameters as the contract types them: integers and booleans, not strings. */
export function typedQuery(query: URLSearchParams, integers: string[], booleans: string[]): Record<string, unknown> {
  const typed: Record<string, unknown> = {};
  for (const [key, value] of query) {
    if (integers.includes(key)) typed[key] = /^-?\d+$/.test(value) ? Number(value) : value;
    else if (booleans.includes(key)) typed[key] = value === 'true' ? true : value === 'false' ? false : value;
    else typed[key] = value;
  }
  return typed;
}
