// A bad configuration fails when the client is made, with a message that names the option.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENVIRONMENTS, PayoutsClient, ValidationError, type ClientOptions } from '../src/index.js';
import { json, startServer, withTokens, type LocalServer } from './support/local-server.js';

const credentials = { clientId: 'id', clientSecret: 'secret-value-1234' };
afterEach(() => vi.unstubAllEnvs());

describe('PayoutsClient configuration', () => {
  it('defaults to the sandbox and takes live or a base URL', () => {
    vi.stubEnv('PAYPAL_BASE_URL', undefined);
    expect(new PayoutsClient(credentials).baseUrl).toBe(ENVIRONMENTS.sandbox);
    expect(new PayoutsClient({ ...credentials, environment: 'live' }).baseUrl).toBe('https://api-m.paypal.com');
    expect(new PayoutsClient({ ...credentials, baseUrl: 'http://127.0.0.1:4010/' }).baseUrl).toBe('http://127.0.0.1:4010');
    expect(new PayoutsClient({ ...credentials, baseUrl: 'http://localhost:4010' }).baseUrl).toBe('http://localhost:4010');
  });

  it('reads credentials and base URL from PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET and PAYPAL_BASE_URL', () => {
    vi.stubEnv('PAYPAL_CLIENT_ID', 'from-env');
    vi.stubEnv('PAYPAL_CLIENT_SECRET', 'env-secret');
    expect(new PayoutsClient().baseUrl).toBe(ENVIRONMENTS.sandbox);
    vi.stubEnv('PAYPAL_BASE_URL', 'http://127.0.0.1:4010');
    expect(new PayoutsClient().baseUrl).toBe('http://127.0.0.1:4010');
    expect(new PayoutsClient({ baseUrl: 'https://proxy.example.com' }).baseUrl).toBe('https://proxy.example.com');
  });

  it.each<[string, ClientOptions, RegExp]>([
    ['no client ID', { clientSecret: 's' }, /clientId is missing: pass it, or set PAYPAL_CLIENT_ID/],
    ['no secret', { clientId: 'id' }, /clientSecret is missing/],
    ['a blank secret', { clientId: 'id', clientSecret: '  ' }, /clientSecret is missing/],
    ['an unknown environment', { ...credentials, environment: 'staging' as 'live' }, /environment must be 'sandbox' or 'live'/],
    ['a base URL that is not a URL', { ...credentials, baseUrl: 'paypal' }, /baseUrl is not a URL/],
    ['plain http to a remote host', { ...credentials, baseUrl: 'http://api-m.paypal.com' }, /baseUrl must use https/],
    ['plain http to a private address', { ...credentials, baseUrl: 'http://10.0.0.5' }, /baseUrl must use https/],
    ['a negative timeout', { ...credentials, timeoutMs: -1 }, /timeoutMs must be a positive number of milliseconds up to 2147483647, not -1/],
    ['a zero timeout', { ...credentials, timeoutMs: 0 }, /timeoutMs must be a positive number/],
    ['a timeout setTimeout cannot hold', { ...credentials, timeoutMs: 2 ** 31 }, /timeoutMs must be a positive number of milliseconds up to 2147483647, not 2147483648/],
    ['a base URL with a query', { ...credentials, baseUrl: 'https://api.example.com/?region=eu' }, /baseUrl must not have a query or fragment/],
    ['a base URL with an empty query', { ...credentials, baseUrl: 'https://api.example.com?' }, /baseUrl must not have a query or fragment/],
    ['a base URL with a fragment', { ...credentials, baseUrl: 'https://api.example.com/v#x' }, /baseUrl must not have a query or fragment/],
    ['fractional retries', { ...credentials, maxRetries: 1.5 }, /maxRetries must be a whole number/],
    ['negative retries', { ...credentials, maxRetries: -1 }, /maxRetries must be a whole number/],
    ['a fetch that is not a function', { ...credentials, fetch: 'fetch' as unknown as typeof fetch }, /fetch must be a function/],
    ['a tokenStore without set', { ...credentials, tokenStore: { get: async () => undefined } as never }, /tokenStore must have get and set methods, not an object with keys \[get\]/],
  ])('rejects %s', (_, options, message) => {
    vi.stubEnv('PAYPAL_CLIENT_ID', undefined);
    vi.stubEnv('PAYPAL_CLIENT_SECRET', undefined);
    expect(() => new PayoutsClient(options)).toThrow(message);
  });

  it('lets explicit options beat the environment, and refuses an explicit environment with PAYPAL_BASE_URL', () => {
    vi.stubEnv('PAYPAL_BASE_URL', 'http://127.0.0.1:4010');
    // A leftover mock URL must not receive live payouts, nor silently take them away from PayPal.
    expect(() => new PayoutsClient({ ...credentials, environment: 'live' })).toThrow(
      /environment 'live' and the PAYPAL_BASE_URL environment variable are both set; unset PAYPAL_BASE_URL, or pass baseUrl/,
    );
    expect(() => new PayoutsClient({ ...credentials, environment: 'sandbox' })).toThrow(/PAYPAL_BASE_URL/);
    expect(new PayoutsClient({ ...credentials, environment: 'live', baseUrl: ENVIRONMENTS.live }).baseUrl).toBe(ENVIRONMENTS.live);
    expect(new PayoutsClient(credentials).baseUrl).toBe('http://127.0.0.1:4010');
    vi.stubEnv('PAYPAL_CLIENT_ID', 'env-id');
    vi.stubEnv('PAYPAL_CLIENT_SECRET', 'env-secret');
    vi.stubEnv('PAYPAL_BASE_URL', '');
    expect(new PayoutsClient({ environment: 'live' }).baseUrl).toBe(ENVIRONMENTS.live);
  });

  it.each([
    ['baseUrl', { baseUrl: 'https://payouts:hunter2@proxy.example.com' }],
    ['baseUrl', { baseUrl: 'https://payouts@proxy.example.com' }],
    ['PAYPAL_BASE_URL', {}],
  ])('rejects credentials in %s without echoing them', (source, options) => {
    vi.stubEnv('PAYPAL_BASE_URL', 'https://payouts:hunter2@proxy.example.com');
    let message = '';
    try {
      new PayoutsClient({ ...credentials, ...options });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`${source} must not contain a username or password: 'https://***@proxy.example.com'`);
    expect(message).not.toMatch(/hunter2|payouts@/);
  });

  it('accepts the longest timeout setTimeout can hold', () => {
    expect(() => new PayoutsClient({ ...credentials, timeoutMs: 2 ** 31 - 1 })).not.toThrow();
  });

  it('keeps the secret out of util.inspect and JSON', () => {
    const client = new PayoutsClient(credentials);
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(credentials.clientSecret);
    expect(JSON.stringify(client)).not.toContain(credentials.clientSecret);
  });
});

describe('per-call timeoutMs', () => {
  let server: LocalServer | undefined;
  afterEach(() => server?.close());

  it.each([0, -1, Number.NaN, 2 ** 31, Number.POSITIVE_INFINITY])('rejects %s with a ValidationError naming timeoutMs, sending nothing', async (timeoutMs) => {
    server = await startServer(withTokens((_, res) => json(res, 200, { batch_header: { payout_batch_id: 'B1' } })));
    const client = new PayoutsClient({ ...credentials, baseUrl: server.url });
    const error = await client.payouts.get('B1', { timeoutMs }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: 'timeoutMs', message: expect.stringMatching(/must be a positive number of milliseconds/) }]);
    expect(server.requests).toHaveLength(0);
  });
});
