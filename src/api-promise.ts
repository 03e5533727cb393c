import type { APIResponse } from './request.js';

/**
 * The result of an API call. Await it for the data, or call `.withResponse()` for the data with the
 * HTTP response and the request ID (a replayed create answers 200 instead of 201, for example).
 */
export class APIPromise<T> implements PromiseLike<T> {
  readonly #result: Promise<APIResponse<T>>;

  constructor(result: Promise<APIResponse<T>>) {
    this.#result = result;
  }

  /** The data with its HTTP response and request ID. */
  withResponse(): Promise<APIResponse<T>> {
    return this.#result;
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // One promise, not two: `onrejected` still sees only the call's error, never what `onfulfilled` throws.
    return this.#result.then(typeof onfulfilled === 'function' ? (result) => onfulfilled(result.data) : (result) => result.data as unknown as R1, onrejected);
  }

  /** As `Promise.prototype.catch`: the call's result, or what `onrejected` makes of its error. */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onrejected);
  }

  /** As `Promise.prototype.finally`. */
  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  /** `'APIPromise'`, for `Object.prototype.toString`. */
  get [Symbol.toStringTag]() {
    return 'APIPromise';
  }
}
