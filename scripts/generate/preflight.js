// Reads a document as untrusted data before Redocly or a generator sees it: bounded in size, nesting
// and YAML aliases, no prototype keys, every `$ref` inside the document (or, for a split document, a
// file inside its own folder; never a URL, so nothing is fetched), and every `pattern` a RegExp that
// @hey-api/openapi-ts can write as one regex literal. Each problem is one `file:line:col` line.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { ContractError } from './contract.js';
import { printable } from './printable.js';

/** Our choice: PayPal's Payouts document is 70 KB and 14 levels deep; these leave room for growth, not for abuse. */
export const LIMITS = { bytes: 5 * 1024 * 1024, depth: 64, aliases: 100, problems: 20 };
/** Keys that change an object's prototype when a parser or a merge assigns them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** A path template: segments of RFC 3986 `pchar`s, and `{name}` parameters. */
const URL_PATH = /^(\/[A-Za-z0-9\-._~!$&'()*+,;=:@%{}]*)+$/;
/** Under these keys the document holds values, not schemas: a `pattern` there is data. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const', 'value']);

/**
 * @typedef {{ root: string, boundary?: string }} PreflightOptions `boundary`: the folder file refs may
 *   reach (a split document's own folder); without it the document must be self-contained
 */

/**
 * Throws a ContractError listing up to LIMITS.problems problems (one line each) of `file` and of every
 * file it refers to.
 * @param {string} file
 * @param {PreflightOptions} options
 */
export async function preflight(file, { root, boundary }) {
  /** @type {string[]} */
  const problems = [];
  const queue = [path.resolve(file)];
  const seen = new Set(queue);
  const inside = boundary === undefined ? undefined : await realpath(boundary);
  for (let next = queue.shift(); next !== undefined && problems.length < LIMITS.problems; next = queue.shift()) {
    for (const ref of await checkFile(next, root, problems)) {
      const where = `${path.relative(root, next)}:${ref.at}`;
      if (inside === undefined) {
        problems.push(`${where} error no-external-ref: $ref ${JSON.stringify(ref.value)} points outside the document (PayPal's documents are self-contained) at ${ref.pointer}`);
        continue;
      }
      const target = path.resolve(path.dirname(next), decodeURI(ref.value.split('#')[0] ?? ''));
      const real = await realpath(target).catch(() => target);
      if (real !== inside && !real.startsWith(inside + path.sep)) {
        problems.push(`${where} error no-external-ref: $ref ${JSON.stringify(ref.value)} points outside ${path.relative(root, inside) || '.'}/ at ${ref.pointer}`);
      } else if (!seen.has(real)) {
        seen.add(real);
        if (await stat(real).then((info) => info.isFile(), () => false)) queue.push(real);
        // A missing file is Redocly's no-unresolved-refs to report, with its line.
      }
    }
  }
  if (problems.length > 0) {
    const shown = problems.length > LIMITS.problems ? [...problems.slice(0, LIMITS.problems - 1), `… and more`] : problems;
    throw new ContractError(shown.map(printable).join('\n'));
  }
}

/**
 * Checks one file; pushes its problems and returns its refs to other files.
 * @param {string} file @param {string} root @param {string[]} problems
 * @returns {Promise<Array<{ value: string, at: string, pointer: string }>>}
 */
async function checkFile(file, root, problems) {
  const name = path.relative(root, file);
  const size = (await stat(file)).size;
  if (size > LIMITS.bytes) {
    problems.push(`${name}:1:1 error too-large: ${size} bytes, more than the ${LIMITS.bytes} this toolchain reads`);
    return [];
  }
  const text = await readFile(file, 'utf8');
  const lines = new LineCounter();
  const at = (/** @type {number} */ offset) => {
    const { line, col } = lines.linePos(offset);
    return `${line}:${col}`;
  };
  const tooDeep = deepestAt(text);
  if (tooDeep !== undefined) {
    problems.push(`${name}:${at(tooDeep)} error too-deep: nested more than ${LIMITS.depth} levels`);
    return [];
  }
  // A JSON syntax error is parseDocument's to report, in JSON's own terms.
  if (/^\s*[[{]/.test(text) && !isJson(text)) return [];
  // JSON is YAML 1.2; one parser gives every node's position, and its alias limit bounds a "billion laughs".
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, strict: false });
  const error = document.errors[0];
  if (error) {
    problems.push(`${name}:${at(error.pos[0])} error parse: ${error.message.split('\n')[0]}`);
    return [];
  }
  try {
    document.toJS({ maxAliasCount: LIMITS.aliases });
  } catch (failure) {
    const alias = firstAlias(document.contents);
    problems.push(`${name}:${at(alias ?? 0)} error too-many-aliases: ${/** @type {Error} */ (failure).message.split('\n')[0]}`);
    return [];
  }
  /** @type {Array<{ value: string, at: string, pointer: string }>} */
  const refs = [];
  const report = (/** @type {unknown} */ node, /** @type {string} */ pointer, /** @type {string} */ message) =>
    problems.push(`${name}:${at(startOf(node))} ${message} at ${pointer}`);
  walk(document.contents, '#', false, (key, value, pointer, keyNode, valueNode) => {
    if (PROTOTYPE_KEYS.has(key)) report(keyNode, pointer, `error prototype-key: key ${JSON.stringify(key)} is refused`);
    else if (/^#\/paths\/[^/]+$/.test(pointer) && !URL_PATH.test(key)) {
      // A path key becomes a file name (Redocly's split), a string in generated code and a URL: RFC 3986's characters only.
      report(keyNode, pointer, `error path-key: ${JSON.stringify(key)} is not a URL path (RFC 3986 characters, {parameters})`);
    } else if (/^#\/components\/[^/]+\/[^/]+$/.test(pointer) && !/^[a-zA-Z0-9._-]+$/.test(key)) {
      // OpenAPI's own rule for component names; they become identifiers in the generated code.
      report(keyNode, pointer, `error component-name: ${JSON.stringify(key)} is not a component name (letters, digits, . _ -)`);
    }
    else if (key === '$ref') {
      if (typeof value !== 'string') report(valueNode, pointer, 'error invalid-ref: $ref must be a string');
      else if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(value)) report(valueNode, pointer, `error no-remote-ref: $ref ${JSON.stringify(value)} is a URL; nothing is fetched`);
      else if (!value.startsWith('#')) refs.push({ value, at: at(startOf(valueNode)), pointer });
    } else if (key === 'pattern' && typeof value === 'string') {
      const reason = patternProblem(value);
      if (reason) report(valueNode, pointer, `error unsafe-pattern: ${reason}`);
    }
  });
  return refs;
}

/** Where a YAML node starts in its text. @param {unknown} node */
const startOf = (node) => /** @type {{ range?: number[] } | undefined} */ (node)?.range?.[0] ?? 0;

/**
 * Visits every pair below `node` with its JSON pointer and its scalar value; below example, default,
 * enum… (`data`) only prototype keys are visited.
 * @param {unknown} node @param {string} pointer @param {boolean} data
 * @param {(key: string, value: unknown, pointer: string, keyNode: unknown, valueNode: unknown) => void} visit
 */
function walk(node, pointer, data, visit) {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      const child = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      const value = isScalar(pair.value) ? pair.value.value : undefined;
      if (!data || PROTOTYPE_KEYS.has(key)) visit(key, value, child, pair.key, pair.value);
      walk(pair.value, child, data || DATA_KEYS.has(key), visit);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => walk(item, `${pointer}/${index}`, data, visit));
  }
}

/** @param {string} text */
function isJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Offset of the first alias, for the message. @param {unknown} node @returns {number | undefined} */
function firstAlias(node) {
  if (isAlias(node)) return node.range?.[0];
  const items = isMap(node) ? node.items.flatMap((pair) => [pair.key, pair.value]) : isSeq(node) ? node.items : [];
  for (const item of items) {
    const found = firstAlias(item);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Offset where brackets or indentation first nest deeper than LIMITS.depth, or undefined. A scan of the
 * text, before any parser recurses into it (quoted strings skipped; YAML block nesting by indentation).
 * @param {string} text
 */
function deepestAt(text) {
  let depth = 0;
  /** @type {string | undefined} */
  let quote;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote || char === '\n') quote = undefined;
      continue;
    }
    if (lineStart && char !== ' ' && char !== '\n') {
      // Two spaces an indentation level, as PayPal's and Redocly's YAML are written; a looser indent only counts less.
      if (i > 0 && (i - text.lastIndexOf('\n', i - 1) - 1) / 2 > LIMITS.depth) return i;
      lineStart = false;
    }
    if (char === '\n') lineStart = true;
    else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '{') {
      if (++depth > LIMITS.depth) return i;
    } else if (char === ']' || char === '}') depth--;
  }
  return undefined;
}

/**
 * Why @hey-api/openapi-ts cannot write `pattern` as a regex literal meaning the same, or ''. Its
 * writer (RegExpTsDsl) drops surrounding slashes and escapes each `/` not preceded by `\` (which
 * changes no meaning), with the flag `u` when the pattern uses \p{…}; a `\\/` or a line break then
 * ends the literal early and the rest of the pattern becomes code. So the pattern must compile, keep
 * its slashes, and its literal must scan back as exactly one token.
 * @param {string} pattern
 */
export function patternProblem(pattern) {
  const flags = zodFlags(pattern);
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    return `${JSON.stringify(pattern)} is not a valid RegExp (${/** @type {Error} */ (error).message})`;
  }
  if (pattern.length > 1 && pattern.startsWith('/') && pattern.endsWith('/')) return `${JSON.stringify(pattern)}: the generator would drop its slashes`;
  const literal = `/${escapeSlashes(pattern)}/${flags}`;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, literal);
  const token = scanner.scan() === ts.SyntaxKind.SlashToken ? scanner.reScanSlashToken() : undefined;
  if (token === ts.SyntaxKind.RegularExpressionLiteral && scanner.getTokenEnd() === literal.length) return '';
  return `${JSON.stringify(pattern)} cannot be written as one regex literal`;
}

/** The flags the zod generator gives a pattern. @param {string} pattern */
export const zodFlags = (pattern) => (/\\[pP]\{/.test(pattern) ? 'u' : '');

/** A pattern as the zod generator writes it between slashes. @param {string} pattern */
export const escapeSlashes = (pattern) => pattern.replace(/(?<!\\)\//g, '\\/');
