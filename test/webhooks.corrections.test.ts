// openapi/webhooks/ states PayPal's Webhooks facts, defects included; openapi/webhooks/corrections.yaml
// fixes each defect in the bundle. Dropping a correction, or fixing a defect in place, fails here.
import { parseYaml } from '@redocly/openapi-core';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED, ROOT, WEBHOOKS_UPSTREAM } from './support/paths.js';

type Json = Record<string, any>;

const yaml = (file: string) => parseYaml(readFileSync(path.join(ROOT, file), 'utf8')) as Json;
const source = (file: string) => yaml(path.join('openapi/webhooks', file));
const bundle = yaml(path.relative(ROOT, path.join(GENERATED, 'openapi.yaml')));
const operation = (doc: Json, id: string) =>
  Object.values(doc.paths as Json).flatMap((item: Json) => Object.values(item)).find((op: Json) => op.operationId === id) as Json;

/**
 * Each defect: where it is in our files, in PayPal's document and in the bundle; PayPal's value and ours;
 * for a pattern, a real value PayPal sends that its own pattern refuses.
 */
type Fix = { name: string; paypal: unknown; fixed: unknown; real?: string; ours(): unknown; upstream(doc: Json): unknown; bundled(): unknown };
const fixes: Fix[] = [
  ...[
    ['webhooks.post', 'paths/webhooks.yaml', '/v1/notifications/webhooks'],
    ['verify-webhook-signature.post', 'paths/verify-webhook-signature.yaml', '/v1/notifications/verify-webhook-signature'],
    ['simulate-event.post', 'paths/simulate-event.yaml', '/v1/notifications/simulate-event'],
  ].map(([id, file, route]) => ({
    name: `${id} requires its body`,
    paypal: undefined,
    fixed: true,
    ours: () => source(file!).post.requestBody.required,
    upstream: (doc: Json) => doc.paths[route!].post.requestBody.required,
    bundled: () => operation(bundle, id!).requestBody.required,
  })),
  {
    name: 'event_id accepts hyphens',
    paypal: '^[a-zA-Z0-9]+$',
    fixed: '^[A-Za-z0-9-]+$',
    real: 'WH-7YX49823S2290830K-0JE13296W68552352',
    ours: () => source('parameters/event_id.yaml').schema.pattern,
    upstream: (doc: Json) => doc.components.parameters.event_id.schema.pattern,
    bundled: () => bundle.components.parameters.event_id.schema.pattern,
  },
  {
    name: 'simulate_event.event_type accepts hyphens',
    paypal: '^[a-zA-Z0-9.]+$',
    fixed: '^[A-Za-z0-9.-]+$',
    real: 'PAYMENT.PAYOUTS-ITEM.UNCLAIMED',
    ours: () => source('schemas/simulate_event.yaml').properties.event_type.pattern,
    upstream: (doc: Json) => doc.components.schemas.simulate_event.properties.event_type.pattern,
    bundled: () => bundle.components.schemas.simulate_event.properties.event_type.pattern,
  },
];

/**
 * The error statuses each call answers in the bundle (numeric order, as JS lists such keys). PayPal documents only a generic `default`
 * error per call (notifications_webhooks_v1.json); corrections.yaml puts these in its place.
 */
const statuses: Record<string, string[]> = {
  'webhooks.post': ['400', '401', '403', '422', '429', '500'],
  'webhooks.list': ['401', '403', '429', '500'],
  'webhooks.get': ['401', '403', '404', '429', '500'],
  'webhooks.delete': ['401', '403', '404', '429', '500'],
  'webhooks-event-types.list': ['401', '403', '429', '500'],
  'webhooks-events.get': ['401', '403', '404', '429', '500'],
  'webhooks-events.resend': ['400', '401', '403', '404', '429', '500'],
  'simulate-event.post': ['400', '401', '403', '422', '429', '500'],
  'verify-webhook-signature.post': ['400', '401', '403', '429', '500'],
};
const errorsOf = (op: Json) => Object.keys(op.responses).filter((status) => !status.startsWith('2'));
const sourceDoc = { paths: Object.fromEntries(readdirSync(path.join(ROOT, 'openapi/webhooks/paths')).map((file) => [file, source(`paths/${file}`)])) };

describe('the Webhooks error responses', () => {
  it.each(Object.entries(statuses))("%s: our document lists PayPal's `default` only; the bundle lists %j", (id, expected) => {
    const ours = operation(sourceDoc, id);
    expect(errorsOf(ours)).toEqual(['default']);
    expect(ours.responses.default).toEqual({ $ref: '../responses.yaml#/error' });
    const bundled = operation(bundle, id);
    expect(errorsOf(bundled)).toEqual(expected);
    for (const status of expected) {
      const name = (bundled.responses[status].$ref as string).replace('#/components/responses/', '');
      expect(bundle.components.responses[name].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/webhooks_error' });
    }
  });

  it("our `default` is PayPal's generic error, in the Webhooks error shape; the bundle drops it", () => {
    expect(source('responses.yaml').error.content['application/json'].schema).toEqual({ $ref: 'schemas/webhooks_error.yaml' });
    expect(bundle.components.responses.error).toBeUndefined();
  });

  it.skipIf(!existsSync(WEBHOOKS_UPSTREAM))("PayPal's published document lists only a generic `default` error for each call", () => {
    const upstream = JSON.parse(readFileSync(WEBHOOKS_UPSTREAM, 'utf8')) as Json;
    for (const id of Object.keys(statuses)) {
      const op = operation(upstream, id);
      expect(errorsOf(op), id).toEqual(['default']);
      expect(op.responses.default.content['application/json'].schema, id).toEqual({ $ref: '#/components/schemas/error' });
    }
  });

  it('corrections.yaml removes the `default` of each call by its operationId', () => {
    const targets = (source('corrections.yaml').actions as Json[]).filter((action) => action.remove).map((action) => action.target as string);
    for (const id of Object.keys(statuses)) expect(targets).toContain(`$.paths.*[?@.operationId == '${id}'].responses.default`);
  });
});

describe('the Webhooks corrections', () => {
  it.each(fixes)('$name: our document says what PayPal says; the bundle has the fix', (fix) => {
    expect(fix.ours()).toEqual(fix.paypal);
    expect(fix.bundled()).toEqual(fix.fixed);
  });

  it.skipIf(!existsSync(WEBHOOKS_UPSTREAM))("PayPal's published document has each defect as our document states it", () => {
    const upstream = JSON.parse(readFileSync(WEBHOOKS_UPSTREAM, 'utf8')) as Json;
    for (const fix of fixes) expect(fix.upstream(upstream), fix.name).toEqual(fix.paypal);
  });

  it.each(fixes.filter((fix) => fix.real !== undefined))("$name: PayPal's pattern refuses $real; the fix accepts it", (fix) => {
    expect(new RegExp(fix.paypal as string).test(fix.real!)).toBe(false);
    expect(new RegExp(fix.fixed as string).test(fix.real!)).toBe(true);
  });

  it('has one action per fix besides the error responses, listed after the join in redocly.yaml', () => {
    const actions = source('corrections.yaml').actions as Json[];
    expect(actions.filter((action) => !/responses/.test(action.target))).toHaveLength(fixes.length);
    const overlays = yaml('redocly.yaml').apis.payouts.overlays as string[];
    expect(overlays.indexOf('openapi/webhooks/corrections.yaml')).toBeGreaterThan(overlays.indexOf('openapi/webhooks/overlay.yaml'));
  });
});
