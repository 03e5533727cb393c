// What the client copies from an answer into an error: credentials redacted, text made safe to log,
// nesting and length bounded. A gateway page can echo the request (with its Authorization header), and
// server text can hold CR/LF that would forge log lines.

const REDACTED = '[REDACTED]';
/** An echoed `Authorization: Basic …` or `Bearer …` value. */
const AUTH_VALUE = /\b(Basic|Bearer)(\s+|%20|\+)[A-Za-z0-9._~+/=%-]+/gi;
/** Control characters, line and paragraph separators, and bidi overrides: none belongs in a log line. */
const UNSAFE_CHARACTERS = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]+/gu;
/** Longest piece of server text copied into a message. */
const MAX_TEXT = 300;
/** Deepest nesting of a body kept on an error; deeper values are cut. */
const MAX_DEPTH = 16;

/** `text` with every credential replaced: echoed Basic/Bearer values and each of `secrets`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let result = text.replace(AUTH_VALUE, `$1 ${REDACTED}`);
  for (const secret of secrets) if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  return result;
}

/** Server text fit for a one-line message: redacted, no control characters, at most `max` characters. */
export function sanitize(text: string, max = MAX_TEXT): string {
  const clean = redact(text).replace(UNSAFE_CHARACTERS, ' ');
  return clean.length > max ? `${clean.slice(0, max)}… (${clean.length - max} more characters)` : clean;
}

/** A copy of a parsed body with every string redacted and nesting cut at a safe depth. */
export function redactValue(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[nested too deeply]';
  if (Array.isArray(value)) return value.map((entry) => redactValue(entry, secrets, depth + 1));
  // fromEntries defines properties, so a `__proto__` key stays data instead of setting the prototype.
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, redactValue(entry, secrets, depth + 1)]));
}

/** The userinfo of a URL-like text, hidden: `https://user:pass@host` -> `https://***@host`. */
export const hideUserinfo = (text: string) => text.replace(/\/\/[^/?#@]*@/, '//***@');
