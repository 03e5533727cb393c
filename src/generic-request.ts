// `client.request`: any operation of the contract, typed by the generated `paths`, through the same
// request loop as the resource methods. A release that adds an operation makes it callable here.
import { randomUUID } from 'node:crypto';
import type { FetchOptions, FetchResponse } from 'openapi-fetch';
import type { paths } from '../generated/types.js';
import type { APIPromise } from './api-promise.js';
import type { Core } from './core.js';
import type { AttemptResult, Call } from './request.js';
import { idempotencyKey, type IdempotentRequestOptions } from './resources/payouts.js';

/** The contract's operations, but the token endpoint: the client calls it itself, with Basic credentials. */
export type OperationPaths = Omit<paths, '/v1/oauth2/token'>;

/** HTTP methods, as PayPal's documentation writes them. */
export type HttpMethod = Call['method'];

/** The operation object at `P` for `M`. */
type Operation<M extends HttpMethod, P extends PathsWithMethod<M>> = Extract<OperationPaths[P][Lowercase<M> & keyof OperationPaths[P]], object>;

/** The contract's literal paths that have an operation for `M`, such as `'/v1/payments/payouts/{id}'`. */
export type PathsWithMethod<M extends HttpMethod> = {
  [P in keyof OperationPaths]: OperationPaths[P] extends Record<Lowercase<M>, object> ? P : never;
}[keyof OperationPaths];

/** `params` (`path`, `query`, `header`) and `body`, shaped as openapi-fetch takes them. */
export type OperationInit<M extends HttpMethod, P extends PathsWithMethod<M>> = Pick<
  FetchOptions<Operation<M, P>>,
  'params' | 'body'
>;

/** The operation's 2xx body. */
export type OperationResponse<M extends HttpMethod, P extends PathsWithMethod<M>> = NonNullable<
  FetchResponse<Operation<M, P>, object, `${string}/${string}`>['data']
>;

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/** The init argument: required when the operation has a required parameter or body. */
export type RequestArgs<M extends HttpMethod, P extends PathsWithMethod<M>> =
  RequiredKeys<OperationInit<M, P>> extends never
    ? [init?: OperationInit<M, P> & IdempotentRequestOptions]
    : [init: OperationInit<M, P> & IdempotentRequestOptions];

/** What `requestOperation` reads of the typed init. */
export type GenericInit = IdempotentRequestOptions & { params?: { path?: Record<string, unknown>; header?: Record<string, unknown> }; body?: unknown };

/**
 * Sends one operation through `core`. A POST carries one PayPal-Request-Id (the caller's `requestId`
 * or header, else a new UUID), the same on every retry, so PayPal acts on it at most once.
 */
export function requestOperation<T>(core: Core, method: HttpMethod, path: string, init: GenericInit = {}): APIPromise<T> {
  const { params = {}, body, requestId: given, signal, timeoutMs } = init;
  return core.call<T>(() => {
    const header = { ...params.header };
    const isPost = method === 'POST';
    const requestId = isPost ? idempotencyKey({ requestId: given ?? (header['PayPal-Request-Id'] as string | undefined) }) : randomUUID();
    if (isPost) header['PayPal-Request-Id'] = requestId;
    // Typed at the public signature; inside, one untyped call serves every operation.
    const request = core.api.request as unknown as (method: string, url: string, init: object) => Promise<AttemptResult>;
    return {
      method,
      path: fillPath(path, params.path ?? {}),
      requestId,
      // PATCH is the one method PayPal does not promise to treat idempotently.
      retrySafe: method !== 'PATCH',
      send: (attempt) => request(method.toLowerCase(), path, { ...attempt, params: { ...params, header }, body }),
    };
  }, { signal, timeoutMs });
}

/** `/v1/payments/payouts/{id}` with `{ id: 'X' }` -> `/v1/payments/payouts/X`, for logs and errors. */
function fillPath(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{([^}]+)\}/g, (whole, name: string) =>
    name in values ? encodeURIComponent(String(values[name])) : whole,
  );
}
