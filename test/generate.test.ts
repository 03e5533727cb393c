// `npm run generate`: in sync, deterministic, skips unchanged input, fails safely, takes PayPal's releases.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATED, hasUpstream, ROOT, UPSTREAM } from './support/paths.js';

const run = promisify(execFile);
const temporary: string[] = [];
afterAll(() => Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir() {
  const dir = await mkdtemp(path.join(tmpdir(), 'payouts-generate-'));
  temporary.push(dir);
  return dir;
}

/** Runs the real command; resolves with its exit code and output instead of throwing. */
async function generate(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/generate/index.js', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

async function snapshot(dir: string) {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')])));
}

describe('npm run generate', () => {
  it('reproduces generated/ byte for byte from openapi/, and skips a second run with nothing changed', async () => {
    const out = await tempDir();
    const first = await generate('--out', out, '--force');
    expect(first.code, first.stderr).toBe(0);
    expect(await snapshot(out)).toEqual(await snapshot(GENERATED));

    const before = (await stat(path.join(out, 'types.ts'))).mtimeMs;
    const second = await generate('--out', out);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('up to date');
    expect((await stat(path.join(out, 'types.ts'))).mtimeMs).toBe(before);
  });

  it('regenerates when an output was edited by hand', async () => {
    const out = await tempDir();
    await cp(GENERATED, out, { recursive: true });
    await writeFile(path.join(out, 'types.ts'), '// edited\n');
    const result = await generate('--out', out);
    expect(result.code, result.stderr).toBe(0);
    expect(await snapshot(out)).toEqual(await snapshot(GENERATED));
  });

  it('fails on an invalid document with file, line and rule, and leaves the output untouched', async () => {
    const work = await tempDir();
    await cp(path.join(ROOT, 'openapi'), path.join(work, 'openapi'), { recursive: true });
    const broken = path.join(work, 'openapi/paths/payouts.yaml');
    const text = await readFile(broken, 'utf8');
    await writeFile(broken, text.replace('../components/schemas/payout.yaml', '../components/schemas/no_such_schema.yaml'));
    const out = path.join(work, 'out');
    await cp(GENERATED, out, { recursive: true });

    const result = await generate('--spec', path.join(work, 'openapi/openapi.yaml'), '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/openapi\/paths\/payouts\.yaml:\d+:\d+ error no-unresolved-refs/);
    expect(await snapshot(out)).toEqual(await snapshot(GENERATED));
  });

  it.skipIf(!hasUpstream)("regenerates from PayPal's published document, and src/ typechecks against it", async () => {
    const out = await tempDir();
    const result = await generate('--spec', UPSTREAM, '--out', out, '--force');
    expect(result.code, result.stderr).toBe(0);
    const types = await readFile(path.join(out, 'types.ts'), 'utf8');
    for (const id of ['payouts.post', 'payouts.get', 'payouts-item.get', 'payouts-item.cancel', 'oauth2.token']) {
      expect(types).toContain(`"${id}": {`);
    }
    expect(await readFile(path.join(out, 'zod.ts'), 'utf8')).toContain('export const zPayoutsPostBody');
  });
});
