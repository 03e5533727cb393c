// npm run spec:update -- FILE [--accept-breaking] [--report FILE]
//
// Adopts a PayPal Payouts release: checks it (lint, every overlay action still matches, the bundle),
// prints what it changes for the client's users, refuses breaking changes unless accepted, then
// writes it into openapi/ in the split layout (Redocly's `split`) and regenerates generated/. Only
// Payouts' own files are replaced (openapi.yaml, paths/, components/, release.json); oauth2/,
// corrections/ and any other joined document stay. On any failure both folders stay as they were.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parseCli, requireFile, runCli, UsageError } from './cli.js';
import { bundleContract, generate } from './index.js';
import { sha256 } from './manifest.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REDOCLY = path.join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
/** What a release replaces in openapi/; `release.json` records which release it is. */
const OWN = ['openapi.yaml', 'paths', 'components'];
const RELEASE = 'release.json';

const EXIT = { adopted: 0, failed: 1, breaking: 2 };

/**
 * @typedef {object} UpdateOptions
 * @property {string} file PayPal's document, JSON or YAML
 * @property {boolean} [acceptBreaking]
 * @property {string} [root] the project; this checkout by default
 * @property {(line: string) => void} [log]
 */

/**
 * Adopts `file` into openapi/ and generated/, unless it has breaking changes and they are not accepted.
 * @param {UpdateOptions} options
 */
export async function updateSpec({ file, acceptBreaking = false, root = ROOT, log = console.log }) {
  const { ContractError, parseDocument } = await import('./contract.js');
  const { formatReport } = await import('./changes.js');
  const { preflight } = await import('./preflight.js');
  const { stringifyYaml } = await import('@redocly/openapi-core');

  // A release is adopted as one self-contained file: a $ref to another file would copy it into openapi/.
  await preflight(path.resolve(file), { root });
  const document = /** @type {Record<string, any>} */ (await parseDocument(path.resolve(file), root));
  if (typeof document?.openapi !== 'string' || typeof document.paths !== 'object') {
    throw new ContractError(`${file}: not an OpenAPI 3 document (no \`openapi\` version or \`paths\`)`);
  }
  const contract = await bundleContract({ spec: file, root });
  if (contract.warnings) console.warn(contract.warnings);
  log(formatReport(contract.report));
  const { breaking } = contract.report.summary;
  if (breaking > 0 && !acceptBreaking) {
    log(`Not adopted: ${breaking} breaking change${breaking === 1 ? '' : 's'}; openapi/ and generated/ are unchanged. ` +
      'Re-run with --accept-breaking to adopt it anyway (code that no longer compiles still stops it).');
    return { code: EXIT.breaking, report: contract.report };
  }

  const openapi = path.join(root, 'openapi');
  // Inside openapi/, so every move below is a rename on one file system.
  const work = await mkdtemp(path.join(openapi, '.update-'));
  try {
    await writeFile(path.join(work, 'openapi.yaml'), stringifyYaml(document, { lineWidth: -1, noRefs: true }));
    await split(path.join(work, 'openapi.yaml'), path.join(work, 'split'));
    await listComponents(document, path.join(work, 'split', 'openapi.yaml'));
    const release = { version: String(document.info?.version ?? ''), sha256: sha256(await readFile(file)) };
    await writeFile(path.join(work, 'split', RELEASE), `${JSON.stringify(release, null, 2)}\n`);

    const names = [...OWN, RELEASE];
    const backup = await mkdtemp(path.join(work, 'old-'));
    await moveAll(names, openapi, backup);
    try {
      await moveAll(names, path.join(work, 'split'), openapi);
      await generate({ root, force: true });
    } catch (error) {
      await Promise.all(names.map((name) => rm(path.join(openapi, name), { recursive: true, force: true })));
      await moveAll(names, backup, openapi);
      throw error;
    }
    // PayPal's file's hash, as release.json records it; the change report above names the bundles' hashes.
    log(`Adopted Payouts ${release.version} (PayPal's file sha256 ${release.sha256.slice(0, 12)}) into openapi/; generated/ regenerated.`);
    return { code: EXIT.adopted, report: contract.report };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Moves each of `names` that exists from one folder to another.
 * @param {string[]} names @param {string} from @param {string} to
 */
async function moveAll(names, from, to) {
  for (const name of names) {
    await rename(path.join(from, name), path.join(to, name)).catch((/** @type {NodeJS.ErrnoException} */ error) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}

/**
 * `split` lists no components in the root; the paths point at their files. Components no path uses
 * (PayPal's error_400 … error_503, which the corrections wire in) would then drop out of the bundle,
 * so the root lists every component file under its name, as PayPal's document does.
 * @param {Record<string, any>} document @param {string} rootFile
 */
async function listComponents(document, rootFile) {
  const { parseYaml, stringifyYaml } = await import('@redocly/openapi-core');
  const root = /** @type {Record<string, any>} */ (parseYaml(await readFile(rootFile, 'utf8')));
  const dir = path.dirname(rootFile);
  for (const [type, components] of Object.entries(document.components ?? {})) {
    for (const name of Object.keys(components ?? {})) {
      const ref = `components/${type}/${name}.yaml`;
      if (root.components?.[type]?.[name] !== undefined || !(await exists(path.join(dir, ref)))) continue;
      ((root.components ??= {})[type] ??= {})[name] = { $ref: ref };
    }
  }
  await writeFile(rootFile, stringifyYaml(root, { lineWidth: -1, noRefs: true }));
}

/** @param {string} file */
const exists = (file) => stat(file).then(() => true, () => false);

/**
 * Redocly's `split`: the root document with paths/ and components/ beside it, `@` between path segments.
 * @param {string} file @param {string} outDir
 */
async function split(file, outDir) {
  // Under NODE_ENV=test (vitest sets it) Redocly's split prints the files instead of writing them.
  const { NODE_ENV: _, ...env } = process.env;
  try {
    await promisify(execFile)(process.execPath, [REDOCLY, 'split', file, '--outDir', outDir, '--separator', '@'], {
      env: { ...env, REDOCLY_TELEMETRY: 'off' },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { ContractError } = await import('./contract.js');
    const output = /** @type {{ stderr?: string }} */ (error).stderr ?? '';
    throw new ContractError(`redocly split failed: ${output.trim().split('\n')[0] ?? ''}`);
  }
}

const USAGE = `Usage: npm run spec:update -- FILE [--accept-breaking] [--report FILE]

Adopts PayPal's Payouts document FILE (JSON or YAML): checks it, prints what changes for the client's
users, writes it into openapi/ (openapi.yaml, paths/, components/, release.json) and regenerates generated/.
  --accept-breaking  adopt even when the release has breaking changes
  --report FILE      also write the change report there as JSON

Exit codes:
  0  adopted
  1  invalid document, a correction that no longer applies, code that no longer compiles, or bad usage
     (nothing changed)
  2  breaking changes found and not accepted (nothing changed)`;

/** @param {string[]} argv */
async function main(argv) {
  const { values, positionals } = parseCli(argv, { 'accept-breaking': { type: 'boolean', default: false }, report: { type: 'string' } }, true);
  if (values.help) {
    console.log(USAGE);
    return EXIT.adopted;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'FILE is missing' : `one FILE expected, got ${positionals.length}`);
  const file = /** @type {string} */ (positionals[0]);
  await requireFile(file, 'FILE');
  const { code, report } = await updateSpec({ file, acceptBreaking: values['accept-breaking'] });
  if (values.report) await writeFile(values.report, `${JSON.stringify(report, null, 2)}\n`);
  return code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli(main, USAGE);
}
