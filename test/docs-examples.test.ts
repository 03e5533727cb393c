// The code in the README and the guides is the code in examples/, character for character; every example
// file is shown or linked somewhere, and no TypeScript block is anything else: what the docs show is what
// the example tests run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { docFiles, embeds, exampleFiles, inlineTypeScript } from './support/doc-examples.js';
import { ROOT } from './support/paths.js';

const all = docFiles().flatMap(embeds);

it.each(all.map((embed) => [`${embed.doc}:${embed.line} ${embed.file}`, embed] as const))('%s shows the file as it is', (_, embed) => {
  expect(embed.code).toBe(readFileSync(path.join(ROOT, embed.file), 'utf8'));
});

it('every TypeScript block of the docs is an example file, so the example tests run it', () => {
  expect(docFiles().filter((doc) => inlineTypeScript(doc).length > 0)).toEqual([]);
});

it('every example file is shown or linked in the docs', () => {
  const text = docFiles().map((doc) => readFileSync(path.join(ROOT, doc), 'utf8')).join('\n');
  const missing = exampleFiles().filter((file) => !text.includes(file.replace(/^examples\//, '')));
  expect(missing).toEqual([]);
});
