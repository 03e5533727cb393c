// `client.request`: any operation of the contract, typed by the generated `paths`, through the same
// request loop as the resource methods. A release that adds an operation makes it callable here.
import type { FetchOptions, FetchResponse } from 'openapi-fetch';
import type { paths } from '../generated/types.js';
import { requestValidators } from '../generated/validators.js';
import type { APIPromise } from './api-promise.js';
import type { Core } from './core.js';
import type { AttemptInit, AttemptResult, Call } from './request.js';
import { idempotencyKey, type IdempotentRequestOptions } from './resources/payouts.js';
import { isRetrySafe } from './retry-safe.js';
import { ValidationError } from './errors.js';
import { IssueReport } from './issue-report.js';
import { assertPathSegment, CreatePayoutReport, type Check } from './validation.js';

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

type Params = { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };

/** What `requestOperation` reads of the typed init. */
export type GenericInit = IdempotentRequestOptions & { params?: Params; body?: unknown };

/** A part's compiled check. */
type Validators = Partial<Record<keyof Params | 'body', Check>>;

/**
 * Sends one operation through `core`. Its parameters and body are checked first against the
 * operation's generated validators (a ValidationError naming each field, nothing sent). A POST
 * carries one PayPal-Request-Id (the caller's `requestId` or header, else a new UUID), the same on
 * every retry, so PayPal acts on it at most once.
 */
export function requestOperation<T>(core: Core, method: HttpMethod, path: string, init: GenericInit = {}): APIPromise<T> {
  const { params = {}, body, requestId: given, signal, timeoutMs } = init;
  return core.call<T>(() => {
    // First, before the token or anything else: the path and method come from the caller.
    const validators = contractOperation(method, path);
    const header = { ...params.header };
    const isPost = method === 'POST';
    const requestId = isPost ? idempotencyKey({ requestId: given ?? (header['PayPal-Request-Id'] as string | undefined) }) : globalThis.crypto.randomUUID();
    if (isPost) header['PayPal-Request-Id'] = requestId;
    const operation = `${method} ${path}`;
    assertValidInput(validators, { ...params, header }, body, operation === CREATE);
    // Typed at the public signature; inside, one untyped call serves every operation.
    const request = core.api.request as unknown as (method: string, url: string, init: object) => Promise<AttemptResult>;
    const spec = {
      method,
      path: fillPath(path, params.path ?? {}),
      requestId,
      retrySafe: isRetrySafe(method, path),
      // For a core that serialises the body once at call time (issue 8); `send` passes it too, so
      // openapi-fetch has a body to hand its serializer.
      body,
      send: (attempt: AttemptInit) => request(method.toLowerCase(), path, { ...attempt, params: { ...params, header }, body }),
    };
    return spec;
  }, { signal, timeoutMs });
}

const TOKEN_PATH = '/v1/oauth2/token' satisfies keyof paths;

/**
 * The operation's validators. A path that is not one of the contract's templates with this method (plain
 * JavaScript or a cast can pass any string) is a ValidationError: the URL is only ever baseUrl + a
 * template, so no path such as `':8080/x'` or `'.evil.test/x'` can carry the token to another host or port.
 */
function contractOperation(method: string, path: string): Validators {
  const operations = requestValidators as Record<string, Validators>;
  const operation = `${method} ${path}`;
  if (path === TOKEN_PATH || !Object.hasOwn(operations, operation)) {
    const isTemplate = path !== TOKEN_PATH && Object.keys(operations).some((key) => key.endsWith(` ${path}`));
    const issue = isTemplate
      ? { path: 'method', message: `${JSON.stringify(method)} is not a method of ${path} in the contract` }
      : { path: 'path', message: `${JSON.stringify(path)} is not an operation path of the contract${path === TOKEN_PATH ? ' (the client calls the token endpoint itself)' : ''}` };
    throw new ValidationError([issue]);
  }
  return operations[operation] ?? {};
}

/** The operation whose body gets the rules beyond the contract that `payouts.create` applies, so both ways of calling refuse the same bodies. */
const CREATE = 'POST /v1/payments/payouts';

/**
 * Checks `params` and `body` against the operation's validators, reporting paths such as
 * `params.path.id`; then, when they pass, the create rules (`create`), with paths such as `body.items[0].receiver`.
 */
function assertValidInput(validators: Validators, params: Params, body: unknown, create: boolean) {
  const report = create ? new CreatePayoutReport() : new IssueReport();
  const check = (validator: Check | undefined, value: unknown, key: string) => validator?.(value, report, key);
  report.path.push('params');
  for (const part of ['path', 'query', 'header'] as const) check(validators[part], params[part] ?? {}, part);
  report.path.pop();
  check(validators.body, body, 'body');
  if (report.issues.length > 0) throw new ValidationError(report.issues);
  const rules = report instanceof CreatePayoutReport ? report.ruleIssues(body) : [];
  if (rules.length > 0) throw new ValidationError(rules.map((issue) => ({ ...issue, path: `body.${issue.path}` })));
}

/**
 * `/v1/payments/payouts/{id}` with `{ id: 'X' }` -> `/v1/payments/payouts/X`, for logs and errors.
 */
function fillPath(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    if (!(name in values)) return whole;
    const value = String(values[name]);
    assertPathSegment(`params.path.${name}`, value);
    return encodeURIComponent(value);
  });
}
