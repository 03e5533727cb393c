// A copy of the project to run the pipeline in (so a test never writes this checkout's openapi/ or
// generated/), and content hashes of its folders, to prove that a refusal changed nothing.
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './paths.js';

/** What a copy needs to run the pipeline and the tests; node_modules is linked, not copied. */
const PROJECT = ['openapi', 'generated', 'scripts', 'src', 'test', 'examples', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'redocly.yaml', 'README.md', 'vitest.config.ts'];

/** Copies the project into `target` (created). */
export async function copyProject(target: string, from = ROOT) {
  await mkdir(target, { recursive: true });
  await Promise.all(PROJECT.map((entry) => cp(path.join(from, entry), path.join(target, entry), { recursive: true })));
  await symlink(path.join(ROOT, 'node_modules'), path.join(target, 'node_modules'));
}

/** sha256 of every file below `dirs` of `root`, by path relative to it. */
export async function treeHashes(root: string, dirs: string[]) {
  const hashes: Record<string, string> = {};
  for (const dir of dirs) {
    for (const file of await readdir(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!file.isFile()) continue;
      const full = path.join(file.parentPath, file.name);
      hashes[path.relative(root, full)] = createHash('sha256').update(await readFile(full)).digest('hex');
    }
  }
  return hashes;
}
