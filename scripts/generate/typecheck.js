// Type-checks freshly generated files together with src/, before they replace generated/.
import { existsSync, readdirSync } from 'node:fs';
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
 * Checks `staged` as if it were `<root>/generated`, with src/ and the project's tsconfig.json, so
 * src/ is checked against the new output and module resolution works from the project.
 * Returns the diagnostics as text, or '' when there are none.
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
  // getSourceFile reads through readFile, so redirecting these two is enough.
  const host = ts.createCompilerHost(parsed.options);
  const { fileExists, readFile } = host;
  host.fileExists = (file) => fileExists.call(host, redirect(file));
  host.readFile = (file) => readFile.call(host, redirect(file));

  const rootNames = [
    ...tsFiles(staged).map((file) => path.join(generatedDir, path.relative(staged, file))),
    ...tsFiles(path.join(root, 'src')),
  ];
  const program = ts.createProgram({ rootNames, options: { ...parsed.options, noEmit: true }, host });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (file) => file,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  });
}
