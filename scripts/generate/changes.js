// The change report: what a new bundled contract changes for the client's users, compared with the
// old one. Schemas are compared resolved, so renaming a component alone is no change. Each change is
// classified from the caller's side: breaking (their code or valid input stops working), warning
// (compiles, but may need a look) or additive. Written by hand: no offline npm package does this
// (@pb33f/openapi-changes downloads a binary at install; openapi-diff skips parameters).

import { printable } from './printable.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Keys whose edits are prose: counted, never listed. */
const PROSE = ['description', 'summary', 'title'];
/** Limits: `min` ones tighten as they grow, `max` ones as they shrink, `other` ones on any change. */
const LIMITS = /** @type {const} */ ({
  minimum: 'min', exclusiveMinimum: 'min', minLength: 'min', minItems: 'min', minProperties: 'min',
  maximum: 'max', exclusiveMaximum: 'max', maxLength: 'max', maxItems: 'max', maxProperties: 'max',
  pattern: 'other', multipleOf: 'other',
});

/**
 * @typedef {'breaking' | 'warning' | 'additive'} Severity
 * @typedef {'request' | 'response'} Direction
 * @typedef {object} Change
 * @property {Severity} severity
 * @property {string} kind such as `property-removed` or `enum-value-added`
 * @property {string} where a JSON pointer into the new document (the old one for removals), or an operationId
 * @property {string} message one line, for people
 * @property {string[]} operations operations it reaches
 * @typedef {{ version: string, sha256: string }} Release
 * @typedef {{ from: Release, to: Release, summary: Record<Severity | 'descriptionEdits', number>, changes: Change[] }} Report
 * @typedef {Record<string, any>} Json
 */

/**
 * The severity of a change, by direction: who it can hurt depends on who sends the data.
 * @type {Record<Direction, Record<'narrowed' | 'widened' | 'removed', Severity>>}
 */
const BY_DIRECTION = {
  /** A field or value callers send. */
  request: { narrowed: 'breaking', widened: 'additive', removed: 'warning' },
  /** A field or value callers receive. */
  response: { narrowed: 'additive', widened: 'warning', removed: 'breaking' },
};

/**
 * Compares two bundled documents.
 * @param {Json} before
 * @param {Json} after
 * @returns {{ changes: Change[], descriptionEdits: number }}
 */
export function compareContracts(before, after) {
  /** @type {Map<string, Change>} */
  const changes = new Map();
  const prose = new Set();
  const oldOps = operationsOf(before);
  const newOps = operationsOf(after);

  /** @param {Omit<Change, 'operations'>} change @param {string} operation */
  const add = (change, operation) => {
    const key = `${change.severity}|${change.kind}|${change.where}|${change.message}`;
    const known = changes.get(key);
    if (!known) changes.set(key, { ...change, operations: [operation] });
    else if (!known.operations.includes(operation)) known.operations.push(operation);
  };

  for (const [id, op] of oldOps) {
    if (!newOps.has(id)) add({ severity: 'breaking', kind: 'operation-removed', where: id, message: `${op.label} was removed` }, id);
  }
  for (const [id, op] of newOps) {
    const old = oldOps.get(id);
    if (!old) {
      add({ severity: 'additive', kind: 'operation-added', where: id, message: `${op.label} was added` }, id);
    } else if (old.label !== op.label) {
      add({ severity: 'breaking', kind: 'operation-moved', where: id, message: `${old.label} moved to ${op.label}` }, id);
    } else {
      new OperationComparison(before, after, id, add, prose).compare(old, op);
    }
  }
  return { changes: [...changes.values()], descriptionEdits: prose.size };
}

/**
 * @typedef {{ label: string, pointer: string, pathItem: Json, operation: Json }} OperationEntry
 * @param {Json} document
 * @returns {Map<string, OperationEntry>}
 */
function operationsOf(document) {
  /** @type {Map<string, OperationEntry>} */
  const operations = new Map();
  for (const [path, pathItem] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = pathItem?.[method];
      if (!operation) continue;
      const label = `${method.toUpperCase()} ${path}`;
      operations.set(operation.operationId ?? label, { label, pointer: `#/paths/${escape(path)}/${method}`, pathItem, operation });
    }
  }
  return operations;
}

/** @param {string} key */
const escape = (key) => key.replaceAll('~', '~0').replaceAll('/', '~1');

class OperationComparison {
  /**
   * @param {Json} before
   * @param {Json} after
   * @param {string} id
   * @param {(change: Omit<Change, 'operations'>, operation: string) => void} add
   * @param {Set<string>} prose
   */
  constructor(before, after, id, add, prose) {
    this.before = before;
    this.after = after;
    this.id = id;
    this.report = /** @param {Omit<Change, 'operations'>} change */ (change) => add(change, id);
    this.prose = prose;
    /** Pairs of schemas being compared, so recursive schemas end. */
    this.stack = new Set();
  }

  /** @param {OperationEntry} old @param {OperationEntry} now */
  compare(old, now) {
    this.compareProse(old.operation, now.operation, now.pointer);
    this.compareParameters(old, now);
    this.compareRequestBody(old, now);
    this.compareResponses(old, now);
  }

  /** @param {Json} a @param {Json} b @param {string} pointer */
  compareProse(a, b, pointer) {
    for (const key of PROSE) if ((a?.[key] ?? '') !== (b?.[key] ?? '')) this.prose.add(`${pointer}/${key}`);
  }

  /** @param {OperationEntry} old @param {OperationEntry} now */
  compareParameters(old, now) {
    const list = (/** @type {Json} */ document, /** @type {OperationEntry} */ entry) => {
      /** @type {Map<string, { parameter: Json, pointer: string }>} */
      const byKey = new Map();
      const add = (/** @type {Json[]} */ parameters, /** @type {string} */ base) =>
        parameters.forEach((node, index) => {
          const { value, pointer } = resolve(document, node, `${base}/${index}`);
          const name = value.in === 'header' ? String(value.name).toLowerCase() : value.name;
          byKey.set(`${value.in}:${name}`, { parameter: value, pointer });
        });
      add(entry.pathItem.parameters ?? [], entry.pointer.replace(/\/[a-z]+$/, '/parameters'));
      add(entry.operation.parameters ?? [], `${entry.pointer}/parameters`);
      return byKey;
    };
    const before = list(this.before, old);
    const after = list(this.after, now);
    for (const [key, { parameter, pointer }] of before) {
      if (!after.has(key)) {
        this.report({ severity: 'warning', kind: 'parameter-removed', where: pointer, message: `${this.id}: ${describeParameter(parameter)} was removed; the API ignores or rejects it now` });
      }
    }
    for (const [key, { parameter, pointer }] of after) {
      const was = before.get(key);
      const what = describeParameter(parameter);
      if (!was) {
        this.report(parameter.required
          ? { severity: 'breaking', kind: 'parameter-added', where: pointer, message: `${this.id}: new required ${what}` }
          : { severity: 'additive', kind: 'parameter-added', where: pointer, message: `${this.id}: new optional ${what}` });
        continue;
      }
      if (!was.parameter.required && parameter.required) {
        this.report({ severity: 'breaking', kind: 'parameter-required', where: pointer, message: `${this.id}: ${what} is now required` });
      } else if (was.parameter.required && !parameter.required) {
        this.report({ severity: 'additive', kind: 'parameter-optional', where: pointer, message: `${this.id}: ${what} is now optional` });
      }
      this.compareProse(was.parameter, parameter, pointer);
      this.compareSchema(was.parameter.schema, parameter.schema, 'request', `${pointer}/schema`, what);
    }
  }

  /** @param {OperationEntry} old @param {OperationEntry} now */
  compareRequestBody(old, now) {
    const pointer = `${now.pointer}/requestBody`;
    const a = old.operation.requestBody && resolve(this.before, old.operation.requestBody, pointer).value;
    const b = now.operation.requestBody && resolve(this.after, now.operation.requestBody, pointer).value;
    if (!a && !b) return;
    if (!a) {
      this.report({ severity: b.required ? 'breaking' : 'additive', kind: 'request-body-added', where: pointer, message: `${this.id}: now takes ${b.required ? 'a required' : 'an optional'} request body` });
      return;
    }
    if (!b) {
      this.report({ severity: 'warning', kind: 'request-body-removed', where: pointer, message: `${this.id}: no longer takes a request body` });
      return;
    }
    if (!a.required && b.required) {
      this.report({ severity: 'breaking', kind: 'request-body-required', where: pointer, message: `${this.id}: the request body is now required` });
    }
    this.compareProse(a, b, pointer);
    this.compareContent(a.content, b.content, 'request', `${pointer}/content`, `${this.id} request body`, true);
  }

  /** @param {OperationEntry} old @param {OperationEntry} now */
  compareResponses(old, now) {
    const a = old.operation.responses ?? {};
    const b = now.operation.responses ?? {};
    for (const status of Object.keys(a)) {
      if (status in b) continue;
      const success = status.startsWith('2');
      this.report({
        severity: success ? 'breaking' : 'warning',
        kind: 'response-removed',
        where: `${old.pointer}/responses/${status}`,
        message: `${this.id}: no longer documents a ${status} response`,
      });
    }
    for (const [status, node] of Object.entries(b)) {
      const pointer = `${now.pointer}/responses/${status}`;
      if (!(status in a)) {
        this.report({ severity: 'additive', kind: 'response-added', where: pointer, message: `${this.id}: now documents a ${status} response` });
        continue;
      }
      const was = resolve(this.before, a[status], pointer).value;
      const is = resolve(this.after, node, pointer).value;
      this.compareProse(was, is, pointer);
      this.compareContent(was.content, is.content, 'response', `${pointer}/content`, `${this.id} ${status} response`, status.startsWith('2'));
    }
  }

  /**
   * @param {Json | undefined} a @param {Json | undefined} b @param {Direction} direction
   * @param {string} pointer @param {string} label @param {boolean} matters whether losing a media type breaks callers
   */
  compareContent(a = {}, b = {}, direction, pointer, label, matters) {
    for (const type of Object.keys(a)) {
      if (!(type in b)) {
        const severity = matters ? 'breaking' : 'warning';
        this.report({ severity, kind: 'media-type-removed', where: `${pointer}/${escape(type)}`, message: `${label}: ${type} was removed` });
      }
    }
    for (const [type, media] of Object.entries(b)) {
      const where = `${pointer}/${escape(type)}`;
      if (!(type in a)) {
        this.report({ severity: 'additive', kind: 'media-type-added', where, message: `${label}: ${type} was added` });
      } else {
        this.compareSchema(a[type].schema, media.schema, direction, `${where}/schema`, label);
      }
    }
  }

  /**
   * Compares two schemas, following $refs on both sides.
   * @param {Json | undefined} aNode @param {Json | undefined} bNode @param {Direction} direction
   * @param {string} pointer where `bNode` sits @param {string} label how messages name it
   */
  compareSchema(aNode, bNode, direction, pointer, label) {
    if (!aNode || !bNode) return;
    const a = resolve(this.before, aNode, pointer);
    const b = resolve(this.after, bNode, pointer);
    const key = `${a.pointer}|${b.pointer}|${direction}`;
    if (this.stack.has(key)) return;
    this.stack.add(key);
    try {
      // Inside a component, messages name the component, as the generated types do.
      const name = b.pointer.match(/^#\/components\/schemas\/([^/]+)$/)?.[1];
      this.compareNode(a.value, b.value, direction, b.pointer, name ? unescape(name) : label);
    } finally {
      this.stack.delete(key);
    }
  }

  /** @param {Json} a @param {Json} b @param {Direction} direction @param {string} where @param {string} label */
  compareNode(a, b, direction, where, label) {
    const severity = BY_DIRECTION[direction];
    const side = `${direction}s`;
    const report = (/** @type {Severity} */ sev, /** @type {string} */ kind, /** @type {string} */ message) =>
      this.report({ severity: sev, kind, where, message: `${label}: ${message} (in ${side})` });
    this.compareProse(a, b, where);

    const typeOf = (/** @type {Json} */ schema) => [schema.type ?? []].flat().sort().join('|');
    if (typeOf(a) && typeOf(b) && typeOf(a) !== typeOf(b)) {
      report('breaking', 'type-changed', `type ${typeOf(a)} -> ${typeOf(b)}`);
      return; // what follows compares like with like
    }
    if (Boolean(a.nullable) !== Boolean(b.nullable)) {
      report(b.nullable ? severity.widened : severity.narrowed, 'nullable-changed', b.nullable ? 'may now be null' : 'may no longer be null');
    }
    if ((a.format ?? '') !== (b.format ?? '')) {
      // Added narrows what is valid, removed widens it; one format for another may be either.
      const sev = a.format && b.format ? 'warning' : b.format ? severity.narrowed : severity.widened;
      report(sev, 'format-changed', `format ${a.format ?? 'none'} -> ${b.format ?? 'none'}`);
    }
    this.compareEnums(a, b, report, severity);
    for (const [limit, sense] of Object.entries(LIMITS)) {
      const [was, is] = [a[limit], b[limit]];
      if (JSON.stringify(was) === JSON.stringify(is)) continue;
      const tighter =
        is === undefined || is === false ? false
        : was === undefined || was === false || sense === 'other' ? true
        : sense === 'min' ? is > was : is < was;
      report(tighter ? severity.narrowed : severity.widened, tighter ? 'limit-tightened' : 'limit-loosened', `${limit} ${show(was)} -> ${show(is)}`);
    }
    this.compareProperties(a, b, direction, where, label);
    if (a.items && b.items) this.compareSchema(a.items, b.items, direction, `${where}/items`, `${label}[]`);
    if (isObject(a.additionalProperties) && isObject(b.additionalProperties)) {
      this.compareSchema(a.additionalProperties, b.additionalProperties, direction, `${where}/additionalProperties`, `${label}{}`);
    }
    for (const keyword of ['allOf', 'oneOf', 'anyOf']) {
      const [was, is] = [a[keyword] ?? [], b[keyword] ?? []];
      if (was.length !== is.length) report('warning', 'composition-changed', `${keyword} has ${is.length} schemas, had ${was.length}`);
      for (let index = 0; index < Math.min(was.length, is.length); index++) {
        this.compareSchema(was[index], is[index], direction, `${where}/${keyword}/${index}`, label);
      }
    }
  }

  /**
   * @param {Json} a @param {Json} b
   * @param {(severity: Severity, kind: string, message: string) => void} report
   * @param {Record<'narrowed' | 'widened' | 'removed', Severity>} severity
   */
  compareEnums(a, b, report, severity) {
    if (!a.enum && !b.enum) return;
    if (!a.enum) return report(severity.narrowed, 'enum-added', `now limited to ${b.enum.map(show).join(', ')}`);
    if (!b.enum) return report(severity.widened, 'enum-removed', 'no longer limited to a list of values');
    const added = b.enum.filter((/** @type {unknown} */ value) => !a.enum.includes(value));
    const removed = a.enum.filter((/** @type {unknown} */ value) => !b.enum.includes(value));
    // A new value callers receive is what an exhaustive `switch` misses.
    if (added.length) report(severity.widened, 'enum-value-added', `new value${plural(added)} ${added.map(show).join(', ')}`);
    if (removed.length) {
      report(severity.narrowed === 'breaking' ? 'breaking' : 'warning', 'enum-value-removed', `value${plural(removed)} ${removed.map(show).join(', ')} removed`);
    }
  }

  /** @param {Json} a @param {Json} b @param {Direction} direction @param {string} where @param {string} label */
  compareProperties(a, b, direction, where, label) {
    const [was, is] = [a.properties ?? {}, b.properties ?? {}];
    const [wasRequired, isRequired] = [new Set(a.required ?? []), new Set(b.required ?? [])];
    const report = (/** @type {Severity} */ severity, /** @type {string} */ kind, /** @type {string} */ name, /** @type {string} */ message) =>
      this.report({ severity, kind, where: `${where}/properties/${escape(name)}`, message: `${label}.${name}: ${message} (in ${direction}s)` });
    for (const name of Object.keys(was)) {
      if (name in is) continue;
      report(BY_DIRECTION[direction].removed, 'property-removed', name, 'field removed');
    }
    for (const [name, schema] of Object.entries(is)) {
      if (!(name in was)) {
        const required = isRequired.has(name);
        const severity = required && direction === 'request' ? 'breaking' : 'additive';
        report(severity, 'property-added', name, `new ${required ? 'required' : 'optional'} field`);
        continue;
      }
      if (!wasRequired.has(name) && isRequired.has(name)) {
        report(direction === 'request' ? 'breaking' : 'additive', 'required-added', name, 'now required');
      } else if (wasRequired.has(name) && !isRequired.has(name)) {
        // An answer's field that may now be missing is `T | undefined`: code reading it stops compiling.
        report(direction === 'request' ? 'additive' : 'breaking', 'required-removed', name, 'no longer required');
      }
      this.compareSchema(was[name], schema, direction, `${where}/properties/${escape(name)}`, `${label}.${name}`);
    }
  }
}

/**
 * Follows $refs inside the document; returns the value and the pointer of where it is defined.
 * @param {Json} document @param {Json} node @param {string} pointer
 * @returns {{ value: Json, pointer: string }}
 */
function resolve(document, node, pointer) {
  let current = { value: node, pointer };
  for (let hops = 0; typeof current.value?.$ref === 'string' && hops < 32; hops++) {
    const ref = current.value.$ref;
    if (!ref.startsWith('#/')) break;
    const value = ref.slice(2).split('/').reduce((/** @type {Json | undefined} */ at, key) => at?.[unescape(key)], document);
    current = { value: value ?? {}, pointer: ref };
  }
  return { value: current.value ?? {}, pointer: current.pointer };
}

/** @param {string} key */
const unescape = (key) => key.replaceAll('~1', '/').replaceAll('~0', '~');
/** @param {unknown} value */
const isObject = (value) => typeof value === 'object' && value !== null;
/** @param {unknown} value */
const show = (value) => (value === undefined ? 'none' : JSON.stringify(value));
/** @param {unknown[]} list */
const plural = (list) => (list.length > 1 ? 's' : '');
/** @param {Json} parameter */
const describeParameter = (parameter) => `${parameter.in} parameter ${parameter.name}`;

/**
 * The report as JSON-ready data.
 * @param {{ document: Json, sha256: string }} from @param {{ document: Json, sha256: string }} to
 * @returns {Report}
 */
export function changeReport(from, to) {
  const { changes, descriptionEdits } = compareContracts(from.document, to.document);
  const order = { breaking: 0, warning: 1, additive: 2 };
  changes.sort((x, y) => order[x.severity] - order[y.severity] || x.where.localeCompare(y.where));
  const count = (/** @type {Severity} */ severity) => changes.filter((change) => change.severity === severity).length;
  const release = (/** @type {{ document: Json, sha256: string }} */ side) => ({ version: String(side.document.info?.version ?? ''), sha256: side.sha256 });
  return {
    from: release(from),
    to: release(to),
    summary: { breaking: count('breaking'), warning: count('warning'), additive: count('additive'), descriptionEdits },
    changes,
  };
}

/**
 * The report for people: a summary line, then each change on one line, grouped by operation or schema.
 * @param {Report} report
 */
export function formatReport(report) {
  const { from, to, summary } = report;
  const lines = [
    // The hashes name the corrected bundles (generated/openapi.yaml before and after), not PayPal's file.
    `Contract changes ${from.version} (bundle sha256 ${from.sha256.slice(0, 12)}) -> ${to.version} (bundle sha256 ${to.sha256.slice(0, 12)}): ` +
      `${summary.breaking} breaking, ${summary.warning} warning, ${summary.additive} additive; ` +
      `${summary.descriptionEdits} description edit${summary.descriptionEdits === 1 ? '' : 's'} not listed`,
  ];
  /** @type {Map<string, Change[]>} */
  const groups = new Map();
  for (const change of report.changes) {
    const schema = change.where.match(/^#\/components\/(schemas|parameters)\/([^/]+)/);
    const group = schema ? `${schema[1] === 'schemas' ? 'schema' : 'parameter'} ${unescape(schema[2] ?? '')}` : `operation ${change.operations.join(', ')}`;
    groups.set(group, [...(groups.get(group) ?? []), change]);
  }
  for (const [group, changes] of groups) {
    lines.push(`  ${group}`);
    for (const change of changes) {
      const used = change.where.startsWith('#/components/') ? ` [${change.operations.join(', ')}]` : '';
      lines.push(`    ${change.severity.padEnd(8)} ${change.message}${used}`);
    }
  }
  return lines.map(printable).join('\n');
}
