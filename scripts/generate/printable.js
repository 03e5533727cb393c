// The document's text shown at a terminal: a name, version or value of a hostile document could carry an
// escape sequence that rewrites the screen (or a line break that forges a line of the report).

/**
 * `line` on one line: control characters and Unicode line separators as \uXXXX.
 * @param {string} line
 */
export const printable = (line) => line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
