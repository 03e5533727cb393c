// The client against Prism serving the contract: every operation, every documented error status,
// and proof that every request the client sends conforms (Prism reports none in sl-violations).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseYaml } from '@redocly/openapi-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  DuplicateBatchError,
  InternalServerError,
  NotFoundError,
  PayoutsClient,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from '../src/index.js';
import * as zod from '../generated/zod.js';
import { zPayoutsGetResponse, zPayoutsItemGetResponse, zPayoutsPostResponse } from '../generated/zod.js';
import { contractOperations } from './support/contract-sample.js';
import { createBody } from './support/local-server.js';
import { GENERATED } from './support/paths.js';

const prismUrl = inject('prismUrl');

/** Every exchange the client had with Prism, to check for contract violations. */
const exchanges: Array<{ method: string; url: string; violations: string | null }> = [];

/** The public `fetch` option: records each exchange and, for API calls, asks Prism for `prefer`. */
function clientPreferring(prefer?: string) {
  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (prefer && !request.url.endsWith('/v1/oauth2/token')) request.headers.set('Prefer', prefer);
    const response = await fetch(request);
    exchanges.push({ method: request.method, url: request.url, violations: response.headers.get('sl-violations') });
    return response;
  };
  return new PayoutsClient({ clientId: 'prism-client', clientSecret: 'prism-secret', baseUrl: prismUrl, fetch: recordingFetch, maxRetries: 0 });
}

afterAll(() => {
  // Every request the client sent in this file conformed to the contract.
  expect(exchanges.length).toBeGreaterThan(0);
  expect(exchanges.filter((exchange) => exchange.violations !== null)).toEqual([]);
});

describe('every operation through the client', () => {
  const client = clientPreferring();

  it('creates a batch: 201 PENDING, with the request ID', async () => {
    const { data, response, requestId } = await client.payouts.create(createBody(3)).withResponse();
    expect(response.status).toBe(201);
    expect(zPayoutsPostResponse.parse(data).batch_header?.batch_status).toBe('PENDING');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows a batch with paging parameters', async () => {
    const batch = await client.payouts.get('5UXD2E8A7EBQJ', { page: 1, pageSize: 50, totalRequired: true, fields: 'items' });
    expect(zPayoutsGetResponse.parse(batch).batch_header?.batch_status).toBe('SUCCESS');
  });

  it('walks the items of a batch', async () => {
    const ids: string[] = [];
    for await (const item of client.payouts.items('5UXD2E8A7EBQJ', { pageSize: 100 })) ids.push(item.payout_item_id);
    expect(ids).toEqual(['8AELMXH8UB2P8', '9NKBTQZXDQ4WE']);
  });

  it('shows an unclaimed item and cancels it', async () => {
    const item = await client.payoutItems.get('9NKBTQZXDQ4WE');
    expect(zPayoutsItemGetResponse.parse(item).transaction_status).toBe('UNCLAIMED');
    const cancelled = await client.payoutItems.cancel('9NKBTQZXDQ4WE');
    expect(cancelled.transaction_status).toBe('RETURNED');
  });
});

describe('every operation of the contract through client.request', () => {
  const client = clientPreferring();
  // The token endpoint is the client's own (Basic credentials); every other call proves it works.
  const operations = contractOperations(path.join(GENERATED, 'openapi.yaml')).filter((op) => op.operationId !== 'oauth2.token');
  /** hey-api's name for an operation's 2xx schema: `payouts-item.get` -> zPayoutsItemGetResponse. */
  const responseSchema = (operationId: string) =>
    (zod as Record<string, unknown>)[`z${operationId.split(/[^A-Za-z0-9]+/).map((word) => word[0]!.toUpperCase() + word.slice(1)).join('')}Response`] as
      | { parse: (value: unknown) => unknown }
      | undefined;

  it('covers the four payouts operations, and any the contract adds', () => {
    expect(operations.map((op) => op.operationId)).toEqual(
      expect.arrayContaining(['payouts.post', 'payouts.get', 'payouts-item.get', 'payouts-item.cancel']),
    );
  });

  it.each(operations)('$method $path ($operationId) answers its documented 2xx body', async ({ operationId, method, path: route, status, init }) => {
    const call = client.request.bind(client) as (method: string, path: string, init: object) => ReturnType<typeof client.request>;
    const { data, response, requestId } = await call(method, route, init).withResponse();
    expect(response.status).toBe(status);
    expect(responseSchema(operationId), `zod schema for ${operationId}`).toBeDefined();
    expect(() => responseSchema(operationId)!.parse(data)).not.toThrow();
    if (method === 'POST') expect(exchanges.at(-1)?.url).toContain(route.split('{')[0]);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('every documented error status', () => {
  const CLASSES: Record<string, typeof APIError> = {
    '400': BadRequestError,
    '401': AuthenticationError,
    '403': PermissionDeniedError,
    '404': NotFoundError,
    '409': ConflictError,
    '415': APIError,
    '422': UnprocessableEntityError,
    '429': RateLimitError,
    '500': InternalServerError,
    '503': InternalServerError,
  };
  const CALLS: Record<string, (client: PayoutsClient) => PromiseLike<unknown>> = {
    'payouts.post': (client) => client.payouts.create(createBody(1)),
    'payouts.get': (client) => client.payouts.get('5UXD2E8A7EBQJ'),
    'payouts-item.get': (client) => client.payoutItems.get('9NKBTQZXDQ4WE'),
    'payouts-item.cancel': (client) => client.payoutItems.cancel('9NKBTQZXDQ4WE'),
  };
  // Read from the contract, so a status added to it is tested here too.
  const contract = parseYaml(readFileSync(path.join(GENERATED, 'openapi.yaml'), 'utf8')) as {
    paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
  };
  const cases = Object.values(contract.paths)
    .flatMap((item) => Object.values(item))
    .filter((operation) => operation.operationId in CALLS)
    .flatMap((operation) =>
      Object.keys(operation.responses)
        .filter((code) => /^[45]\d\d$/.test(code))
        .map((code) => ({ operationId: operation.operationId, code })),
    );

  it('covers each payouts operation', () => {
    expect(new Set(cases.map((c) => c.operationId))).toEqual(new Set(Object.keys(CALLS)));
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$operationId answers $code as the matching error class', async ({ operationId, code }) => {
    const call = CALLS[operationId]!(clientPreferring(`code=${code}`));
    const error = (await Promise.resolve(call).then(() => expect.fail('should fail'), (e: unknown) => e)) as APIError;
    expect(error.constructor).toBe(CLASSES[code]);
    expect(error.status).toBe(Number(code));
    expect(error.code).toMatch(/^[A-Z_]+$/);
    expect(error.debugId).toBeTruthy();
    expect(error.requestId).toBeTruthy();
  });

  it('maps a reused sender_batch_id to DuplicateBatchError with the original batch', async () => {
    const error = await clientPreferring('code=400, example=duplicate_sender_batch_id')
      .payouts.create(createBody(1))
      .then(() => expect.fail('should fail'), (e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateBatchError);
    expect((error as DuplicateBatchError).originalBatchId).toBe('5UXD2E8A7EBQJ');
  });
});
