// Shared tokens: clients in several processes (here, several clients with their own stores, as
// processes have) share one token through PostgreSQL, and a refresh is fetched once.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { PayoutsClient } from '../../src/index.js';
import { createPostgresTokenStore, type PostgresTokenStore } from '../../src/postgres/index.js';
import { startLocalPayPal, type LocalPayPal } from '../../src/testing/index.js';
import { freshSchema } from '../support/postgres.js';

const url = inject('databaseUrl');
const closing: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const resource of closing.splice(0)) await resource.close();
});

async function setUp(clients: number, tokenTtlSeconds?: number) {
  const paypal: LocalPayPal = await startLocalPayPal({ tokenTtlSeconds });
  closing.push(paypal);
  const schema = freshSchema();
  // One store per client, as each process of a fleet opens its own.
  const stores: PostgresTokenStore[] = Array.from({ length: clients }, () => createPostgresTokenStore({ connectionString: url, schema }));
  closing.push(...stores);
  const made = stores.map((tokenStore) => new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url, tokenStore }));
  return { paypal, clients: made };
}

const someCall = (client: PayoutsClient) => client.payouts.get('UNKNOWNBATCH').catch(() => undefined);

describe('createPostgresTokenStore', () => {
  it('gives two clients starting at once one token request between them', async () => {
    const { paypal, clients } = await setUp(2);
    await Promise.all(clients.flatMap((client) => [someCall(client), someCall(client), someCall(client)]));
    expect(paypal.tokens.issued).toHaveLength(1);
    expect(paypal.requests.filter((request) => request.path === '/v1/oauth2/token')).toHaveLength(1);
  });

  it('refreshes an expired token once for five clients', async () => {
    // 2 s tokens: usable for 1.8 s (a tenth kept as margin), so each round below finds the last one expired.
    const { paypal, clients } = await setUp(5, 2);
    await Promise.all(clients.map(someCall));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await Promise.all(clients.map(someCall));
    expect(paypal.tokens.issued).toHaveLength(2);
  });

  it('replaces a token PayPal revoked with one new token for all clients, never the revoked one again', async () => {
    const { paypal, clients } = await setUp(3);
    await Promise.all(clients.map(someCall));
    paypal.tokens.revokeAll();
    await Promise.all(clients.map(someCall));
    expect(paypal.tokens.issued).toHaveLength(2);
    const tokenRequests = paypal.requests.filter((request) => request.path === '/v1/oauth2/token');
    expect(tokenRequests).toHaveLength(2);
  });

  it('lets a client whose store cannot be reached fetch its own token', async () => {
    const paypal = await startLocalPayPal();
    closing.push(paypal);
    const tokenStore = createPostgresTokenStore({ connectionString: 'postgres://nobody:secret@127.0.0.1:1/none' });
    closing.push(tokenStore);
    const client = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url, tokenStore });
    await someCall(client);
    expect(paypal.tokens.issued).toHaveLength(1);
  });
});
