// The generators' output, read back with the TypeScript parser before it replaces generated/: it may
// only describe the document. types.ts holds types alone; zod.ts and validators.ts call zod and name
// their own schemas, and every string and regex literal in them is the document's text, unchanged.
// checks.ts (checks.js) is code: it may also hold the statements and operators of a check, and its
// own names, type names and the globals Array and Number, but nothing else of the language; its regexes are
// the document's or zod's own for a format (z.iso.datetime()).
// A writer that let a document's text out of its literal (a regex ended early, a comment closed)
// shows here as code the document does not hold. Our choice: a check of the output rather than a patch
// of the generators, so it holds for whatever generator version writes the code.
import ts from 'typescript';
import { z } from 'zod/mini';
import { ISO_FORMATS } from './checks.js';
import { escapeSlashes, zodFlags } from './preflight.js';

/** Top-level statements types.ts may hold: nothing that runs. */
const TYPE_ONLY = new Set([ts.SyntaxKind.InterfaceDeclaration, ts.SyntaxKind.TypeAliasDeclaration]);
/** Expressions that schemas never need and injected code does. */
const FORBIDDEN = new Set([
  ts.SyntaxKind.TemplateExpression, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TaggedTemplateExpression,
  ts.SyntaxKind.NewExpression, ts.SyntaxKind.ImportKeyword, ts.SyntaxKind.ThisKeyword, ts.SyntaxKind.ElementAccessExpression,
  ts.SyntaxKind.DeleteExpression, ts.SyntaxKind.AwaitExpression, ts.SyntaxKind.YieldExpression, ts.SyntaxKind.PostfixUnaryExpression,
  ts.SyntaxKind.ClassExpression, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.Block, ts.SyntaxKind.SpreadElement,
]);
const MEMBERS_REFUSED = new Set(['constructor', '__proto__', 'prototype']);
/** What checks.ts may hold beyond a schema's constructs: the statements and operators of a check. */
const CHECK_STATEMENTS = new Set([
  ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.Block, ts.SyntaxKind.IfStatement, ts.SyntaxKind.ReturnStatement,
  ts.SyntaxKind.ForStatement, ts.SyntaxKind.ForInStatement, ts.SyntaxKind.SwitchStatement, ts.SyntaxKind.ContinueStatement,
  ts.SyntaxKind.ElementAccessExpression, ts.SyntaxKind.PostfixUnaryExpression,
]);
const CHECK_OPERATORS = new Set([
  ts.SyntaxKind.EqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken,
]);
/** The strings a check compares `typeof` with, and the type names it reports. */
const CHECK_STRINGS = new Set(['string', 'number', 'int', 'boolean', 'object', 'array', ...ISO_FORMATS]);
const CHECK_GLOBALS = ['Array', 'Number', 'undefined'];
/** The regexes zod itself brings for the ISO formats zod.ts may use (z.iso.datetime() for `format: date-time`, …), from this project's zod. */
const ZOD_PATTERNS = /** @type {RegExp[]} */ ([z.iso.datetime(), z.iso.date(), z.iso.time(), z.iso.duration()].map((schema) => schema._zod.def.pattern));

/**
 * Problems of the generated files, one `generated/FILE:line:col error generated-code: …` line each ([] when none).
 * @param {Record<string, string>} files name -> text: types.ts, zod.ts, validators.ts
 * @param {unknown} document the bundle they were generated from
 */
export function generatedCodeProblems(files, document) {
  const strings = new Set();
  const patterns = new Set();
  collect(document, strings, patterns);
  // validators.ts keys operations by `METHOD path`.
  const paths = /** @type {{ paths?: Record<string, object> }} */ (document).paths ?? {};
  for (const [route, item] of Object.entries(paths)) for (const method of Object.keys(item ?? {})) strings.add(`${method.toUpperCase()} ${route}`);
  /** @type {string[]} */
  const problems = [];
  for (const [name, text] of Object.entries(files)) {
    const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const report = (/** @type {ts.Node} */ node, /** @type {string} */ message) => {
      const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
      problems.push(`generated/${name}:${line + 1}:${character + 1} error generated-code: ${message}`);
    };
    const parseErrors = /** @type {{ parseDiagnostics?: ts.Diagnostic[] }} */ (/** @type {unknown} */ (source)).parseDiagnostics ?? [];
    if (parseErrors.length > 0) {
      const { line, character } = source.getLineAndCharacterOfPosition(parseErrors[0]?.start ?? 0);
      problems.push(`generated/${name}:${line + 1}:${character + 1} error generated-code: does not parse (${ts.flattenDiagnosticMessageText(parseErrors[0]?.messageText ?? '', ' ')})`);
      continue;
    }
    if (name === 'types.ts') {
      for (const statement of source.statements) {
        if (!TYPE_ONLY.has(statement.kind)) report(statement, `${ts.SyntaxKind[statement.kind]} where only types belong`);
      }
      continue;
    }
    const isChecks = name === 'checks.ts';
    const declared = new Set(['z', 'zod', 'checks', 'schema', 'build', 'T']);
    if (isChecks) for (const global of CHECK_GLOBALS) declared.add(global);
    for (const statement of source.statements) {
      if (ts.isVariableStatement(statement)) for (const { name: id } of statement.declarationList.declarations) if (ts.isIdentifier(id)) declared.add(id.text);
    }
    if (isChecks) declareAll(source, declared);
    const patternsHere = isChecks ? new Set([...patterns, ...ZOD_PATTERNS.map((regex) => `${regex.source}/${regex.flags}`)]) : patterns;
    const allowed = (/** @type {ts.Node} */ node) =>
      isChecks && (CHECK_STATEMENTS.has(node.kind) || (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken));
    const visit = (/** @type {ts.Node} */ node) => {
      if (ts.isTypeNode(node)) return;
      if (FORBIDDEN.has(node.kind) && !allowed(node)) report(node, `${ts.SyntaxKind[node.kind]} is not what a schema is made of`);
      else if (ts.isBinaryExpression(node) && node.operatorToken.kind !== ts.SyntaxKind.CommaToken && !(isChecks && CHECK_OPERATORS.has(node.operatorToken.kind))) report(node, `an operator (${node.operatorToken.getText(source)}) is not what a schema is made of`);
      else if (isChecks && ts.isPostfixUnaryExpression(node) && node.operator !== ts.SyntaxKind.PlusPlusToken) report(node, 'an operator is not what a check is made of');
      else if (isChecks && ts.isPrefixUnaryExpression(node) && node.operator !== ts.SyntaxKind.ExclamationToken && node.operator !== ts.SyntaxKind.MinusToken) report(node, 'an operator is not what a check is made of');
      else if (isChecks && !ts.isSourceFile(node.parent) && isStatement(node) && !CHECK_STATEMENTS.has(node.kind) && !ts.isExpressionStatement(node) && !ts.isVariableStatement(node)) report(node, `${ts.SyntaxKind[node.kind]} is not what a check is made of`);
      else if (ts.isPropertyAccessExpression(node) && MEMBERS_REFUSED.has(node.name.text)) report(node, `.${node.name.text} is refused`);
      else if (ts.isIdentifier(node) && isReference(node) && !declared.has(node.text)) report(node, `${node.text} is neither zod nor a schema of this file`);
      else if (ts.isStringLiteral(node) && !ts.isImportDeclaration(node.parent) && !strings.has(node.text) && !(isChecks && CHECK_STRINGS.has(node.text))) report(node, `the string ${JSON.stringify(node.text.slice(0, 80))} is not the document's`);
      else if (node.kind === ts.SyntaxKind.RegularExpressionLiteral && !patternsHere.has(meaning(node.getText(source)))) report(node, `the regex ${node.getText(source).slice(0, 80)} is no pattern of the document`);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(source, visit);
  }
  return problems;
}

/** Names checks.ts declares: its functions, their parameters and locals. @param {ts.Node} node @param {Set<string>} declared */
function declareAll(node, declared) {
  if ((ts.isFunctionDeclaration(node) || ts.isParameter(node) || ts.isVariableDeclaration(node)) && node.name && ts.isIdentifier(node.name)) declared.add(node.name.text);
  ts.forEachChild(node, (child) => declareAll(child, declared));
}

/** Whether `node` is a statement (inside a function of checks.ts). @param {ts.Node} node */
const isStatement = (node) => node.kind >= ts.SyntaxKind.FirstStatement && node.kind <= ts.SyntaxKind.LastStatement;

/** Whether an identifier refers to a value (not a property name, a declaration or an import's name). @param {ts.Identifier} node */
function isReference(node) {
  const parent = node.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isPropertyAssignment(parent)) && parent.name === node) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isTypeParameterDeclaration(parent)) && parent.name === node) return false;
  const named = ts.isFunctionDeclaration(parent) || ts.isInterfaceDeclaration(parent) || ts.isMethodSignature(parent) || ts.isPropertySignature(parent);
  if (named && parent.name === node) return false;
  return !ts.isNamespaceImport(parent) && !ts.isImportSpecifier(parent) && !ts.isImportClause(parent);
}

/** A regex literal's meaning: its source as RegExp normalises it, with its flags. @param {string} literal */
function meaning(literal) {
  const end = literal.lastIndexOf('/');
  try {
    const regex = new RegExp(literal.slice(1, end), literal.slice(end + 1));
    return `${regex.source}/${regex.flags}`;
  } catch {
    return '';
  }
}

/**
 * Every string of the document (keys and values) and every `pattern` as the zod generator writes it
 * (slashes escaped, its flags), as RegExp normalises it.
 * @param {unknown} node @param {Set<string>} strings @param {Set<string>} patterns
 */
function collect(node, strings, patterns) {
  if (typeof node === 'string') strings.add(node);
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    strings.add(key);
    if (key === 'pattern' && typeof value === 'string') {
      try {
        const regex = new RegExp(escapeSlashes(value), zodFlags(value));
        patterns.add(`${regex.source}/${regex.flags}`);
      } catch {
        // preflight refuses it first
      }
    }
    collect(value, strings, patterns);
  }
}
