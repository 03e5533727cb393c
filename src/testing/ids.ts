// The identifiers and timestamps PayPal's answers carry.
import { randomBytes } from 'node:crypto';

/** A PayPal-style debug ID, 13 lowercase hex characters. */
export const debugId = () => randomBytes(7).toString('hex').slice(0, 13);

/** A PayPal-style resource ID: 13 upper-case letters and digits. */
export const resourceId = () => randomBytes(16).toString('hex').toUpperCase().slice(0, 13);

/** A time as PayPal writes it: RFC 3339 in UTC, whole seconds (`2026-11-21T14:07:14Z`). */
export const paypalTime = (date = new Date()) => date.toISOString().replace(/\.\d+Z$/, 'Z');
