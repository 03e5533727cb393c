// The main entry must not pull in the X.509 library: edge bundles of the client stay small.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/paths.js';

/** Every module specifier reachable from `entry` through relative imports, by static reading. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'|import\s+'([^']+)'/g)) {
      if (!specifier) continue;
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts'));
      else seen.add(specifier);
    }
  };
  visit(entry);
  return seen;
}

describe('package entries', () => {
  it('the client entry reaches no X.509, CRC or reflect code; the webhooks entry does', () => {
    const client = [...reachable(path.join(ROOT, 'src/index.ts'))];
    expect(client.filter((module) => /x509|crc-32|reflection|src\/webhooks\//.test(module))).toEqual([]);
    expect(client.length).toBeGreaterThan(5);
    const webhooks = reachable(path.join(ROOT, 'src/webhooks/index.ts'));
    expect(webhooks).toContain('@peculiar/x509');
    expect(webhooks).toContain('crc-32');
  });
});
