/**
 * Text from data shown on a terminal. Control codes (C0, DEL, C1 — ESC sequences clear the
 * screen, CR and erase-line hide earlier lines), bidi embeddings, overrides and isolates, and
 * zero-width characters are shown escaped (`\x1b`, `\r`, `\u202e`), never sent raw. Every CLI
 * printer goes through here: tables cell by cell, and all output line by line (runCli).
 */

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const UNSAFE_BUT_NEWLINE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const cp = ch.codePointAt(0)!;
  // C0 and DEL as \xHH; the rest as \uHHHH (also valid inside a JSON string)
  return cp < 0x20 || cp === 0x7f ? `\\x${cp.toString(16).padStart(2, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
}

/** One value from data (a cell, a name, a file name): every control and invisible character escaped, newlines too. */
export function termText(s: string): string {
  return s.replace(UNSAFE, escapeChar);
}

/** Whole lines of output: as termText, but line breaks kept. */
export function termLines(s: string): string {
  return s.replace(UNSAFE_BUT_NEWLINE, escapeChar);
}
