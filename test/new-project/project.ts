// What a new user does, literally: `npm init -y` in an empty folder, the set-up the README states (type
// module, the packed package, tsx and vitest), the example files copied in. From the npm cache that
// `npm ci` filled where it can (npm still asks the registry for package metadata). dist/ is built once,
// by test/setup/build.ts.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../support/paths.js';

export const run = promisify(execFile);
const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
const npm = (cwd: string, ...args: string[]) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd });

export interface NewProject {
  dir: string;
  /** `npx tsx FILE` in the project; resolves with its output. */
  tsx: (file: string, env: NodeJS.ProcessEnv) => Promise<string>;
  remove: () => Promise<void>;
}

/** A new project with the packed package and `files` (paths from the root) copied to its top folder. */
export async function newProject(files: readonly string[]): Promise<NewProject> {
  const dir = await mkdtemp(path.join(tmpdir(), 'new-project-'));
  const { stdout } = await npm(ROOT, 'pack', '--json', '--ignore-scripts', '--pack-destination', dir);
  const tarball = path.join(dir, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);
  await npm(dir, 'init', '-y');
  await npm(dir, 'pkg', 'set', 'type=module');
  await npm(dir, 'install', '--prefer-offline', tarball);
  await npm(dir, 'install', '--prefer-offline', '--save-dev', `tsx@${pkg.devDependencies.tsx}`, `vitest@${pkg.devDependencies.vitest}`);
  for (const file of files) await copyFile(path.join(ROOT, file), path.join(dir, path.basename(file)));
  return {
    dir,
    tsx: async (file, env) => (await run('npx', ['--no', 'tsx', file], { cwd: dir, env: { ...process.env, ...env } })).stdout,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
