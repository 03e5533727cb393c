// End to end: `npm run spec:update` on releases built from PayPal's published document, each in its
// own copy of the project (in a path with a space), running the real commands: exit codes, the
// report's entries and severities, nothing changed on refusal, a new operation callable through
// client.request against Prism, and npm test's contract checks passing after an adoption.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseYaml } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasUpstream, ROOT, UPSTREAM } from './support/paths.js';
import { copyProject, treeHashes } from './support/project-copy.js';
import { runScript } from './support/run.js';

type Json = Record<string, any>;
interface Change {
  severity: string;
  kind: string;
  where: string;
  message: string;
}

let base: string;
/** A copy of the project whose openapi/ is PayPal's published release, whatever release this checkout has adopted. */
let reference: string;
let upstreamVersion: string;
afterAll(() => base && rm(base, { recursive: true, force: true }));

/** Makes the reference project: a copy of this one, with PayPal's published release adopted if it has another. */
async function makeReference() {
  base = await mkdtemp(path.join(tmpdir(), 'spec update '));
  reference = path.join(base, 'reference');
  await copyProject(reference);
  const upstream = await readFile(UPSTREAM);
  upstreamVersion = (JSON.parse(upstream.toString('utf8')) as Json).info.version;
  const recorded = JSON.parse(await readFile(path.join(reference, 'openapi/release.json'), 'utf8')) as { sha256: string };
  // After this checkout adopts another release, the scenarios still start from PayPal's published one.
  if (recorded.sha256 !== createHash('sha256').update(upstream).digest('hex')) {
    const adopted = await runScript('scripts/generate/update.js', [UPSTREAM, '--accept-breaking'], reference);
    expect(adopted.code, adopted.stderr).toBe(0);
  }
}

/** A fresh copy of the reference project, and a release file made from PayPal's document by `edit`. */
async function scenario(name: string, edit: (document: Json) => void) {
  const project = path.join(base, name, 'project');
  await copyProject(project, reference);
  // PayPal's documents, beside the copy as beside this checkout, for the tests run there.
  await symlink(path.dirname(path.dirname(UPSTREAM)), path.join(base, name, 'shared'));
  const document = JSON.parse(await readFile(UPSTREAM, 'utf8')) as Json;
  edit(document);
  const release = path.join(base, name, 'release.json');
  await writeFile(release, JSON.stringify(document, null, 2));
  const report = path.join(base, name, 'report.json');
  return {
    project,
    release,
    update: (...flags: string[]) => runScript('scripts/generate/update.js', [release, '--report', report, ...flags], project),
    report: async () => JSON.parse(await readFile(report, 'utf8')) as { from: Json; to: Json; summary: Json; changes: Change[] },
    /** sha256 of every file in openapi/ and generated/, to prove a refusal changed nothing. */
    snapshot: () => treeHashes(project, ['openapi', 'generated']),
  };
}

/** Runs test files in a copy, as `npx vitest run` there would. */
function runTests(project: string, files: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  return runScript('node_modules/vitest/vitest.mjs', ['run', '--reporter=verbose', ...files], project, env);
}

const entries = (changes: Change[]) => changes.map(({ severity, kind, where }) => ({ severity, kind, where }));
const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
const schemas = (document: Json) => document.components.schemas as Json;

// Each adoption lints, bundles, generates and typechecks the project: generous limits, not speed
// targets. The scenarios share nothing but the release file, so they run concurrently, on every core.
describe.skipIf(!hasUpstream)(`npm run spec:update on PayPal's releases (needs ${path.relative(ROOT, UPSTREAM)})`, { timeout: 600_000, concurrent: true }, () => {
  beforeAll(makeReference, 600_000);

  it('adopts an additive release: exit 0, the report lists each change, openapi/ and generated/ hold the release', async () => {
    const { project, release, update, report } = await scenario('additive', (document) => {
      document.info.version = '1.10';
      schemas(document).payout_batch_header.properties.time_approved = { type: 'string', format: 'date-time', description: 'When the batch was approved.' };
      schemas(document).transaction_enum.enum.push('IN_REVIEW');
      schemas(document).payout_item.properties.note.maxLength = 8000;
      schemas(document).payout_item.description = 'One payment to one recipient.';
    });
    // The preview writes only its --out folder and prints the report that adopting will print.
    const preview = path.join(project, '..', 'preview');
    const previewed = await runScript('scripts/generate/index.js', ['--spec', release, '--out', preview, '--report', `${preview}.json`], project);
    expect(previewed.code, previewed.stderr).toBe(0);
    expect(await readFile(path.join(preview, 'types.ts'), 'utf8')).toContain('time_approved');
    expect(await readFile(path.join(project, 'generated/types.ts'), 'utf8')).not.toContain('time_approved');

    const result = await update();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Contract changes ${upstreamVersion}`);
    expect(result.stdout).toMatch(/Adopted Payouts 1\.10 \(PayPal's file sha256 [0-9a-f]{12}\)/);

    const { from, to, summary, changes } = await report();
    expect(JSON.parse(await readFile(`${preview}.json`, 'utf8')).changes).toEqual(changes);
    expect(from.version).toBe(upstreamVersion);
    expect(to.version).toBe('1.10');
    expect(summary).toMatchObject({ breaking: 0, warning: 1, additive: 2 });
    expect(summary.descriptionEdits).toBeGreaterThanOrEqual(1);
    expect(entries(changes)).toEqual(expect.arrayContaining([
      { severity: 'additive', kind: 'property-added', where: '#/components/schemas/payout_batch_header/properties/time_approved' },
      { severity: 'warning', kind: 'enum-value-added', where: '#/components/schemas/transaction_enum' },
      { severity: 'additive', kind: 'limit-loosened', where: '#/components/schemas/payout_item/properties/note' },
    ]));

    const recorded = JSON.parse(await readFile(path.join(project, 'openapi/release.json'), 'utf8'));
    expect(recorded).toEqual({ version: '1.10', sha256: createHash('sha256').update(await readFile(release)).digest('hex') });
    expect(await readFile(path.join(project, 'openapi/components/schemas/payout_batch_header.yaml'), 'utf8')).toContain('time_approved');
    expect(await readFile(path.join(project, 'generated/types.ts'), 'utf8')).toContain('time_approved');
    // oauth2/ and the corrections are ours: a release leaves them alone.
    expect(await treeHashes(project, ['openapi/oauth2', 'openapi/corrections'])).toEqual(await treeHashes(ROOT, ['openapi/oauth2', 'openapi/corrections']));

    // The README's recipe: adopt, then the tests that read openapi/ and generated/ stay green.
    const tests = await runTests(project, ['test/generate.test.ts', 'test/contract.test.ts']);
    expect(tests.code, tests.stdout.slice(-3000) + tests.stderr.slice(-2000)).toBe(0);
  });

  it("adopts a new operation, keeps what PayPal documents for it, and npm test's contract checks call it through client.request", async () => {
    const { project, update, report } = await scenario('new operation', (document) => {
      document.paths['/v1/payments/payouts-statistics'] = {
        get: {
          summary: 'Show payout statistics',
          description: 'Shows totals of the payouts sent from a date.',
          operationId: 'payouts-statistics.get',
          tags: ['payouts-statistics'],
          parameters: [{ name: 'start_date', in: 'query', required: true, description: 'First day counted.', schema: { type: 'string', format: 'date' } }],
          responses: {
            '200': { description: 'The statistics.', content: { 'application/json': { schema: { $ref: '#/components/schemas/payouts_statistics' } } } },
            '400': { description: 'Bad request.', content: { 'application/json': { schema: { $ref: '#/components/schemas/error' } } } },
            default: { description: 'The error response.', content: { 'application/json': { schema: { $ref: '#/components/schemas/error' } } } },
          },
          security: [{ Oauth2: ['https://uri.paypal.com/payments/payouts'] }],
        },
      };
      schemas(document).payouts_statistics = {
        type: 'object',
        title: 'Payouts statistics',
        description: 'Totals of the payouts sent.',
        properties: { total_items: { type: 'integer', description: 'Items sent.' }, total_amount: { $ref: '#/components/schemas/currency' } },
      };
    });
    const result = await update();
    expect(result.code, result.stderr).toBe(0);
    expect(entries((await report()).changes)).toEqual([{ severity: 'additive', kind: 'operation-added', where: 'payouts-statistics.get' }]);

    const bundle = parseYaml(await readFile(path.join(project, 'generated/openapi.yaml'), 'utf8')) as Json;
    const added = bundle.paths['/v1/payments/payouts-statistics'].get;
    // No correction removes what PayPal documents for an operation the corrections do not name.
    expect(Object.keys(added.responses).sort()).toEqual(['200', '400', 'default']);
    expect(added.responses['400'].content['application/json'].schema.$ref).toBe('#/components/schemas/error');

    const tests = await runTests(project, ['test/contract.test.ts', 'test/client.contract.test.ts', 'test/prism.test.ts']);
    expect(tests.code, tests.stdout.slice(-3000) + tests.stderr.slice(-2000)).toBe(0);
    const printed = tests.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    expect(printed).toMatch(/✓ .*client\.request > 'GET' '\/v1\/payments\/payouts-statistics' \('payouts-statistics\.get'\) answers its documented 2xx body/);
  });

  it('refuses a release whose correction targets were renamed: exit 1, each target named, nothing changed', async () => {
    const { update, snapshot } = await scenario('renamed component', (document) => {
      const rename = (kind: string, from: string, to: string) => {
        const components = document.components[kind] as Json;
        components[to] = components[from];
        delete components[from];
        const text = JSON.stringify(document).replaceAll(`"#/components/${kind}/${from}"`, `"#/components/${kind}/${to}"`);
        Object.assign(document, JSON.parse(text));
      };
      rename('parameters', 'page', 'page_number');
      rename('parameters', 'page_size', 'items_per_page');
      rename('schemas', 'link_description', 'hateoas_link');
    });
    const before = await snapshot();
    const result = await update();
    expect(result.code).toBe(1);
    for (const target of ["$.components.parameters['page'].schema", "$.components.parameters['page_size'].schema", "$.components.schemas['link_description'].properties"]) {
      expect(result.stderr).toContain(`overlay-action-unmatched: action`);
      expect(result.stderr).toMatch(new RegExp(`overlay\\.yaml:\\d+:\\d+ error overlay-action-unmatched: .* matches nothing at ${escapeRegExp(target)}: its target vanished`));
    }
    noStackTrace(result.stderr);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a newly required request field (exit 2), and with --accept-breaking names each consumer that no longer compiles (exit 1)', async () => {
    const { update, report, snapshot } = await scenario('newly required field', (document) => {
      schemas(document).payout_item.required.push('purpose');
    });
    const before = await snapshot();
    const refused = await update();
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stdout).toContain('Not adopted: 1 breaking change');
    expect(refused.stdout).toMatch(/breaking payout_item\.purpose: now required \(in requests\)/);
    expect(entries((await report()).changes)).toEqual([
      { severity: 'breaking', kind: 'required-added', where: '#/components/schemas/payout_item/properties/purpose' },
    ]);
    expect(await snapshot()).toEqual(before);

    const accepted = await update('--accept-breaking');
    expect(accepted.code).toBe(1);
    expect(accepted.stderr).toContain('code that uses generated/ no longer compiles against this contract');
    expect(accepted.stderr).toMatch(/^(src|test|scripts)\/\S+\.(ts|js):\d+:\d+ error TS\d+: .*purpose/m);
    noStackTrace(accepted.stderr);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a removed response field: exit 2, a breaking entry, nothing changed', async () => {
    const { update, report, snapshot } = await scenario('removed response field', (document) => {
      delete schemas(document).payout_batch_header.properties.time_completed;
    });
    const before = await snapshot();
    const result = await update();
    expect(result.code, result.stderr).toBe(2);
    expect(entries((await report()).changes)).toEqual([
      { severity: 'breaking', kind: 'property-removed', where: '#/components/schemas/payout_batch_header/properties/time_completed' },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an invalid document: exit 1, one line with line and column, no document text, nothing changed', async () => {
    const { release, update, snapshot } = await scenario('invalid document', () => {});
    await writeFile(release, (await readFile(release, 'utf8')).slice(0, 5000));
    const before = await snapshot();
    const result = await update();
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^\S*release\.json:\d+:\d+ error parse: invalid JSON: [^\n]+$/);
    noStackTrace(result.stderr);
    expect(await snapshot()).toEqual(before);
  });
});

describe('npm run spec:update usage', () => {
  it('prints one line and the usage for an unknown flag, a missing FILE or one that does not exist', async () => {
    for (const [args, message] of [
      [['--bogus'], "error: Unknown option '--bogus'"],
      [[], 'error: FILE is missing'],
      [['no/such.json'], 'error: FILE: no such file: no/such.json'],
    ] as const) {
      const result = await runScript('scripts/generate/update.js', [...args]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^${escapeRegExp(message)}.*\\n\\nUsage: npm run spec:update`));
      noStackTrace(result.stderr);
    }
  });
});

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
