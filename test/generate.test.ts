// `npm run generate`: in sync with the inputs its manifest records, deterministic, skips unchanged
// input, fails safely and in one line per problem, takes PayPal's releases.
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATED, hasUpstream, ROOT, UPSTREAM } from './support/paths.js';
import { runScript } from './support/run.js';

const temporary: string[] = [];
afterAll(() => Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(prefix = 'payouts-generate-') {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

const generate = (...args: string[]) => runScript('scripts/generate/index.js', args);

/** Each file's sha256, so a mismatch names the files instead of printing them whole. */
async function hashes(dir: string) {
  const names = (await readdir(dir)).filter((name) => !name.startsWith('.')).sort();
  return Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, createHash('sha256').update(await readFile(path.join(dir, name))).digest('hex')])),
  );
}

/** The arguments that reproduce generated/: the spec its manifest records, if any. */
async function recordedSpec() {
  const manifest = JSON.parse(await readFile(path.join(GENERATED, 'manifest.json'), 'utf8')) as { spec: string | null };
  return manifest.spec === null ? [] : ['--spec', path.resolve(ROOT, manifest.spec)];
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

// Each run lints, bundles and generates (seconds on a loaded machine): generous limits, not speed targets.
describe('npm run generate', { timeout: 240_000 }, () => {
  it('reproduces generated/ byte for byte from the inputs it records, and skips a second run with nothing changed', async () => {
    const out = await tempDir();
    const first = await generate(...(await recordedSpec()), '--out', out, '--force');
    expect(first.code, first.stderr).toBe(0);
    expect(await hashes(out)).toEqual(await hashes(GENERATED));

    const before = (await stat(path.join(out, 'types.ts'))).mtimeMs;
    const second = await generate(...(await recordedSpec()), '--out', out);
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
    expect((await hashes(out))['types.ts']).toBe((await hashes(GENERATED))['types.ts']);
  });

  it('fails on an invalid document with one line per problem (file, line, rule), and leaves the output untouched', async () => {
    const work = await tempDir();
    await cp(path.join(ROOT, 'openapi'), path.join(work, 'openapi'), { recursive: true });
    const broken = path.join(work, 'openapi/paths/v1@payments@payouts.yaml');
    const text = await readFile(broken, 'utf8');
    // Whichever schema the release's create operation refers to first.
    await writeFile(broken, text.replace(/\.\.\/components\/schemas\/[\w.-]+\.yaml/, '../components/schemas/no_such_schema.yaml'));
    const out = path.join(work, 'out');
    await cp(GENERATED, out, { recursive: true });

    const result = await generate('--spec', path.join(work, 'openapi/openapi.yaml'), '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/openapi\/paths\/v1@payments@payouts\.yaml:\d+:\d+ error no-unresolved-refs/);
    noStackTrace(result.stderr);
    expect(await hashes(out)).toEqual(await hashes(GENERATED));
  });

  it('names the line and column of a truncated JSON document, without printing it', async () => {
    const work = await tempDir();
    const spec = path.join(work, 'truncated.json');
    await writeFile(spec, '{\n  "openapi": "3.0.3",\n  "paths": {\n    "/x": {');
    const result = await generate('--spec', spec, '--out', path.join(work, 'out'));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^\S*truncated\.json:4:\d+ error parse: invalid JSON: .+$/);
    expect(result.stderr.length).toBeLessThan(300);
  });

  it('prints one line and the usage, no stack trace, for an unknown flag or a missing file', async () => {
    const unknown = await generate('--bogus');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: Unknown option '--bogus'.*\n\nUsage: npm run generate/);
    noStackTrace(unknown.stderr);

    const missing = await generate('--spec', 'no/such/file.json');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: --spec: no such file: no\/such\/file\.json\n\nUsage:/);
    noStackTrace(missing.stderr);
  });

  it('runs from a checkout whose path has a space in it', async () => {
    const checkout = path.join(await tempDir(), 'my projects');
    await cp(path.join(ROOT, 'scripts'), path.join(checkout, 'scripts'), { recursive: true });
    await symlink(path.join(ROOT, 'node_modules'), path.join(checkout, 'node_modules'));
    await writeFile(path.join(checkout, 'package.json'), await readFile(path.join(ROOT, 'package.json')));
    for (const script of ['scripts/generate/index.js', 'scripts/generate/update.js']) {
      const result = await runScript(script, ['--help'], checkout);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Usage: npm run /);
    }
  });

  it.skipIf(!hasUpstream)("regenerates from PayPal's published document, and every consumer typechecks against it", async () => {
    const out = await tempDir();
    const report = path.join(out, 'report.json');
    const result = await generate('--spec', UPSTREAM, '--out', out, '--force', '--report', report);
    expect(result.code, result.stderr).toBe(0);
    const types = await readFile(path.join(out, 'types.ts'), 'utf8');
    for (const id of ['payouts.post', 'payouts.get', 'payouts-item.get', 'payouts-item.cancel', 'oauth2.token']) {
      expect(types).toContain(`"${id}": {`);
    }
    expect(await readFile(path.join(out, 'zod.ts'), 'utf8')).toContain('export const zPayoutsPostBody');
    // PayPal's ~41 known warnings are counted, not listed.
    expect(result.stderr).toMatch(/^\d+ known warnings of PayPal's document/);
    expect(result.stderr).not.toContain('new warning');
    // The report compares with generated/: no change when openapi/ is this very release (release.json says which).
    const recorded = JSON.parse(await readFile(path.join(ROOT, 'openapi/release.json'), 'utf8')) as { version: string; sha256: string };
    const published = await readFile(UPSTREAM);
    const changes = JSON.parse(await readFile(report, 'utf8')) as { from: { version: string }; to: { version: string }; changes: unknown[] };
    expect(changes.from.version).toBe(recorded.version);
    expect(changes.to.version).toBe((JSON.parse(published.toString('utf8')) as { info: { version: string } }).info.version);
    if (recorded.sha256 === createHash('sha256').update(published).digest('hex')) expect(changes.changes).toEqual([]);
  });
});
