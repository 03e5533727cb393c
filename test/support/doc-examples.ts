// The docs embed the files in examples/: a fenced block right after `<!-- example: examples/NAME -->` is that
// file's text. One source of truth: the files run (test/examples.test.ts, npm run test:examples), the docs show them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.js';

export const EXAMPLES = path.join(ROOT, 'examples');

/** The markdown files users read: the README and the guides. */
export function docFiles(): string[] {
  const docs = path.join(ROOT, 'docs');
  const guides = existsSync(docs) ? readdirSync(docs).filter((name) => name.endsWith('.md')).map((name) => path.join('docs', name)) : [];
  return ['README.md', ...guides];
}

/** Every TypeScript example file, relative to the root (`examples/quick-start.ts`, …). */
export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES).filter((name) => name.endsWith('.ts')).sort().map((name) => `examples/${name}`);
}

export interface Embed {
  doc: string;
  line: number;
  file: string;
  code: string;
}

const EMBED = /<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)```/g;

/** Every embedded example of a markdown file. */
export function embeds(doc: string): Embed[] {
  const text = readFileSync(path.join(ROOT, doc), 'utf8');
  return [...text.matchAll(EMBED)].map((match) => ({
    doc,
    line: text.slice(0, match.index).split('\n').length,
    file: match[1]!,
    code: match[2]!,
  }));
}

/** The ```ts blocks of a markdown file that are not embedded example files (still to be run from the text). */
export function inlineTypeScript(doc: string): string[] {
  const text = readFileSync(path.join(ROOT, doc), 'utf8').replace(EMBED, '');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}
