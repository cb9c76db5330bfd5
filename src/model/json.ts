// Small helpers for manifests as plain JSON data, shared by the model, defaulting and rendering.

/** A JSON map as a manifest holds it: any value under any key until a reader checks it. */
export interface JsonMap {
  [key: string]: unknown;
}

/**
 * An object of type T while it is being built field by field, in the order its JSON is to be
 * written: every field optional and writable, each typed as in T. Cast to T once complete.
 */
export type Draft<T> = { -readonly [K in keyof T]?: T[K] };

/** True for a map (an object that is not a list). */
export function isJsonMap(v: unknown): v is JsonMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `v` when it is a map (not a list or a scalar), else undefined. */
export function asMap(v: unknown): JsonMap | undefined {
  return isJsonMap(v) ? v : undefined;
}

/** `v` when it is a string, else undefined. */
export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `v` when it is a list, else an empty list. */
export function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/**
 * The value under `keys`, level by level (`at(o, 'spec', 'template')`), as `o?.spec?.template`
 * reads it: undefined where a level is not an object (a list's index is a key too).
 */
export function at(v: unknown, ...keys: string[]): unknown {
  let cur = v;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as JsonMap)[k];
  }
  return cur;
}

/** True for a plain object (`{}` or a parsed map), not an array, a class instance or a Date. */
export function isPlainObject(v: unknown): v is Record<string, any> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Sets `target[key] = value` as data. A key `__proto__` (a label key a manifest may hold) would
 * otherwise replace the map's prototype and vanish; it stays an own entry, as JSON.parse and
 * structuredClone keep it.
 */
export function setEntry(target: Record<string, any>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * A deep copy of JSON data: plain objects and arrays are copied, anything else is shared (and
 * must not be written to). Several times faster than `structuredClone` on manifests, which
 * matters at every synth (issue 3 performance budget). Recursive, one frame per level: only the
 * model calls it, on manifests ClusterModel has checked against MAX_NESTING_DEPTH (256 levels,
 * src/model/input.ts), far under the stack's end.
 */
export function cloneJson(v: any): any {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = cloneJson(v[i]);
    return out;
  }
  if (!isPlainObject(v)) return v;
  const out: Record<string, any> = {};
  for (const k of Object.keys(v)) setEntry(out, k, cloneJson(v[k]));
  return out;
}
