/**
 * A manifest value as text. `String(v)` throws on objects whose `toString` is not a function
 * (valid YAML: `name: { toString: 1 }`), and a user's bad input must never crash a check:
 * the API server rejects such a value at decode time, and our rules report it.
 */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  try {
    return String(v);
  } catch {
    try {
      return JSON.stringify(v) ?? '';
    } catch {
      return Object.prototype.toString.call(v);
    }
  }
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** The candidates a mistyped `name` may have meant: two edits away at most, or extending it. */
export function closeMatches(name: string, candidates: string[]): string[] {
  return candidates.filter((k) => editDistance(k, name) <= 2 || (name.length >= 3 && k.startsWith(name)));
}

/** Bidi, format and C1 control characters: shown as \u escapes wherever input is printed. */
const FORMAT_CHARS = '\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\ufeff\\ufff9-\\ufffb';
/** Those and C0 controls but the newline (`escapeControls`). */
const UNPRINTABLE = new RegExp(`[\\u0000-\\u0009\\u000b-\\u001f${FORMAT_CHARS}]`, 'g');
/** Those and every C0 control, the newline too (`printable`: one line). */
const UNPRINTABLE_ONE_LINE = new RegExp(`[\\u0000-\\u001f${FORMAT_CHARS}]`, 'g');
const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with control, bidi and format characters (newlines kept) as \u escapes, for a terminal. */
export function escapeControls(text: string): string {
  return text.replace(UNPRINTABLE, unicodeEscape);
}

/** `s` printable on a terminal and in Markdown: control, bidi and format characters as \u escapes, at most 120 characters. */
export function printable(s: unknown): string {
  const text = typeof s === 'string' ? s : JSON.stringify(s) ?? String(s);
  const escaped = text.replace(UNPRINTABLE_ONE_LINE, unicodeEscape);
  return escaped.length > 120 ? `${escaped.slice(0, 117)}...` : escaped;
}
