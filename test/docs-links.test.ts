// Every relative link in the README, the guides and the project's other documents leads somewhere: the
// file exists, and a `#fragment` names a heading of it (as GitHub makes heading anchors).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { docFiles } from './support/doc-examples.js';
import { ROOT } from './support/paths.js';

const OTHERS = ['CHANGELOG.md', 'CONTRIBUTING.md', 'SECURITY.md'];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchor(match[1]!)));
}

it('every relative link and anchor in the docs resolves', () => {
  const broken: string[] = [];
  for (const doc of [...docFiles(), ...OTHERS.filter((file) => existsSync(path.join(ROOT, file)))]) {
    const text = readFileSync(path.join(ROOT, doc), 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue; // https:, mailto:
      const [file, fragment] = target!.split('#') as [string, string | undefined];
      const resolved = file ? path.resolve(ROOT, path.dirname(doc), file) : path.join(ROOT, doc);
      if (!existsSync(resolved)) broken.push(`${doc}: ${target} (no such file)`);
      else if (fragment && resolved.endsWith('.md') && !anchors(resolved).has(fragment)) broken.push(`${doc}: ${target} (no such heading)`);
    }
  }
  expect(broken).toEqual([]);
});
