// The tarball holds what docs/runtimes.md says it holds, no more and no less.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../support/paths.js';

/** The paths the docs list between `<!-- tarball -->` and `<!-- /tarball -->`: a folder ends in `/`. */
function documented(): string[] {
  const doc = readFileSync(path.join(ROOT, 'docs/runtimes.md'), 'utf8');
  const list = /<!-- tarball -->\n([\s\S]*?)<!-- \/tarball -->/.exec(doc)?.[1] ?? '';
  // Each line's entries are its first backticked paths, before a colon's explanation.
  return list.split('\n- ').flatMap((entry) => [...entry.split(':')[0]!.matchAll(/`([^`]+)`/g)].map((match) => match[1]!));
}

it('npm pack ships exactly the files docs/runtimes.md lists', () => {
  // --ignore-scripts: npm test has just built dist/.
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }));
  const files: string[] = packed.files.map((file: { path: string }) => file.path);
  const entries = documented();
  const covers = (entry: string, file: string) => (entry.endsWith('/') ? file.startsWith(entry) : file === entry);
  expect(files.filter((file) => !entries.some((entry) => covers(entry, file)))).toEqual([]);
  expect(entries.filter((entry) => !files.some((file) => covers(entry, file)))).toEqual([]);
});
