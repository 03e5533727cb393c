// generated/checks.ts: the request validators compiled into plain functions, one per request part, that
// walk a value once and report each problem to a `Report` (src/issue-report.ts words it as zod does), so
// the client checks its input without zod's per-field objects and closures.
//
// Compiled from the zod schemas @hey-api/openapi-ts wrote (zod.ts, loaded here), not from the document:
// hey-api stays the one reader of the contract, and each check runs in zod's order, with zod's skips.
// Our choice over a hey-api plugin: its 0.95 plugin API hands a plugin its own IR and code builders,
// whose readOnly/default/format handling would have to be re-derived to match zod.ts check for check.
// Every value from the document is written by JSON.stringify (names, enum values) or as the regex
// literal zod.ts already holds; code-check.js reads the result back.
import ts from 'typescript';

/** Thrown for a schema kind this compiler does not write; validators.js then stops the generator, naming it. */
export class Unsupported extends Error {}

/** zod's ISO string formats, each checked by the regex zod.ts's schema holds. */
export const ISO_FORMATS = ['datetime', 'date', 'time', 'duration'];

/**
 * zod.ts, evaluated: its schemas by export name. zod/mini is imported from this project's copy.
 * Run only after code-check.js accepted zod.ts, so what runs is schemas and nothing else.
 * @param {string} zodText
 * @returns {Promise<Record<string, any>>}
 */
export async function loadSchemas(zodText) {
  const { outputText } = ts.transpileModule(zodText, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const zodUrl = import.meta.resolve('zod/mini');
  const source = outputText.replace(/from ['"]zod\/mini['"]/, `from ${JSON.stringify(zodUrl)}`);
  return import(`data:text/javascript,${encodeURIComponent(source)}`);
}

/** @param {any} schema */
const def = (schema) => schema._zod.def;

/** An enum schema's values as an array literal. @param {any} schema */
function enumValues(schema) {
  if (def(schema)?.type !== 'enum') throw new Error('not an enum schema');
  return `[${Object.values(def(schema).entries).map((value) => JSON.stringify(value)).join(', ')}]`;
}

/**
 * The module's text.
 * @param {Record<string, any>} schemas zod.ts's exports
 * @param {Array<{ name: string }>} parts the request parts to compile, by zod export name (zPayoutsPostBody)
 * @param {string[]} hooks export names of schemas whose check calls `r.on<Name>(value, key)` once the value is an object
 * @param {string[]} enums export names of enum schemas whose values the module exports (`valuesRecipientEnum`)
 * @param {string} banner
 */
export function checksModule(schemas, parts, hooks, enums, banner) {
  /** Export name of each schema object (the first, as aliases follow what they alias). */
  const names = new Map();
  for (const [name, schema] of Object.entries(schemas)) if (!names.has(schema)) names.set(schema, name);
  /** @type {Map<any, string>} function of each compiled object or array schema */
  const functions = new Map();
  /** @type {string[]} */
  const bodies = [];
  /** @type {Map<string, string>} regex literal -> const name */
  const patterns = new Map();
  /** @type {Map<string, string>} body of a string check -> its function */
  const strings = new Map();
  /** @type {Map<string, string>} enum values (JSON) -> const name */
  const options = new Map();
  const compiled = new Set();
  /** @type {Map<string, string>} part -> why the compiler does not write it */
  const skipped = new Map();

  const pattern = (/** @type {RegExp} */ regex) => {
    const literal = `/${regex.source}/${regex.flags}`;
    if (!patterns.has(literal)) patterns.set(literal, `pattern${patterns.size}`);
    return /** @type {string} */ (patterns.get(literal));
  };
  const option = (/** @type {unknown[]} */ values) => {
    if (values.some((value) => typeof value !== 'string')) throw new Unsupported('an enum of other than strings');
    const text = `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
    if (!options.has(text)) options.set(text, `options${options.size}`);
    return /** @type {string} */ (options.get(text));
  };

  /**
   * Statements checking `x` (an identifier) against `schema`; `key` is the expression of its key.
   * @param {any} schema @param {string} x @param {string} key @param {string} indent
   * @returns {string[]}
   */
  function check(schema, x, key, indent) {
    const d = def(schema);
    const checks = (d.checks ?? []).map(def);
    switch (d.type) {
      case 'optional':
      case 'default':
        return [`${indent}if (${x} !== undefined) {`, ...check(d.innerType, x, key, `${indent}  `), `${indent}}`];
      case 'readonly':
        return check(d.innerType, x, key, indent);
      case 'string': {
        // One function per kind of string (its checks, the maximum a parameter), called from each field: small code.
        const url = d.format === 'url' && !('normalize' in d || 'hostname' in d || 'protocol' in d);
        // z.iso.datetime(), .date(), .time(), .duration(): zod's own regex for its options, as the schema holds it.
        const iso = ISO_FORMATS.includes(d.format) && d.pattern instanceof RegExp ? { format: d.format, pattern: d.pattern } : undefined;
        if (d.format !== undefined && !url && !iso) throw new Unsupported(`string format ${d.format}`);
        const max = checks.find((/** @type {any} */ c) => c.check === 'max_length')?.maximum;
        return [`${indent}${stringCheck(checks, url, iso)}(${x}, r, ${key}${max === undefined ? '' : `, ${max}`});`];
      }
      case 'number': {
        const int = d.check === 'number_format';
        if (int && d.format !== 'safeint') throw new Unsupported(`number format ${d.format}`);
        const lines = [`${indent}if (typeof ${x} !== "number" || !Number.isFinite(${x})) {`, `${indent}  r.type("number", ${x}, ${key});`];
        if (int) lines.push(`${indent}} else if (!Number.isInteger(${x})) {`, `${indent}  r.type("int", ${x}, ${key});`);
        lines.push(`${indent}} else {`);
        if (int) lines.push(`${indent}  if (!Number.isSafeInteger(${x})) r.unsafe(${x}, ${key});`);
        for (const c of checks) {
          if (c.check === 'greater_than' && c.inclusive) lines.push(`${indent}  if (${x} < ${c.value}) r.small(${c.value}, ${x}, ${key});`);
          else if (c.check === 'less_than' && c.inclusive) lines.push(`${indent}  if (${x} > ${c.value}) r.big(${c.value}, ${x}, ${key});`);
          else throw new Unsupported(`number check ${c.check}`);
        }
        return [...lines, `${indent}}`];
      }
      case 'boolean':
        if (checks.length > 0) throw new Unsupported('boolean checks');
        return [`${indent}if (typeof ${x} !== "boolean") r.type("boolean", ${x}, ${key});`];
      case 'enum': {
        if (checks.length > 0) throw new Unsupported('enum checks');
        const values = Object.values(d.entries);
        const list = option(values);
        const text = values.filter((value, index) => values.indexOf(value) === index);
        return [
          `${indent}if (${text.map((value) => `${x} !== ${JSON.stringify(value)}`).join(' && ')}) r.option(${list}, ${x}, ${key});`,
          `${indent}else r.text(${x});`,
        ];
      }
      case 'object':
      case 'array':
      case 'record':
        return [`${indent}${compile(schema)}(${x}, r, ${key});`];
      default:
        throw new Unsupported(`schema type ${d.type}`);
    }
  }

  /**
   * The function checking strings with these checks; the maximum length is its parameter `max`.
   * z.url(): URL.canParse of the trimmed text; the later checks see that text without tabs and line breaks.
   * z.iso.datetime() and its kin (`iso`, its format and regex): tested first, as zod runs the format before the checks after it.
   * @param {any[]} checks @param {boolean} url @param {{ format: string, pattern: RegExp } | undefined} iso
   */
  function stringCheck(checks, url, iso) {
    const lines = ['  if (typeof x !== "string") {', '    r.type("string", x, k);', ...lengths(checks, 'x', 'k', '    ').map((line) => line.replace(/r\.max\(\d+,/, 'r.max(max,')), '    return;', '  }', '  const unusual = r.text(x);'];
    const s = url ? 'u' : 'x';
    if (url) lines.push('  const u = r.url(x, k);');
    if (iso) lines.push(...test(iso.pattern, s, `r.iso(${JSON.stringify(iso.format)}, ${s}, k)`));
    for (const c of checks) {
      if (c.check === 'min_length' && c.minimum > 0) lines.push(`  if (${s}.length < ${2 * c.minimum}) r.min(${c.minimum}, ${s}, k);`);
      else if (c.check === 'max_length') lines.push(`  if (${s}.length > max) r.max(max, ${s}, k);`);
      else if (c.check === 'string_format' && c.format === 'regex') {
        // /^.*$/ fails only on a line break, which r.text already looks for: the test runs only when it found one.
        const anyLine = c.pattern.source === '^.*$' && c.pattern.flags === '' && s === 'x';
        lines.push(...test(c.pattern, s, `r.format(${pattern(c.pattern)}, ${s}, k)`, anyLine ? 'unusual && ' : ''));
      } else if (c.check !== 'min_length') throw new Unsupported(`string check ${c.check}`);
    }
    const hasMax = checks.some((c) => c.check === 'max_length');
    if (!lines.some((line) => line.includes('unusual &&'))) lines[lines.indexOf('  const unusual = r.text(x);')] = '  r.text(x);';
    const body = lines.join('\n');
    const known = strings.get(body);
    if (known) return known;
    const name = `string$${strings.size}`;
    strings.set(body, name);
    bodies.push([`function ${name}(x: unknown, r: Report, k: PropertyKey${hasMax ? ', max: number' : ''}): void {`, body, '}'].join('\n'));
    return name;
  }

  /**
   * Statements running `then` when `s` does not match `regex` (its lastIndex reset first, as zod does, when it keeps one).
   * @param {RegExp} regex @param {string} s @param {string} then @param {string} [guard] a condition before the test
   */
  function test(regex, s, then, guard = '') {
    const name = pattern(regex);
    return [...(regex.global || regex.sticky ? [`  ${name}.lastIndex = 0;`] : []), `  if (${guard}!${name}.test(${s})) ${then};`];
  }

  /**
   * zod runs a string's or array's length checks even after a type error, on any value with a length.
   * @param {any[]} checks @param {string} x @param {string} key @param {string} indent
   */
  function lengths(checks, x, key, indent) {
    return checks.flatMap((c) =>
      c.check === 'min_length' ? [`${indent}r.min(${c.minimum}, ${x}, ${key});`] : c.check === 'max_length' ? [`${indent}r.max(${c.maximum}, ${x}, ${key});`] : [],
    );
  }

  /** The function checking an object or array schema, written once. @param {any} schema @returns {string} */
  function compile(schema) {
    const known = functions.get(schema);
    if (known) return known;
    const exported = names.get(schema);
    const name = exported ? `check${exported.slice(1)}` : `check$${functions.size}`;
    functions.set(schema, name);
    const d = def(schema);
    const lines = [];
    if (d.type === 'record') {
      // z.record(z.string(), z.unknown()): any plain object; the report still looks at what its keys hold.
      if (def(d.keyType).type !== 'string' || def(d.keyType).checks?.length || def(d.valueType).type !== 'unknown') throw new Unsupported('a record of other than strings to unknown');
      lines.push(
        `function ${name}(v: unknown, r: Report, k?: PropertyKey): void {`,
        '  if (!r.record(v, k)) return;',
        '  const o = v as Record<string, unknown>;',
        '  for (const key in o) r.extra(o, key);',
        '}',
      );
    } else if (d.type === 'object') {
      if (d.catchall !== undefined) throw new Unsupported('an object with a catchall');
      lines.push(
        `function ${name}(v: unknown, r: Report, k?: PropertyKey): void {`,
        '  if (typeof v !== "object" || v === null || Array.isArray(v)) return r.type("object", v, k);',
        '  const o = v as Record<string, unknown>;',
      );
      if (exported && hooks.includes(exported)) lines.push(`  r.on${exported.slice(1)}(o, k);`);
      lines.push('  if (k !== undefined) r.path.push(k);', '  let x: unknown;');
      const keys = Object.keys(d.shape);
      for (const key of keys) {
        lines.push(`  x = o[${JSON.stringify(key)}];`, ...check(d.shape[key], 'x', JSON.stringify(key), '  '));
      }
      // Keys beyond the shape: zod ignores them; the report still looks at what they hold.
      lines.push('  for (const key in o) {');
      if (keys.length > 0) lines.push('    switch (key) {', ...keys.map((key) => `      case ${JSON.stringify(key)}:`), '        continue;', '    }');
      lines.push('    r.extra(o, key);', '  }', '  if (k !== undefined) r.path.pop();', '}');
    } else {
      const checks = (d.checks ?? []).map(def);
      lines.push(
        `function ${name}(v: unknown, r: Report, k?: PropertyKey): void {`,
        '  if (!Array.isArray(v)) {',
        '    r.type("array", v, k);',
        ...lengths(checks, 'v', 'k', '    '),
        '    return;',
        '  }',
        '  if (k !== undefined) r.path.push(k);',
        '  for (let i = 0; i < v.length; i++) {',
        '    const x: unknown = v[i];',
        ...check(d.element, 'x', 'i', '    '),
        '  }',
        '  if (k !== undefined) r.path.pop();',
      );
      for (const c of checks) {
        if (c.check === 'min_length' && c.minimum > 0) lines.push(`  if (v.length < ${c.minimum}) r.min(${c.minimum}, v, k);`);
        else if (c.check === 'max_length') lines.push(`  if (v.length > ${c.maximum}) r.max(${c.maximum}, v, k);`);
        else if (c.check !== 'min_length') throw new Unsupported(`array check ${c.check}`);
      }
      lines.push('}');
    }
    bodies.push(lines.join('\n'));
    return name;
  }

  /** @type {string[]} */
  const entries = [];
  const entry = (/** @type {string} */ name, /** @type {string} */ fn) => (fn === `check${name.slice(1)}` ? `export { ${fn} };` : `export const check${name.slice(1)} = ${fn};`);
  for (const { name } of parts) {
    const schema = schemas[name];
    const before = { bodies: bodies.length, functions: new Map(functions), patterns: new Map(patterns), options: new Map(options), strings: new Map(strings) };
    try {
      if (def(schema).type !== 'object' && def(schema).type !== 'array') throw new Unsupported(`a ${def(schema).type} at the top`);
      entries.push(entry(name, compile(schema)));
      compiled.add(name);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      skipped.set(name, error.message);
      // Undo what the part wrote, so the module holds only what its entries reach.
      bodies.length = before.bodies;
      for (const [map, saved] of /** @type {const} */ ([[functions, before.functions], [patterns, before.patterns], [options, before.options], [strings, before.strings]])) {
        map.clear();
        for (const [k, v] of saved) map.set(k, v);
      }
    }
  }
  for (const name of hooks) if (schemas[name] && !functions.has(schemas[name])) throw new Error(`the hook ${name} is no compiled schema`);
  // An exported hook schema is an entry of its own (the bulk runner checks one item).
  for (const name of hooks) if (!parts.some((part) => part.name === name)) entries.push(entry(name, /** @type {string} */ (functions.get(schemas[name]))));

  const text = [
    `// ${banner}`,
    '',
    '/** Where the checks report what they find; src/issue-report.ts words it as zod does. */',
    'export interface Report {',
    '  /** Keys and indexes from the checked value to the object or array being checked. */',
    '  readonly path: PropertyKey[];',
    '  /** `value` is not of type `expected`. */',
    '  type(expected: string, value: unknown, key?: PropertyKey): void;',
    '  /** zod\'s length checks: `value.length` below `minimum` or above `maximum` (strings by code points). */',
    '  min(minimum: number, value: unknown, key?: PropertyKey): void;',
    '  max(maximum: number, value: unknown, key?: PropertyKey): void;',
    '  /** A number below `minimum` or above `maximum`, or an integer beyond the safe range. */',
    '  small(minimum: number, value: number, key?: PropertyKey): void;',
    '  big(maximum: number, value: number, key?: PropertyKey): void;',
    '  unsafe(value: number, key?: PropertyKey): void;',
    '  format(pattern: RegExp, value: string, key?: PropertyKey): void;',
    '  /** z.iso.datetime(), .date(), .time(), .duration() (`format`): text its regex refuses. */',
    '  iso(format: string, value: string, key?: PropertyKey): void;',
    '  /** z.record(): whether `value` is a plain object (zod\'s isPlainObject), reporting it when not, and each enumerable symbol key. */',
    '  record(value: unknown, key?: PropertyKey): boolean;',
    '  /** z.url(): reports text URL.canParse refuses (trimmed); returns the text the later checks see. */',
    '  url(value: string, key?: PropertyKey): string;',
    '  option(values: readonly string[], value: unknown, key?: PropertyKey): void;',
    '  /** Every string of the right type; true when it holds a control character or a line break (U+0000-001F, U+007F, U+2028, U+2029). */',
    '  text(value: string): boolean;',
    '  /** A key of `object` beyond its schema. */',
    '  extra(object: object, key: string): void;',
    ...hooks.map((name) => `  on${name.slice(1)}(value: Record<string, unknown>, key?: PropertyKey): void;`),
    '}',
    '',
    /** @type {string[]} */ ([...patterns].map(([literal, name]) => `const ${name} = ${literal};`)).join('\n'),
    [...options].map(([values, name]) => `const ${name} = ${values} as const;`).join('\n'),
    '',
    ...enums.map((name) => `export const values${name.slice(1)} = ${enumValues(schemas[name])} as const;`),
    '',
    bodies.join('\n\n'),
    '',
    entries.join('\n'),
    '',
  ].join('\n');
  return { text, compiled, skipped };
}
