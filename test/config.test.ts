// A bad configuration fails when the client is made, with a message that names the option.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENVIRONMENTS, PayoutsClient, type ClientOptions } from '../src/index.js';

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
    ['a negative timeout', { ...credentials, timeoutMs: -1 }, /timeoutMs must be a positive number, not -1/],
    ['a zero timeout', { ...credentials, timeoutMs: 0 }, /timeoutMs must be a positive number/],
    ['fractional retries', { ...credentials, maxRetries: 1.5 }, /maxRetries must be a whole number/],
    ['negative retries', { ...credentials, maxRetries: -1 }, /maxRetries must be a whole number/],
    ['a fetch that is not a function', { ...credentials, fetch: 'fetch' as unknown as typeof fetch }, /fetch must be a function/],
  ])('rejects %s', (_, options, message) => {
    vi.stubEnv('PAYPAL_CLIENT_ID', undefined);
    vi.stubEnv('PAYPAL_CLIENT_SECRET', undefined);
    expect(() => new PayoutsClient(options)).toThrow(message);
  });

  it('keeps the secret out of util.inspect and JSON', () => {
    const client = new PayoutsClient(credentials);
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(credentials.clientSecret);
    expect(JSON.stringify(client)).not.toContain(credentials.clientSecret);
  });
});
