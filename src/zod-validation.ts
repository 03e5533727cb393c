// The zod schemas' checks, for the request parts the generator does not compile into generated/checks.ts
// (scripts/generate/checks.js names what it leaves to zod), worded with zod's English messages.
import { safeParse } from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import english from 'zod/v4/locales/en.js';
import { ValidationError, type ValidationIssue } from './errors.js';
import { IssueReport } from './issue-report.js';

/** zod/mini loads no messages of its own; these are zod's English ones. */
const { localeError } = english();

/** Reports what `schema` finds in `value` to `report`, at `key` of its path. */
export function zodIssues(schema: $ZodType, value: unknown, report: IssueReport, key?: PropertyKey): void {
  const result = safeParse(schema, value, { error: localeError });
  if (result.success) return;
  const base = key === undefined ? [] : [key];
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({ path: report.where(...[...base, ...issue.path]), message: issue.message }));
  report.issues.push(...issues);
}

/** Throws a ValidationError when `value` breaks `schema`; `names` as for assertValid (src/validation.ts). */
export function assertValidZod(schema: $ZodType, value: unknown, names?: Record<string, string>): void {
  const report = new IssueReport([], names);
  zodIssues(schema, value, report);
  if (report.issues.length > 0) throw new ValidationError(report.issues);
}
