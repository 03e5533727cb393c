// A document is data: `npm run spec:update` and `npm run generate` either refuse a hostile document in
// one line naming its place (exit 1, openapi/ and generated/ unchanged, nothing fetched), or adopt it
// with generated code that holds its text unchanged and runs nothing when imported. Each document is
// PayPal's published release plus the hostile part, run in a copy of the project.
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasUpstream, UPSTREAM } from './support/paths.js';
import { copyProject, treeHashes } from './support/project-copy.js';
import { runScript } from './support/run.js';

type Json = Record<string, any>;

/** Text that breaks out of a string, a template, a comment or a regex literal if written unescaped. */
const HOSTILE = "q'\"`${globalThis.hostileRan = 1}` */ /* \\/ \\\\/ \n\u2028\u2029</script>";
/** The issue's injection into a quoted path key of validators.ts. */
const PATH_INJECTION = "x': Object(), [String(globalThis.hostileRan = 1)]: Object(), 'k";
/** The quotes, parentheses and operators a URL path may hold (RFC 3986), closing the quote of a key. */
const URL_PATH_INJECTION = "x':Object(),String(globalThis.hostileRan=1),'k";

let base: string;
let project: string;
let upstream: Json;
beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'hostile documents '));
  project = path.join(base, 'project');
  await copyProject(project);
  upstream = hasUpstream ? (JSON.parse(await readFile(UPSTREAM, 'utf8')) as Json) : {};
});
afterAll(() => base && rm(base, { recursive: true, force: true }));

/** Writes PayPal's document changed by `edit` (or `text` as is) and returns its path. */
async function release(name: string, edit: ((document: Json) => void) | string) {
  const file = path.join(base, name);
  if (typeof edit === 'string') {
    await writeFile(file, edit);
  } else {
    const document = structuredClone(upstream);
    edit(document);
    await writeFile(file, JSON.stringify(document, null, 2));
  }
  return file;
}

/** Runs spec:update on `file` and expects exactly one line on stderr, exit 1 and nothing changed. */
async function refused(file: string) {
  const before = await treeHashes(project, ['openapi', 'generated']);
  const result = await runScript('scripts/generate/update.js', [file], project);
  expect(result.code, result.stderr).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(await treeHashes(project, ['openapi', 'generated'])).toEqual(before);
  return lines[0] ?? '';
}

const schemas = (document: Json) => document.components.schemas as Json;
const FILE_AT = String.raw`^\S+\.(json|yaml):\d+:\d+ error `;

/** A local server that counts requests (answers each with `body`), or accepts connections and never answers. */
async function countingServer(answer: boolean) {
  let count = 0;
  const server: Server | TcpServer = answer
    ? createServer((_, res) => {
        count++;
        res.end('type: string\n');
      })
    : createTcpServer(() => {
        count++; // holds the socket open, never writing
      });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, count: () => count, close: () => new Promise((done) => server.close(done)) };
}

describe.skipIf(!hasUpstream)('hostile documents', { timeout: 600_000 }, () => {
  describe('refused by spec:update in one line, nothing changed, nothing fetched', { concurrent: true }, () => {
    it('a pattern that ends its regex literal early (\\\\/ then a backtick) and runs the rest as code', async () => {
      const file = await release('pattern-breakout.json', (document) => {
        schemas(document).payout_item.properties.note.pattern = '^a\\\\/`';
        schemas(document).payout_item.properties.note.enum = ['`)))}); globalThis.hostileRan = 1; /*'];
      });
      expect(await refused(file)).toMatch(new RegExp(`${FILE_AT}unsafe-pattern: .* at #/components/schemas/payout_item/properties/note/pattern$`));
    });

    it('a pattern with a line break, and one that is no RegExp', async () => {
      for (const [name, pattern] of [['pattern-newline.json', '^a\nb$'], ['pattern-invalid.json', '^(a$']] as const) {
        const file = await release(name, (document) => {
          schemas(document).payout_item.properties.note.pattern = pattern;
        });
        expect(await refused(file)).toMatch(new RegExp(`${FILE_AT}unsafe-pattern: .* at #/components/schemas/payout_item/properties/note/pattern$`));
      }
    });

    it('a path that is no URL path (the issue\'s injection into validators.ts, line breaks)', async () => {
      for (const [name, key] of [['path-injection.json', `/v1/${PATH_INJECTION}`], ['path-newline.json', `/v1/${HOSTILE}`]] as const) {
        const file = await release(name, (document) => {
          document.paths[key] = document.paths['/v1/payments/payouts'];
        });
        expect(await refused(file)).toMatch(new RegExp(`${FILE_AT}path-key: .* is not a URL path .* at #/paths/~1v1~1.+$`));
      }
    });

    it('a component name that is no identifier', async () => {
      const file = await release('component-name.json', (document) => {
        schemas(document)[`n${HOSTILE}`] = { type: 'string', description: 'A name.' };
      });
      expect(await refused(file)).toMatch(new RegExp(`${FILE_AT}component-name: .*$`));
    });

    it('a $ref to a file outside the document, whose text never reaches generated/', async () => {
      await writeFile(path.join(base, 'secret.yaml'), 'type: string\ndescription: SECRET-7f3a\n');
      const file = await release('external-ref.json', (document) => {
        schemas(document).payout_item.properties.note = { $ref: './secret.yaml' };
      });
      expect(await refused(file)).toMatch(new RegExp(`${FILE_AT}no-external-ref: \\$ref "\\./secret\\.yaml" .* at #/components/schemas/payout_item/properties/note/\\$ref$`));
      expect(await readFile(path.join(project, 'generated/openapi.yaml'), 'utf8')).not.toContain('SECRET-7f3a');
    });

    it('a $ref out of a split document, by `npm run generate`', async () => {
      const copy = path.join(base, 'split-escape');
      await copyProject(copy, project);
      await writeFile(path.join(base, 'secret-split.yaml'), 'type: string\ndescription: SECRET-9b21\n');
      const pathFile = path.join(copy, 'openapi/paths/v1@payments@payouts.yaml');
      await writeFile(pathFile, (await readFile(pathFile, 'utf8')).replace('../components/schemas/payout.yaml', '../../../secret-split.yaml'));
      const before = await treeHashes(copy, ['generated']);
      const result = await runScript('scripts/generate/index.js', [], copy);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr.trim()).toMatch(/^openapi\/paths\/v1@payments@payouts\.yaml:\d+:\d+ error no-external-ref: \$ref "\.\.\/\.\.\/\.\.\/secret-split\.yaml" points outside openapi\/ at #\S+$/);
      expect(await treeHashes(copy, ['generated'])).toEqual(before);
    });

    it('a remote $ref: nothing is fetched, from a server that answers or one that never does', async () => {
      for (const answers of [true, false]) {
        const server = await countingServer(answers);
        try {
          const file = await release(`remote-ref-${answers}.json`, (document) => {
            schemas(document).payout_item.properties.note = { $ref: `${server.url}/schema.yaml` };
          });
          expect(await refused(file)).toMatch(new RegExp(`${FILE_AT}no-remote-ref: \\$ref "http://127\\.0\\.0\\.1:\\d+/schema\\.yaml" is a URL; nothing is fetched at #/components/schemas/payout_item/properties/note/\\$ref$`));
          expect(server.count()).toBe(0);
        } finally {
          await server.close();
        }
      }
    });

    it('a YAML "billion laughs" (aliases of aliases)', async () => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let level = 1; level < 9; level++) {
        const name = String.fromCharCode(97 + level);
        const previous = String.fromCharCode(96 + level);
        levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
      }
      const file = await release('bomb.yaml', `openapi: 3.0.3\n${levels.join('\n')}\npaths: {}\n`);
      expect(await refused(file)).toMatch(new RegExp(`${FILE_AT}too-many-aliases: `));
    });

    it('a huge document, and a deep one', async () => {
      const huge = await release('huge.json', (document) => {
        schemas(document).payout_item.description = 'x'.repeat(6 * 1024 * 1024);
      });
      expect(await refused(huge)).toMatch(new RegExp(`${FILE_AT}too-large: \\d+ bytes`));

      // Written as text: a 10,000-deep object is past what JSON.stringify's recursion can write.
      const depth = 10_000;
      const schema = `${'{"type":"object","properties":{"a":'.repeat(depth)}{"type":"string"}${'}}'.repeat(depth)}`;
      const deep = await release('deep.json', JSON.stringify(upstream, null, 2).replace('"schemas": {', `"schemas": {\n"deep": ${schema},`));
      expect(await refused(deep)).toMatch(new RegExp(`${FILE_AT}too-deep: nested more than \\d+ levels$`));
    });

    it('__proto__, constructor and prototype keys', async () => {
      for (const key of ['__proto__', 'constructor', 'prototype']) {
        // Written as text: JSON.stringify would not write an own __proto__ key.
        const text = JSON.stringify(upstream, null, 2).replace('"note": {', `"note": {\n"${key}": { "polluted": true },`);
        const file = await release(`prototype-${key}.json`, text);
        expect(await refused(file)).toMatch(new RegExp(`${FILE_AT}prototype-key: key "${key}" is refused at #/components/schemas/\\w+/properties/note/${key}$`));
      }
    });
  });

  it('adopts hostile text in paths, property names, enums, patterns, defaults, examples and descriptions, holding it unchanged and running nothing on import', async () => {
    const hostilePath = `/v1/payments/hostile/${URL_PATH_INJECTION}`;
    const property = `p${HOSTILE}`;
    const value = `e${HOSTILE}`;
    const pattern = '^[a-z/]+\\/\\d*$';
    const file = await release('hostile-adopted.json', (document) => {
      document.info.version = '1.9-hostile';
      schemas(document).hostile = {
        type: 'object',
        title: `Hostile ${HOSTILE}`,
        description: `D ${HOSTILE}`,
        properties: {
          [property]: { type: 'string', description: `P ${HOSTILE}`, enum: [value, 'plain'], default: value, example: value },
          path_like: { type: 'string', pattern, example: 'a/b/1' },
        },
      };
      document.paths[hostilePath] = {
        get: {
          summary: `S ${HOSTILE}`,
          description: `D ${HOSTILE}`,
          operationId: 'hostile.get',
          tags: ['payouts'],
          parameters: [{ name: property, in: 'query', description: `Q ${HOSTILE}`, schema: { type: 'string', enum: [value, 'plain'] } }],
          security: [{ Oauth2: ['https://uri.paypal.com/payments/payouts'] }],
          responses: {
            '200': { description: `R ${HOSTILE}`, content: { 'application/json': { schema: { $ref: '#/components/schemas/hostile' } } } },
            '400': { description: 'Bad request.', content: { 'application/json': { schema: { $ref: '#/components/schemas/error' } } } },
          },
        },
      };
    });
    const copy = path.join(base, 'adopted');
    await copyProject(copy, project);
    // Built from PayPal's published release: whatever this checkout has adopted since, only the hostile part matters here.
    const result = await runScript('scripts/generate/update.js', [file, '--accept-breaking'], copy);
    expect(result.code, result.stderr + result.stdout).toBe(0);

    const marker = globalThis as { hostileRan?: unknown };
    delete marker.hostileRan;
    const zod = (await import(pathToFileURL(path.join(copy, 'generated/zod.ts')).href)) as Record<string, any>;
    const { requestValidators } = (await import(pathToFileURL(path.join(copy, 'generated/validators.ts')).href)) as { requestValidators: Record<string, unknown> };
    const checks = (await import(pathToFileURL(path.join(copy, 'generated/checks.ts')).href)) as Record<string, any>;
    expect(marker.hostileRan).toBeUndefined();
    // The compiled check of the hostile query parameter holds its name and enum unchanged, and runs nothing.
    const { IssueReport } = await import('../src/issue-report.js');
    const checked = (query: unknown) => {
      const report = new IssueReport();
      checks.checkHostileGetQuery(query, report);
      return report.issues;
    };
    expect(checked({ [property]: value })).toEqual([]);
    expect(checked({ [property]: 'other' })).toEqual([{ path: property, message: `Invalid option: expected one of "${value}"|"plain"` }]);
    expect(marker.hostileRan).toBeUndefined();

    expect(Object.keys(requestValidators)).toContain(`GET ${hostilePath}`);
    const shape = zod.zHostile.def.shape as Record<string, any>;
    expect(Object.keys(shape).sort()).toEqual(['path_like', property].sort());
    const accepted = zod.zHostile.safeParse({ [property]: value, path_like: 'a/b/12' });
    expect(accepted.success, JSON.stringify(accepted.error)).toBe(true);
    expect(zod.zHostile.safeParse({ [property]: 'other' }).success).toBe(false);
    expect(zod.zHostile.safeParse({ path_like: 'a\\/b' }).success).toBe(false);
    const types = await readFile(path.join(copy, 'generated/types.ts'), 'utf8');
    expect(types).toContain(JSON.stringify(property).slice(1, 20));
  });
});
