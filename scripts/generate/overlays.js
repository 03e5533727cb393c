// Every overlay action must still match the document it is applied to. Redocly applies an action that
// matches nothing silently, so a correction whose target PayPal renamed (or fixed) would vanish from
// the bundle with exit 0. This replays the overlays, in order, on the bundle they are applied to, and
// reports each target that selects nothing, with why it probably does.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseYaml } from '@redocly/openapi-core';
import { paths as select } from 'jsonpath-rfc9535';
import parseJsonPath from 'jsonpath-rfc9535/parser';

/** Expanding `['a','b']` selectors multiplies targets; past this, the action is checked as written. */
const MAX_ALTERNATIVES = 64;

/**
 * @typedef {Record<string, any>} Json
 * @typedef {{ target?: unknown, description?: string, remove?: boolean, update?: unknown }} Action
 */

/**
 * Replays the overlays on a copy of `document` and returns one line per target that matched nothing:
 * `file:line:col error overlay-action-unmatched: …`.
 * @param {Json} document the bundled document, before any overlay
 * @param {string[]} overlayFiles in the order redocly.yaml lists them
 * @param {string} root paths in messages are relative to it
 */
export async function unmatchedActions(document, overlayFiles, root) {
  const doc = structuredClone(document);
  const problems = [];
  for (const file of overlayFiles) {
    const text = await readFile(file, 'utf8');
    const actions = /** @type {Action[]} */ (/** @type {Json} */ (parseYaml(text))?.actions ?? []);
    let searchFrom = 0;
    for (const [index, action] of actions.entries()) {
      if (typeof action?.target !== 'string') continue; // Redocly reports malformed actions itself
      const at = text.indexOf(action.target, searchFrom);
      if (at >= 0) searchFrom = at;
      const where = `${path.relative(root, file)}:${lineCol(text, at)}`;
      for (const target of alternatives(action.target)) {
        if (matches(doc, target)) continue;
        const reason = action.description ? ` ("${action.description}")` : '';
        problems.push(`${where} error overlay-action-unmatched: action ${index + 1}${reason} matches nothing at ${target}: ${diagnose(doc, target, action)}`);
      }
      const present = apply(doc, action);
      if (present) {
        const reason = action.description ? ` ("${action.description}")` : '';
        problems.push(`${where} error overlay-action-unneeded: action ${index + 1}${reason}: the fix looks unnecessary: ${action.target} already has ${present}`);
      }
    }
  }
  return problems;
}

/** @param {Json} doc @param {string} target */
function matches(doc, target) {
  try {
    return select(doc, target).length > 0;
  } catch {
    return true; // an invalid expression is Redocly's to report
  }
}

/**
 * Says which step of the target found nothing: only its last (for a removal: PayPal no longer has what
 * it removes, so the fix looks unnecessary), or an earlier one (what it targets was renamed or removed).
 * @param {Json} doc @param {string} target @param {Action} action
 */
function diagnose(doc, target, action) {
  const segments = splitSegments(target);
  let matched = 1; // `$` always matches
  while (matched < segments.length && matches(doc, segments.slice(0, matched + 1).join(''))) matched++;
  const prefix = segments.slice(0, matched).join('');
  const missing = segments[matched];
  if (matched === segments.length - 1 && action.remove === true) {
    return `the fix looks unnecessary: PayPal's document no longer has ${missing} under ${prefix}`;
  }
  return `its target vanished: nothing matches ${missing} under ${prefix} (renamed or removed upstream?)`;
}

/**
 * Splits a JSONPath into its segments as written: `$.a['b','c'][?@.x == 'y']` -> `$`, `.a`, `['b','c']`, `[?@.x == 'y']`.
 * @param {string} expression
 */
export function splitSegments(expression) {
  const segments = [];
  let current = '';
  let depth = 0;
  /** @type {string | undefined} */
  let quote;
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i];
    if (quote) {
      if (char === '\\') current += expression[i++];
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (depth === 0 && (char === '.' || char === '[') && current !== '' && current !== '.' && current !== '..') {
      segments.push(current);
      current = '';
    }
    if (!quote && char === '[') depth++;
    if (!quote && char === ']') depth--;
    current += char;
  }
  segments.push(current);
  return segments;
}

/**
 * One target per combination of the names in `['a','b']` selectors, so each name must match on its
 * own: renaming `page` must not hide behind `page_size` still matching.
 * @param {string} target
 */
export function alternatives(target) {
  /** @type {string[]} */
  let results = [''];
  for (const segment of splitSegments(target)) {
    const names = /^\[\s*'[^']*'(\s*,\s*'[^']*')+\s*\]$/.test(segment) ? [...segment.matchAll(/'([^']*)'/g)].map((m) => `['${m[1]}']`) : [segment];
    results = results.flatMap((prefix) => names.map((name) => prefix + name));
    if (results.length > MAX_ALTERNATIVES) return [target];
  }
  return results;
}

/**
 * Applies one action to `doc` as Overlay 1.0 says (remove, or merge the update), so the next action
 * is checked against what it will really meet. Returns what an update adds when the target already has
 * it all (PayPal now documents what the fix adds: values of an array, or an object's fields), else undefined.
 * @param {Json} doc @param {Action} action
 * @returns {string | undefined}
 */
function apply(doc, action) {
  /** @type {Array<Array<string | number>>} */
  let targets;
  try {
    targets = select(doc, /** @type {string} */ (action.target)).map(keysOf);
  } catch {
    return undefined;
  }
  if (action.remove === true) {
    // Highest array index first, so earlier removals do not shift later ones.
    for (const keys of targets.sort((a, b) => Number(b.at(-1)) - Number(a.at(-1)))) {
      const parent = keys.slice(0, -1).reduce((node, key) => node[key], doc);
      const key = /** @type {string | number} */ (keys.at(-1));
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else if (parent) delete parent[key];
    }
  } else if (action.update !== undefined) {
    const values = [action.update].flat();
    for (const keys of targets) {
      const node = keys.reduce((at, key) => at[key], doc);
      if (Array.isArray(node)) {
        const known = new Set(node.map((value) => JSON.stringify(value)));
        if (values.every((value) => known.has(JSON.stringify(value)))) return values.map((value) => JSON.stringify(value)).join(', ');
        node.push(...values.map((value) => structuredClone(value)));
      } else if (isObject(node) && isObject(action.update)) {
        if (holds(node, action.update)) return JSON.stringify(action.update);
        merge(node, action.update);
      }
    }
  }
  return undefined;
}

/** @param {Json} node @param {Json} value */
function merge(node, value) {
  for (const [key, source] of Object.entries(value)) {
    if (isObject(node[key]) && isObject(source)) merge(node[key], source);
    else if (Array.isArray(node[key]) && Array.isArray(source)) node[key].push(...structuredClone(source));
    else node[key] = structuredClone(source);
  }
}

/**
 * Whether `node` already has every field of `value`, with the same value.
 * @param {Json} node @param {Json} value @returns {boolean}
 */
function holds(node, value) {
  return Object.entries(value).every(([key, field]) =>
    isObject(node[key]) && isObject(field) ? holds(node[key], field) : JSON.stringify(node[key]) === JSON.stringify(field),
  );
}

/** `$['paths']['/x'][0]` -> `['paths', '/x', 0]` */
function keysOf(/** @type {string} */ normalized) {
  return parseJsonPath(normalized).segments.flatMap((/** @type {Json} */ { node }) =>
    node.type === 'BracketedSelection' ? node.selectors.map((/** @type {Json} */ selector) => selector.value) : [],
  );
}

/** @param {unknown} value @returns {value is Json} */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** @param {string} text @param {number} offset */
function lineCol(text, offset) {
  if (offset < 0) return '1:1';
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * For an unresolvable `$ref` at `pointer` of the overlaid bundle that an overlay action inserted:
 * `overlay.yaml:line:col` of that ref, and which action it is. Undefined when no action inserted it.
 * @param {Json} document the bundle, overlays applied
 * @param {string} pointer such as `#/paths/~1v1~1x/post/responses/201`
 * @param {string[]} overlayFiles
 * @param {string} root
 */
export async function overlayRefOrigin(document, pointer, overlayFiles, root) {
  const node = pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .reduce((/** @type {Json | undefined} */ at, key) => at?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], document);
  const ref = node?.$ref;
  if (typeof ref !== 'string') return undefined;
  for (const file of overlayFiles) {
    const text = await readFile(file, 'utf8');
    const actions = /** @type {Action[]} */ (/** @type {Json} */ (parseYaml(text))?.actions ?? []);
    let from = 0;
    for (const [index, action] of actions.entries()) {
      if (typeof action?.target === 'string') from = Math.max(from, text.indexOf(action.target, from));
      // Redocly rebases an inserted file ref onto the document, so compare without leading ./ and ../
      const inserted = refsIn(action?.update).find((value) => value === ref || ref.endsWith(value.replace(/^(\.\.?\/)+/, '')));
      if (inserted === undefined) continue;
      const at = text.indexOf(inserted, from);
      const reason = action.description ? ` ("${action.description}")` : '';
      return { where: `${path.relative(root, file)}:${lineCol(text, at)}`, ref: inserted, action: `action ${index + 1}${reason}` };
    }
  }
  return undefined;
}

/** Every `$ref` value inside an action's update. @param {unknown} value @returns {string[]} */
function refsIn(value) {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => (key === '$ref' && typeof child === 'string' ? [child] : refsIn(child)));
}
