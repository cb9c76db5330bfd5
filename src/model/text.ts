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
