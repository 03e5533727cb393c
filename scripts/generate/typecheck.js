// Type-checks freshly generated files with everything that consumes generated/ (the tsconfig's
// src/, test/, scripts/, examples/ and the README's TypeScript blocks), before they replace generated/, so a
// breaking release fails generate, naming each consumer's file and line, rather than a later build.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Lists the .ts files below a folder, if it exists.
 * @param {string} dir
 * @returns {string[]}
 */
function tsFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(dir, file));
}

/**
 * The README's ```ts blocks as virtual files beside it, with the README line each starts on.
 * @param {string} root
 * @returns {Map<string, { code: string, line: number }>}
 */
export function readmeExamples(root) {
  const readme = path.join(root, 'README.md');
  if (!existsSync(readme)) return new Map();
  const text = readFileSync(readme, 'utf8');
  return new Map(
    [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => [
      path.join(root, `README.md.example-${index}.ts`),
      { code: match[1] ?? '', line: text.slice(0, match.index).split('\n').length + 1 },
    ]),
  );
}

/**
 * Checks `staged` as if it were `<root>/generated`, with every file of the project's tsconfig.json and
 * the README's examples, so all of them are checked against the new output.
 * Returns one `file:line:col message` line per error, or '' when there are none.
 * @param {string} root
 * @param {string} staged folder holding the new generated files
 */
export function typecheck(root, staged) {
  const generatedDir = path.join(root, 'generated');
  const configPath = path.join(root, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${configPath}`);

  /** @param {string} file */
  const redirect = (file) =>
    file.startsWith(generatedDir + path.sep) ? path.join(staged, path.relative(generatedDir, file)) : file;
  const examples = readmeExamples(root);
  // getSourceFile reads through readFile, so redirecting these two is enough.
  const host = ts.createCompilerHost(parsed.options);
  const { fileExists, readFile } = host;
  host.fileExists = (file) => examples.has(file) || fileExists.call(host, redirect(file));
  host.readFile = (file) => examples.get(file)?.code ?? readFile.call(host, redirect(file));

  const rootNames = [
    ...tsFiles(staged).map((file) => path.join(generatedDir, path.relative(staged, file))),
    ...parsed.fileNames.filter((file) => !file.startsWith(generatedDir + path.sep)),
    ...examples.keys(),
  ];
  const program = ts.createProgram({ rootNames, options: { ...parsed.options, noEmit: true }, host });
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
      if (!diagnostic.file || diagnostic.start === undefined) return `error TS${diagnostic.code}: ${message}`;
      const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      const example = examples.get(diagnostic.file.fileName);
      const file = example ? 'README.md' : path.relative(root, diagnostic.file.fileName);
      return `${file}:${line + 1 + (example ? example.line - 1 : 0)}:${character + 1} error TS${diagnostic.code}: ${message}`;
    })
    .join('\n');
}
