// What every resource shares: the typed openapi-fetch client, and the request loop with its token.
import createClient, { createQuerySerializer, type Client } from 'openapi-fetch';
import type { paths } from '../generated/types.js';
import { APIPromise } from './api-promise.js';
import { basicCredentials, TokenProvider, type IssuedToken } from './auth.js';
import { timeoutProblem, type ResolvedConfig } from './config.js';
import { AuthenticationError, InvalidResponseError, RateLimitError, ValidationError } from './errors.js';
import { execute, type Call, type RequestOptions } from './request.js';

/**
 * A call as a resource describes it: `body` is the JSON value to send, or `rawBody` text already
 * serialised (client.webhooks.verifyOnline splices an event in exactly as PayPal sent it).
 */
export type CallSpec = Omit<Call, 'auth' | 'body'> & { body?: unknown; rawBody?: string };

export interface Core {
  /** openapi-fetch, typed by the contract: a call that breaks the contract does not compile. */
  api: Client<paths>;
  /**
   * Runs the call that `build` describes, with a bearer token. `build` runs now, while the method is
   * being called, and the body is serialised now, once: every attempt sends those bytes, and later
   * changes to the caller's objects have no effect. What `build` throws (a ValidationError) rejects
   * the returned promise, and nothing is sent.
   */
  call<T>(build: () => CallSpec, options?: RequestOptions): APIPromise<T>;
}

export function createCore({ clientId, clientSecret, baseUrl, settings, tokenStore }: ResolvedConfig): Core {
  // No fetch here: every attempt passes its own, bound to the attempt's abort signal (see attempt.ts).
  // The default query serializer, made once: given none, openapi-fetch makes a new one on every call.
  const api = createClient<paths>({ baseUrl, querySerializer: createQuerySerializer() });
  const basic = `Basic ${basicCredentials(clientId, clientSecret)}`;

  const fetchToken = async (): Promise<IssuedToken> => {
    const { data, response, requestId } = await execute<Partial<IssuedToken>>(settings, {
      method: 'POST',
      path: '/v1/oauth2/token',
      requestId: globalThis.crypto.randomUUID(),
      retrySafe: true, // a token request pays nothing; repeating it is harmless
      body: 'grant_type=client_credentials',
      send: (init) =>
        api.POST('/v1/oauth2/token', {
          ...init,
          // `as const`: a widened string breaks the inference that gives `data` its `parseAs: 'text'` type.
          body: { grant_type: 'client_credentials' as const },
          headers: { ...init.headers, Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' },
        }),
      // A rate-limited token request is a RateLimitError to every call waiting on it; any other failure
      // of the token endpoint is about the credentials.
      toError: (init) => (init.status === 429 ? new RateLimitError(init) : new AuthenticationError(init)),
    });
    // Never quote the token: the message would carry a credential.
    const fail = (problem: string) => new InvalidResponseError(response.status, `token response ${problem}`, { requestId });
    const { access_token: token, expires_in: lifetime } = data;
    if (typeof token !== 'string' || token === '') throw fail('has no access_token');
    if (!isHeaderValue(token)) throw fail('has an access_token that is not a valid header value');
    if (typeof lifetime !== 'number' || !Number.isFinite(lifetime) || lifetime <= 0) throw fail('has no positive expires_in');
    return { access_token: token, expires_in: lifetime };
  };
  // One token per app and host: the key names both, never the secret.
  const auth = new TokenProvider(fetchToken, Date.now, tokenStore && { store: tokenStore, key: `${baseUrl} ${clientId}` });

  return {
    api,
    call: <T>(build: () => CallSpec, options?: RequestOptions) => {
      let call: Call;
      try {
        const badTimeout = options?.timeoutMs === undefined ? undefined : timeoutProblem(options.timeoutMs);
        if (badTimeout) throw new ValidationError([{ path: 'timeoutMs', message: badTimeout }]);
        const spec = build();
        if (!isHeaderValue(spec.requestId)) {
          throw new ValidationError([{ path: 'requestId', message: 'must be visible ASCII characters (spaces inside allowed), to travel as a header' }]);
        }
        const { method, path, requestId, retrySafe, send, toError, body, rawBody } = spec;
        // Named fields, not a rest and a spread: those copy through V8's slow path, on every call.
        call = { method, path, requestId, retrySafe, send, toError, body: rawBody ?? (body === undefined ? undefined : serialise(body)), auth };
      } catch (error) {
        return new APIPromise<T>(Promise.reject(error));
      }
      return new APIPromise<T>(execute<T>(settings, call, options));
    },
  };
}

/** What can travel in an HTTP header: visible ASCII, spaces inside only. Stricter than HTTP, on purpose. */
const isHeaderValue = (value: string) => /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value);

/** JSON text of a body; a value JSON cannot hold (a cycle, a BigInt) is a ValidationError. */
function serialise(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new ValidationError([{ path: '', message: `cannot be sent as JSON (${error instanceof Error ? error.message.split('\n')[0] : 'unknown value'})` }]);
  }
}
