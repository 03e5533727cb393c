// Every package installed for users (our dependencies and theirs, as the lockfile resolves them) runs on
// every Node version our `engines` names: otherwise `npm i --engine-strict` fails and npm warns EBADENGINE.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import { expect, it } from 'vitest';
import { ROOT } from '../support/paths.js';

type LockEntry = { dev?: boolean; devOptional?: boolean; version?: string; engines?: { node?: string } };

it("every runtime dependency's engines allow every Node version ours names", async () => {
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(await readFile(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const runtime = Object.entries(lock.packages).filter(([where, entry]) => where !== '' && !entry.dev && !entry.devOptional);
  expect(runtime.length).toBeGreaterThan(0);
  const misfits = runtime
    .filter(([, entry]) => entry.engines?.node !== undefined && !semver.subset(pkg.engines.node, entry.engines.node))
    .map(([where, entry]) => `${where.replace(/^.*node_modules\//, '')}@${entry.version} needs Node ${entry.engines!.node}; we promise ${pkg.engines.node}`);
  expect(misfits).toEqual([]);
});
