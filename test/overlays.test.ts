// Overlay actions that no longer match their document are found, named and explained.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alternatives, overlayRefOrigin, splitSegments, unmatchedActions } from '../scripts/generate/overlays.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overlays-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const document = () => ({
  paths: { '/a': { get: { operationId: 'a.get', responses: { '404': { description: 'x' }, default: { description: 'y' } } } } },
  components: {
    parameters: { page: { schema: { minimum: 0 } }, page_size: { schema: { minimum: 0 } } },
    schemas: { kind: { enum: ['A'] }, thing: { properties: { id: { $ref: '#/x', description: 'ignored' } } } },
  },
});

async function check(actions: string, doc: object = document()) {
  const file = path.join(dir, `overlay-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, `overlay: 1.0.0\ninfo: { title: t, version: '1' }\nactions:\n${actions}`);
  return unmatchedActions(doc, [file], dir);
}

describe('splitSegments and alternatives', () => {
  it('splits a JSONPath into its segments as written, quotes and filters included', () => {
    expect(splitSegments("$.paths.*[?@.operationId == 'a.b'].responses['400','x.y']")).toEqual([
      '$', '.paths', '.*', "[?@.operationId == 'a.b']", '.responses', "['400','x.y']",
    ]);
    expect(splitSegments("$..[?@['$ref']]['description']")).toEqual(['$', "..[?@['$ref']]", "['description']"]);
  });

  it('makes one target per name of each name list', () => {
    expect(alternatives("$.components.parameters['page','page_size'].schema")).toEqual([
      "$.components.parameters['page'].schema",
      "$.components.parameters['page_size'].schema",
    ]);
  });
});

describe('unmatchedActions', () => {
  it('passes when every action matches, in order (a later action sees what an earlier one added)', async () => {
    const actions = [
      "  - target: $.components.parameters['page','page_size'].schema\n    update: { minimum: 1 }",
      '  - target: $.components\n    update: { responses: { NotFound: { description: n } } }',
      '  - target: $.components.responses.NotFound\n    update: { description: m }',
      "  - target: $..[?@['$ref']]['description']\n    remove: true",
    ].join('\n');
    expect(await check(actions)).toEqual([]);
  });

  it('names the file, line, action and the name that vanished when one of two renamed components is gone', async () => {
    const doc = document() as any;
    doc.components.parameters.page_number = doc.components.parameters.page;
    delete doc.components.parameters.page;
    const [problem, ...rest] = await check("  - target: $.components.parameters['page','page_size'].schema\n    description: Pages count from 1.\n    update: { minimum: 1 }", doc);
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^overlay-\w+\.yaml:4:13 error overlay-action-unmatched: action 1 \("Pages count from 1\."\) matches nothing at \$\.components\.parameters\['page'\]\.schema: its target vanished: nothing matches \['page'\] under \$\.components\.parameters/);
  });

  it('says a removal looks unnecessary when PayPal no longer has what it removes', async () => {
    const [problem] = await check("  - target: $.paths.*[?@.operationId == 'a.get'].responses['400']\n    remove: true");
    expect(problem).toContain("the fix looks unnecessary: PayPal's document no longer has ['400']");
  });

  it('says an addition looks unnecessary when PayPal already lists the value', async () => {
    const [problem] = await check('  - target: $.components.schemas.kind.enum\n    update: [A]');
    expect(problem).toContain('overlay-action-unneeded');
    expect(problem).toContain('already has "A"');
  });

  it('says a field update looks unnecessary when PayPal already has those values', async () => {
    const doc = document() as any;
    doc.paths['/a'].get.requestBody = { required: true, content: {} };
    const [problem, ...rest] = await check("  - target: $.paths.*[?@.operationId == 'a.get'].requestBody\n    update: { required: true }", doc);
    expect(rest).toEqual([]);
    expect(problem).toContain('overlay-action-unneeded');
    expect(problem).toContain('already has {"required":true}');
    expect(await check("  - target: $.paths.*[?@.operationId == 'a.get'].responses\n    update: { '404': { description: other } }")).toEqual([]);
  });

  it('reports an operation filter that matches no operation', async () => {
    const [problem] = await check("  - target: $.paths.*[?@.operationId == 'gone'].responses\n    update: { '401': { description: x } }");
    expect(problem).toContain("matches nothing at $.paths.*[?@.operationId == 'gone'].responses: its target vanished");
  });
});

describe('overlayRefOrigin', () => {
  it('names the overlay line and action of a $ref an action inserted, as Redocly rebased it', async () => {
    const file = path.join(dir, 'refs.yaml');
    await writeFile(file, [
      'overlay: 1.0.0',
      "info: { title: t, version: '1' }",
      'actions:',
      '  - target: $.paths./a.get.responses',
      '    description: Adds an example.',
      '    update:',
      "      '200': { $ref: examples/missing.yaml }",
    ].join('\n'));
    const bundled = { paths: { '/a': { get: { responses: { '200': { $ref: 'corrections/examples/missing.yaml' } } } } } };
    expect(await overlayRefOrigin(bundled, '#/paths/~1a/get/responses/200', [file], dir)).toEqual({
      where: 'refs.yaml:7:22',
      ref: 'examples/missing.yaml',
      action: 'action 1 ("Adds an example.")',
    });
    expect(await overlayRefOrigin(bundled, '#/paths/~1a/get', [file], dir)).toBeUndefined();
  });
});
