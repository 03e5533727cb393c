// PayPal's error answers, in the contract's error shape: { name, message, debug_id, details?, links? }.
import type { components } from '../../generated/types.js';
import { debugId } from './ids.js';

type ErrorDetail = components['schemas']['error_details'];

export interface PayPalErrorAnswer {
  status: number;
  body: { name: string; message: string; debug_id: string; information_link: string; details?: ErrorDetail[] };
  headers?: Record<string, string>;
}

const INFORMATION_LINK = 'https://developer.paypal.com/docs/api/payments.payouts-batch/v1/#errors';

export function paypalError(status: number, name: string, message: string, details?: ErrorDetail[]): PayPalErrorAnswer {
  return { status, body: { name, message, debug_id: debugId(), information_link: INFORMATION_LINK, ...(details && { details }) } };
}

export const notFound = () => paypalError(404, 'INVALID_RESOURCE_ID', 'Requested resource ID was not found.');

export const unauthorized = () =>
  paypalError(401, 'AUTHENTICATION_FAILURE', 'Authentication failed due to invalid authentication credentials or a missing Authorization header.');

export const internalError = (status = 500) => paypalError(status, 'INTERNAL_SERVER_ERROR', 'An internal server error occurred.');

/** 429 as PayPal sends it; `Retry-After` only when asked (PayPal does not always send one). */
export function rateLimited(retryAfterSeconds?: number): PayPalErrorAnswer {
  const error = paypalError(429, 'RATE_LIMIT_REACHED', 'Too many requests. Blocked due to rate limiting.');
  return retryAfterSeconds === undefined ? error : { ...error, headers: { 'retry-after': String(retryAfterSeconds) } };
}
