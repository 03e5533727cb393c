// What every resource shares: the typed openapi-fetch client, and the request loop with its token.
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../generated/types.js';
import { APIPromise } from './api-promise.js';
import { TokenProvider, type IssuedToken } from './auth.js';
import type { ResolvedConfig } from './config.js';
import { AuthenticationError, InvalidResponseError } from './errors.js';
import { execute, type Call, type RequestOptions } from './request.js';

export interface Core {
  /** openapi-fetch, typed by the contract: a call that breaks the contract does not compile. */
  api: Client<paths>;
  /**
   * Runs the call that `build` describes, with a bearer token. `build` runs inside the returned
   * promise, so its validation errors reject it.
   */
  call<T>(build: () => Omit<Call, 'auth'>, options?: RequestOptions): APIPromise<T>;
}

export function createCore({ clientId, clientSecret, baseUrl, settings }: ResolvedConfig): Core {
  // No fetch here: every attempt passes its own, bound to the attempt's abort signal (see request.ts).
  const api = createClient<paths>({ baseUrl });
  const basic = `Basic ${base64(`${clientId}:${clientSecret}`)}`;

  const fetchToken = async (): Promise<IssuedToken> => {
    const { data, response, requestId } = await execute<Partial<IssuedToken>>(settings, {
      method: 'POST',
      path: '/v1/oauth2/token',
      requestId: crypto.randomUUID(),
      retrySafe: true, // a token request pays nothing; repeating it is harmless
      send: (init) =>
        api.POST('/v1/oauth2/token', {
          ...init,
          // `as const`: a widened string breaks the inference that gives `data` its `parseAs: 'text'` type.
          body: { grant_type: 'client_credentials' as const },
          bodySerializer: (body) => new URLSearchParams(body).toString(),
          headers: { ...init.headers, Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' },
        }),
      toError: (init) => new AuthenticationError(init),
    });
    if (typeof data.access_token !== 'string' || typeof data.expires_in !== 'number') {
      throw new InvalidResponseError(response.status, 'token response lacks access_token or expires_in', { requestId });
    }
    return { access_token: data.access_token, expires_in: data.expires_in };
  };
  const auth = new TokenProvider(fetchToken);

  return {
    api,
    call: <T>(build: () => Omit<Call, 'auth'>, options?: RequestOptions) =>
      new APIPromise<T>(Promise.resolve().then(() => execute<T>(settings, { ...build(), auth }, options))),
  };
}

/** Base64 of the UTF-8 bytes, as Buffer would give; btoa alone takes Latin-1 only. Runs on every runtime. */
const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
