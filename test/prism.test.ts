// Prism serves the bundled contract: each of the five operations answers with data that validates
// against the generated zod schemas, and our requests raise no Prism validation violations.
import { describe, expect, inject, it } from 'vitest';
import type { z } from 'zod/mini';
import {
  zOauth2TokenResponse,
  zPayoutsGetResponse,
  zPayoutsItemCancelResponse,
  zPayoutsItemGetResponse,
  zPayoutsPostResponse,
} from '../generated/zod.js';

const prismUrl = inject('prismUrl');
const bearer = { authorization: 'Bearer A21AAF0mGp3-test-token' };
const createBody = {
  sender_batch_header: { sender_batch_id: 'Payouts_2026_0001', email_subject: 'You have a payout!' },
  items: [{ recipient_type: 'EMAIL', amount: { value: '9.87', currency: 'USD' }, receiver: 'ana@example.com' }],
};

const cases: Array<{ name: string; request: [string, RequestInit]; status: number; schema: z.ZodMiniType }> = [
  {
    name: 'POST /v1/oauth2/token',
    request: ['/v1/oauth2/token', {
      method: 'POST',
      headers: { authorization: `Basic ${btoa('client-id:client-secret')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    }],
    status: 200,
    schema: zOauth2TokenResponse,
  },
  {
    name: 'POST /v1/payments/payouts',
    request: ['/v1/payments/payouts', {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json', 'paypal-request-id': 'b5a8e1f2-0000-4000-8000-000000000001' },
      body: JSON.stringify(createBody),
    }],
    status: 201,
    schema: zPayoutsPostResponse,
  },
  {
    name: 'GET /v1/payments/payouts/{id}',
    request: ['/v1/payments/payouts/5UXD2E8A7EBQJ?page=1&page_size=100&total_required=true', { headers: bearer }],
    status: 200,
    schema: zPayoutsGetResponse,
  },
  {
    name: 'GET /v1/payments/payouts-item/{id}',
    request: ['/v1/payments/payouts-item/9NKBTQZXDQ4WE', { headers: bearer }],
    status: 200,
    schema: zPayoutsItemGetResponse,
  },
  {
    name: 'POST /v1/payments/payouts-item/{id}/cancel',
    request: ['/v1/payments/payouts-item/9NKBTQZXDQ4WE/cancel', { method: 'POST', headers: bearer }],
    status: 200,
    schema: zPayoutsItemCancelResponse,
  },
];

describe('Prism on generated/openapi.yaml', () => {
  it.each(cases)('answers $name with a valid response', async ({ request: [url, init], status, schema }) => {
    const response = await fetch(prismUrl + url, init);
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(response.status).toBe(status);
    expect(schema.safeParse(await response.json()).error).toBeUndefined();
  });

  it('reports a request that breaks the contract in sl-violations', async () => {
    const response = await fetch(`${prismUrl}/v1/payments/payouts`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [] }),
    });
    expect(response.status).toBe(422);
    const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]');
    expect(violations.map((violation: { message: string }) => violation.message)).toEqual([
      "Request body must have required property 'sender_batch_header'",
      'Request body property items must NOT have fewer than 1 items',
    ]);
  });
});
