/**
 * Characters that change what a terminal, a log viewer or an editor shows rather than showing
 * themselves: C0 and C1 controls (escape sequences, carriage returns, newlines that forge a line),
 * DEL, the Unicode line and paragraph separators, the bidirectional controls that reorder text
 * ("Trojan Source", CVE-2021-42574), and U+FEFF, the byte order mark, which shows as nothing at all.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unprintable = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

function escaped(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Text from input made safe to echo in a message, a log line or a table: every character above
 * is written as its `\uXXXX` escape, so a hostile value can neither move the cursor nor forge a
 * line of output. Everything else is kept as it is.
 */
export function printable(text: string): string {
  return text.replace(unprintable, escaped);
}
