// Text from a payout file shown at a terminal: control characters (an escape sequence in a note
// could recolour or rewrite the screen) are shown as \xNN instead of acting.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `text` with control characters other than line feed and tab escaped. */
export const printable = (text: string) => text.replace(CONTROL, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
