// HTML built by a tagged template that escapes every value, so text from a payout file or from
// PayPal can never become markup. By hand: a few lines, where a template engine would be a dependency.

/** Markup that is already safe: the result of `html` or `raw`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Value = Html | string | number | boolean | undefined | null | Value[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);

function render(value: Value): string {
  if (value === undefined || value === null || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return value instanceof Html ? value.text : escapeHtml(String(value));
}

/** `html\`<td>${receiver}</td>\``: values are escaped, nested `html` and arrays of it are kept. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  return new Html(strings.reduce((out, string, i) => out + string + (i < values.length ? render(values[i]!) : ''), ''));
}

/** Marks trusted markup (our own constants) as safe. */
export const raw = (text: string) => new Html(text);
