// TypeScript's older `node` (node10) resolution ignores "exports": "typesVersions" maps each subpath to
// its types, so `import 'paypal-payouts/webhooks'` type-checks there too. Every subpath export needs its line.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../support/paths.js';

type Conditions = { require?: { types?: string } };

it('typesVersions maps every subpath export to its CommonJS types', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, Conditions | string>;
    typesVersions: Record<string, Record<string, string[]>>;
  };
  const expected = Object.fromEntries(
    Object.entries(pkg.exports)
      .filter(([subpath, conditions]) => subpath !== '.' && typeof conditions === 'object' && conditions.require?.types)
      .map(([subpath, conditions]) => [subpath.slice('./'.length), [(conditions as Conditions).require!.types!]]),
  );
  expect(Object.keys(expected).length).toBeGreaterThan(0);
  expect(pkg.typesVersions['*']).toEqual(expected);
  for (const [target] of Object.values(expected)) expect(existsSync(path.join(ROOT, target!))).toBe(true); // npm test builds first
});
