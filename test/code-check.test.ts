// code-check.js reads generated/checks.ts back: the statements and operators a compiled check needs pass,
// and code a document's text could smuggle in (a global, a call, a loop, a string of its own) is refused.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatedCodeProblems } from '../scripts/generate/code-check.js';

let checks: string;
let document: unknown;
beforeAll(async () => {
  checks = await readFile(new URL('../generated/checks.ts', import.meta.url), 'utf8');
  document = parse(await readFile(new URL('../generated/openapi.yaml', import.meta.url), 'utf8'));
});

/** checks.ts with `code` added at the start of the first check's body. */
const injected = (code: string) => checks.replace(/(\nfunction \w+\([^)]*\): void \{\n)/, `$1  ${code}\n`);
const problems = (text: string) => generatedCodeProblems({ 'checks.ts': text }, document);

describe('code-check on checks.ts', () => {
  it('accepts the generated checks', () => {
    expect(problems(checks)).toEqual([]);
    expect(injected('r.text(x);')).not.toBe(checks);
  });

  it.each([
    ['a global', 'globalThis.hostileRan = 1;', /globalThis is neither/],
    ['a call of a global', 'fetch(x);', /fetch is neither/],
    ['a string of its own', 'r.text("hostile");', /the string "hostile" is not the document's/],
    ['a loop that never ends', 'while (x) {}', /WhileStatement is not what a check is made of/],
    ['a throw', 'throw x;', /ThrowStatement is not what a check is made of/],
    ['new', 'new r.constructor();', /NewExpression|\.constructor is refused/],
    ['an operator beyond a comparison', 'x = x + x;', /an operator \(\+\)/],
    ['a template', 'r.text(`${x}`);', /TemplateExpression/],
    ['a function expression', 'r.text((function () { return x; })());', /FunctionExpression/],
  ])('refuses %s', (_, code, message) => {
    const found = problems(injected(code));
    expect(found.length, found.join('\n')).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(message);
  });
});
