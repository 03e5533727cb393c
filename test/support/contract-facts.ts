// Reduces an OpenAPI document to its facts (paths, operations, parameters, schemas, types, enums,
// required lists, limits), leaving out prose, so two documents can be compared fact by fact.

/** Keys that carry prose or samples, not contract. */
const PROSE = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs', 'info', 'tags', 'servers']);

/** Flattens a document into `pointer -> value`, with each $ref kept and its (ignored) siblings dropped. */
export function contractFacts(document: unknown): Map<string, unknown> {
  const facts = new Map<string, unknown>();
  const walk = (node: unknown, pointer: string) => {
    if (Array.isArray(node) && node.every((item) => typeof item !== 'object' || item === null)) {
      facts.set(pointer, node);
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, `${pointer}/${index}`));
    } else if (typeof node === 'object' && node !== null) {
      if ('$ref' in node) return void facts.set(`${pointer}/$ref`, node.$ref);
      // Scope names are contract; their values are prose.
      if (pointer.endsWith('/scopes')) return void facts.set(pointer, Object.keys(node));
      for (const [key, value] of Object.entries(node)) {
        if (!PROSE.has(key)) walk(value, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
      }
    } else {
      facts.set(pointer, node);
    }
  };
  walk(document, '');
  return facts;
}

/** Lists every fact that differs, as `pointer: ours -> theirs` (absent as `-`). */
export function diffFacts(ours: Map<string, unknown>, theirs: Map<string, unknown>): string[] {
  const show = (value: unknown) => (value === undefined ? '-' : JSON.stringify(value));
  return [...new Set([...ours.keys(), ...theirs.keys()])]
    .sort()
    .filter((key) => JSON.stringify(ours.get(key)) !== JSON.stringify(theirs.get(key)))
    .map((key) => `${key}: ${show(ours.get(key))} -> ${show(theirs.get(key))}`);
}
