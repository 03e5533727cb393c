// The change report on small documents: each kind of change, its severity from the caller's side,
// resolved $refs (a rename alone is no change), prose counted but not listed.
import { describe, expect, it } from 'vitest';
import { changeReport, compareContracts, formatReport } from '../scripts/generate/changes.js';

type Json = Record<string, any>;

/** A contract with one create and one read operation, sharing a schema. */
function contract(): Json {
  return {
    openapi: '3.0.3',
    info: { title: 'T', version: '1.0' },
    paths: {
      '/things': {
        post: {
          operationId: 'things.create',
          parameters: [{ $ref: '#/components/parameters/request_id' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/thing_input' } } } },
          responses: { '201': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/thing' } } } } },
        },
      },
      '/things/{id}': {
        get: {
          operationId: 'things.get',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'page_size', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
          ],
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/thing' } } } },
            '404': { description: 'missing', content: { 'application/json': { schema: { type: 'object' } } } },
          },
        },
      },
    },
    components: {
      parameters: { request_id: { name: 'Request-Id', in: 'header', schema: { type: 'string' } } },
      schemas: {
        thing_input: {
          type: 'object',
          required: ['amount'],
          properties: {
            amount: { $ref: '#/components/schemas/money' },
            note: { type: 'string', maxLength: 100 },
            kind: { type: 'string', enum: ['A', 'B'] },
          },
        },
        thing: {
          type: 'object',
          required: ['id', 'status'],
          properties: {
            id: { type: 'string' },
            status: { $ref: '#/components/schemas/status' },
            amount: { $ref: '#/components/schemas/money' },
            created: { type: 'string', format: 'date-time' },
          },
        },
        money: { type: 'object', required: ['value'], properties: { value: { type: 'string', description: 'Amount.' } } },
        status: { type: 'string', enum: ['PENDING', 'DONE'] },
      },
    },
  };
}

/** The changes of `edit` applied to a copy, as `severity kind where` strings. */
function changesOf(edit: (doc: Json) => void) {
  const after = contract();
  edit(after);
  return compareContracts(contract(), after).changes.map((change) => `${change.severity} ${change.kind} ${change.where}`);
}

describe('compareContracts', () => {
  it('finds nothing between equal documents', () => {
    expect(compareContracts(contract(), contract())).toEqual({ changes: [], descriptionEdits: 0 });
  });

  it('counts description edits without listing them', () => {
    const after = contract();
    after.components.schemas.money.properties.value.description = 'The amount, as a decimal string.';
    after.paths['/things'].post.description = 'Creates a thing.';
    expect(compareContracts(contract(), after)).toEqual({ changes: [], descriptionEdits: 2 });
  });

  it('sees no change when only a component is renamed', () => {
    const after = JSON.parse(JSON.stringify(contract()).replaceAll('#/components/schemas/money', '#/components/schemas/amount'));
    after.components.schemas.amount = after.components.schemas.money;
    delete after.components.schemas.money;
    expect(compareContracts(contract(), after).changes).toEqual([]);
  });

  it('reports operations added (additive), removed and moved (breaking)', () => {
    expect(changesOf((doc) => (doc.paths['/other'] = { get: { operationId: 'other.get', responses: {} } }))).toEqual([
      'additive operation-added other.get',
    ]);
    expect(changesOf((doc) => delete doc.paths['/things/{id}'])).toEqual(['breaking operation-removed things.get']);
    expect(
      changesOf((doc) => {
        doc.paths['/items/{id}'] = doc.paths['/things/{id}'];
        delete doc.paths['/things/{id}'];
      }),
    ).toEqual(['breaking operation-moved things.get']);
  });

  it('classifies parameters: new required is breaking, new optional additive, removed a warning', () => {
    const get = (doc: Json) => doc.paths['/things/{id}'].get;
    expect(changesOf((doc) => get(doc).parameters.push({ name: 'q', in: 'query', required: true, schema: { type: 'string' } }))).toEqual([
      'breaking parameter-added #/paths/~1things~1{id}/get/parameters/2',
    ]);
    expect(changesOf((doc) => get(doc).parameters.push({ name: 'q', in: 'query', schema: { type: 'string' } }))).toEqual([
      'additive parameter-added #/paths/~1things~1{id}/get/parameters/2',
    ]);
    expect(changesOf((doc) => get(doc).parameters.pop())).toEqual(['warning parameter-removed #/paths/~1things~1{id}/get/parameters/1']);
    expect(changesOf((doc) => (get(doc).parameters[1].required = true))).toEqual([
      'breaking parameter-required #/paths/~1things~1{id}/get/parameters/1',
    ]);
    expect(changesOf((doc) => (doc.components.parameters.request_id.required = true))).toEqual([
      'breaking parameter-required #/components/parameters/request_id',
    ]);
  });

  it('classifies parameter limits and types', () => {
    const pageSize = (doc: Json) => doc.paths['/things/{id}'].get.parameters[1].schema;
    expect(changesOf((doc) => (pageSize(doc).maximum = 50))).toEqual([
      'breaking limit-tightened #/paths/~1things~1{id}/get/parameters/1/schema',
    ]);
    expect(changesOf((doc) => (pageSize(doc).maximum = 1000))).toEqual([
      'additive limit-loosened #/paths/~1things~1{id}/get/parameters/1/schema',
    ]);
    expect(changesOf((doc) => (pageSize(doc).type = 'string'))).toEqual([
      'breaking type-changed #/paths/~1things~1{id}/get/parameters/1/schema',
    ]);
  });

  it('classifies request fields: newly required breaks, new optional is additive, removed is a warning', () => {
    const input = (doc: Json) => doc.components.schemas.thing_input;
    expect(changesOf((doc) => input(doc).required.push('note'))).toEqual([
      'breaking required-added #/components/schemas/thing_input/properties/note',
    ]);
    expect(changesOf((doc) => (input(doc).properties.tag = { type: 'string' }))).toEqual([
      'additive property-added #/components/schemas/thing_input/properties/tag',
    ]);
    expect(
      changesOf((doc) => {
        input(doc).properties.tag = { type: 'string' };
        input(doc).required.push('tag');
      }),
    ).toEqual(['breaking property-added #/components/schemas/thing_input/properties/tag']);
    expect(changesOf((doc) => delete input(doc).properties.note)).toEqual([
      'warning property-removed #/components/schemas/thing_input/properties/note',
    ]);
    expect(changesOf((doc) => (input(doc).properties.note.maxLength = 50))).toEqual([
      'breaking limit-tightened #/components/schemas/thing_input/properties/note',
    ]);
    expect(changesOf((doc) => (input(doc).properties.note.pattern = '^[a-z]+$'))).toEqual([
      'breaking limit-tightened #/components/schemas/thing_input/properties/note',
    ]);
  });

  it('classifies request enums: a removed value is breaking, a new one additive', () => {
    const kind = (doc: Json) => doc.components.schemas.thing_input.properties.kind;
    expect(changesOf((doc) => (kind(doc).enum = ['A']))).toEqual(['breaking enum-value-removed #/components/schemas/thing_input/properties/kind']);
    expect(changesOf((doc) => kind(doc).enum.push('C'))).toEqual(['additive enum-value-added #/components/schemas/thing_input/properties/kind']);
  });

  it('classifies response fields: removed or no longer required breaks, a new enum value is a warning', () => {
    const thing = (doc: Json) => doc.components.schemas.thing;
    expect(changesOf((doc) => delete thing(doc).properties.created)).toEqual([
      'breaking property-removed #/components/schemas/thing/properties/created',
    ]);
    expect(changesOf((doc) => (thing(doc).required = ['id']))).toEqual([
      'breaking required-removed #/components/schemas/thing/properties/status',
    ]);
    expect(changesOf((doc) => (thing(doc).properties.fee = { type: 'string' }))).toEqual([
      'additive property-added #/components/schemas/thing/properties/fee',
    ]);
    expect(changesOf((doc) => doc.components.schemas.status.enum.push('ON_HOLD'))).toEqual([
      'warning enum-value-added #/components/schemas/status',
    ]);
    expect(changesOf((doc) => (thing(doc).properties.created.format = 'date'))).toEqual([
      'warning format-changed #/components/schemas/thing/properties/created',
    ]);
    expect(changesOf((doc) => delete thing(doc).properties.created.format)).toEqual([
      'warning format-changed #/components/schemas/thing/properties/created',
    ]);
    expect(changesOf((doc) => (doc.components.schemas.thing_input.properties.note.format = 'email'))).toEqual([
      'breaking format-changed #/components/schemas/thing_input/properties/note',
    ]);
  });

  it('reports a change to a schema used in requests and responses once per direction', () => {
    const retyped = contract();
    retyped.components.schemas.money.properties.value.type = 'number';
    expect(compareContracts(contract(), retyped).changes.map((change) => [change.severity, change.message, change.operations])).toEqual([
      ['breaking', 'money.value: type string -> number (in requests)', ['things.create']],
      ['breaking', 'money.value: type string -> number (in responses)', ['things.create', 'things.get']],
    ]);
    const after = contract();
    after.components.schemas.money.properties.currency = { type: 'string' };
    after.components.schemas.money.required.push('currency');
    const both = compareContracts(contract(), after).changes;
    expect(both.map((change) => [change.severity, change.message, change.operations])).toEqual([
      ['breaking', 'money.currency: new required field (in requests)', ['things.create']],
      ['additive', 'money.currency: new required field (in responses)', ['things.create', 'things.get']],
    ]);
  });

  it('reports response statuses added and removed, a removed 2xx as breaking', () => {
    const responses = (doc: Json) => doc.paths['/things/{id}'].get.responses;
    expect(changesOf((doc) => (responses(doc)['429'] = { description: 'slow down' }))).toEqual([
      'additive response-added #/paths/~1things~1{id}/get/responses/429',
    ]);
    expect(changesOf((doc) => delete responses(doc)['404'])).toEqual(['warning response-removed #/paths/~1things~1{id}/get/responses/404']);
    expect(changesOf((doc) => delete responses(doc)['200'])).toEqual(['breaking response-removed #/paths/~1things~1{id}/get/responses/200']);
  });

  it('reports a request body becoming required', () => {
    const before = contract();
    before.paths['/things'].post.requestBody.required = false;
    const { changes } = compareContracts(before, contract());
    expect(changes.map((change) => `${change.severity} ${change.kind}`)).toEqual(['breaking request-body-required']);
  });

  it('ends on recursive schemas', () => {
    const recursive = (doc: Json) => {
      doc.components.schemas.thing.properties.parent = { $ref: '#/components/schemas/thing' };
      return doc;
    };
    const after = recursive(contract());
    after.components.schemas.thing.properties.fee = { type: 'string' };
    expect(compareContracts(recursive(contract()), after).changes.map((change) => change.kind)).toEqual(['property-added']);
  });
});

describe('changeReport and formatReport', () => {
  it('counts by severity, orders breaking first, and prints one line per change grouped by schema and operation', () => {
    const after = contract();
    after.info.version = '1.1';
    after.components.schemas.status.enum.push('ON_HOLD');
    after.components.schemas.thing_input.required.push('note');
    after.paths['/things/{id}'].get.parameters.push({ name: 'fields', in: 'query', schema: { type: 'string' } });
    const report = changeReport({ document: contract(), sha256: 'a'.repeat(64) }, { document: after, sha256: 'b'.repeat(64) });
    expect(report.from).toEqual({ version: '1.0', sha256: 'a'.repeat(64) });
    expect(report.to).toEqual({ version: '1.1', sha256: 'b'.repeat(64) });
    expect(report.summary).toEqual({ breaking: 1, warning: 1, additive: 1, descriptionEdits: 0 });
    expect(report.changes.map((change) => change.severity)).toEqual(['breaking', 'warning', 'additive']);
    expect(formatReport(report).split('\n')).toEqual([
      'Contract changes 1.0 (bundle sha256 aaaaaaaaaaaa) -> 1.1 (bundle sha256 bbbbbbbbbbbb): 1 breaking, 1 warning, 1 additive; 0 description edits not listed',
      '  schema thing_input',
      '    breaking thing_input.note: now required (in requests) [things.create]',
      '  schema status',
      '    warning  status: new value "ON_HOLD" (in responses) [things.create, things.get]',
      '  operation things.get',
      '    additive things.get: new optional query parameter fields',
    ]);
  });

  it("shows a hostile document's control characters escaped, never acting on the terminal", () => {
    const after = contract();
    after.info.version = '1.1\u001b[2J';
    after.components.schemas.thing_input.properties['x\u001b]8;;http://evil\u0007'] = { type: 'string' };
    after.paths['/things/{id}'].get.parameters.push({ name: 'a\nadditive forged line', in: 'query', schema: { type: 'string' } });
    const text = formatReport(changeReport({ document: contract(), sha256: 'a'.repeat(64) }, { document: after, sha256: 'b'.repeat(64) }));
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(text).toContain('1.1\\u001b[2J');
    expect(text).toContain('x\\u001b]8;;http://evil\\u0007');
    expect(text).toContain('a\\u000aadditive forged line');
  });
});
