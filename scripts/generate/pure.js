// Marks each top-level schema of the generated zod.ts as free of side effects, so bundlers drop the
// ones an entry never uses. zod/mini's functions carry that mark already, but a `.check(...)` call
// on their result does not, and one such call keeps its schema and all it references in every
// bundle (response and event schemas in an edge bundle that only reads a batch). Each schema is
// built by a function marked `@__NO_SIDE_EFFECTS__`: the mark survives our own bundling into dist/
// (rolldown writes it onto each call as `@__PURE__`), where an inlined IIFE would lose it.
import ts from 'typescript';

const HELPER = [
  '/** Builds a schema; marked so bundlers drop the schemas nothing uses. */',
  '// @__NO_SIDE_EFFECTS__',
  'const schema = <T>(build: () => T): T => build();',
  '',
].join('\n');

/**
 * `export const zX = EXPR;` becomes `export const zX = schema(() => EXPR);`.
 * @param {string} text hey-api's zod.gen.ts
 */
export function markSchemasPure(text) {
  const source = ts.createSourceFile('zod.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  /** @type {Array<{ start: number, end: number }>} */
  const spans = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer;
      if (init && !ts.isIdentifier(init)) spans.push({ start: init.getStart(source), end: init.getEnd() });
    }
  }
  const first = source.statements.find((statement) => !ts.isImportDeclaration(statement));
  const helperAt = first ? first.getFullStart() : text.length;
  let result = '';
  let at = 0;
  for (const { start, end } of spans) {
    if (helperAt >= at && helperAt <= start) result += `${text.slice(at, helperAt)}\n\n${HELPER.trimEnd()}`, (at = helperAt);
    result += `${text.slice(at, start)}schema(() => ${text.slice(start, end)})`;
    at = end;
  }
  return result + text.slice(at);
}
