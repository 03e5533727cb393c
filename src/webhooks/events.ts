// The event a verified delivery carries.
import { refuse } from './errors.js';

/** Any PayPal webhook event: the envelope PayPal puts around every resource. */
export interface WebhookEvent {
  /** The event's ID (`WH-…`): deduplicate on it. */
  id: string;
  event_type: string;
  event_version?: string;
  resource_version?: string;
  create_time?: string;
  resource_type?: string;
  summary?: string;
  resource?: unknown;
  links?: Array<{ href: string; rel: string; method?: string }>;
  [field: string]: unknown;
}

/** Parses a verified body; a body that is not a JSON event envelope is refused. */
export function parseEvent(text: string): WebhookEvent {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    throw refuse('body_not_json', `the body is not JSON (${text.length} characters)`);
  }
  const fields = event as Record<string, unknown> | null;
  if (typeof fields !== 'object' || fields === null || typeof fields.id !== 'string' || typeof fields.event_type !== 'string') {
    throw refuse('body_not_json', 'the body is not a webhook event: it lacks a string id and event_type');
  }
  return event as WebhookEvent;
}
