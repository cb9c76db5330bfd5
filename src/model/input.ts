// The limits every manifest passes before the model, the rules, the simulation or the harness
// read it (issue 13): manifests are untrusted input (a file from anywhere, `helm template` output,
// objects built in code), and a value nested 5,000 levels deep, a structure that refers to itself
// or a few shared objects that expand to millions of values would otherwise end in a stack
// overflow or an out-of-memory abort deep inside a recursive copy. docs/limits.md lists them all.
//
// Kubernetes' own decoders stop at 10,000 levels (Go's encoding/json and sigs.k8s.io/json
// scanner.go `maxNestingDepth`; go-yaml v3's scanner `max_flow_level`). The JavaScript parsers
// and copies here recurse once or several times per level, on a stack that ends near 900 levels
// of YAML, so the limit is lower: far above any real manifest (a CRD's openAPIV3Schema, the
// deepest common object, stays under 60 levels) and far enough under the stack's end.

import { asText } from './text';

/**
 * The largest manifest file (or standard input) read, in bytes. The API server refuses a request
 * body over 3 MiB (k8s.io/apiserver server/config.go `MaxRequestBodyBytes`), so a file this large
 * holds many objects: 16 MiB is 44,000 Deployment+Service pairs, which `verify` reads, checks and
 * simulates in about 20 s and 1.4 GB of memory (measured), so the limits keep a run under 3 GB.
 */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** The most bytes read over all the files of one `verify` or `harness` run. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/** The most YAML documents (`---`) one file may hold (an app of 25,000 Deployment+Service pairs is 50,000). */
export const MAX_DOCUMENTS = 100_000;

/** The most levels of maps and lists a manifest may nest (the object itself is level 1). */
export const MAX_NESTING_DEPTH = 256;

/**
 * The most values (maps, lists and scalars, a shared object counted as often as it is used) one
 * manifest may expand to. A shared object is what a YAML alias (`*name`) becomes; every copy of
 * the manifest (the model's defaulting, JSON for the harness) writes it out again.
 */
export const MAX_EXPANDED_VALUES = 2_000_000;

/** A manifest that cannot be read at all, with what is wrong, where and what to do. */
export class ManifestInputError extends Error {
  /** A stable code for callers that tell input errors from bugs. */
  public readonly code = 'EMANIFESTINPUT';
  constructor(message: string) {
    super(message);
    this.name = 'ManifestInputError';
  }
}

/** What `inspectValue` found wrong, with the path (`spec.template.spec`) it was found at. */
export interface ValueProblem {
  /** The field path of the value, as findings name fields (`a.b[0].c`); empty for the top. */
  path: string;
  /** One line: what is wrong and what to do. */
  message: string;
}

/** A map or list being walked: its keys, the next child, its expanded size so far, its level from the top, the levels it holds. */
type Frame = { o: object; keys: string[] | undefined; n: number; i: number; sum: number; depth: number; height: number; key: string };

const isIdentifier = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function pathOf(stack: Frame[], last?: string, lastIsIndex?: boolean): string {
  let out = '';
  const add = (key: string, index: boolean) => {
    if (index) out += `[${key}]`;
    else if (isIdentifier.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${key}]`;
  };
  for (let i = 1; i < stack.length; i++) add(stack[i].key, Array.isArray(stack[i - 1].o));
  if (last !== undefined) add(last, !!lastIsIndex);
  return out;
}

/**
 * Checks that `value` is data a Kubernetes object can be made of, without recursion: at most
 * `MAX_NESTING_DEPTH` levels, at most `MAX_EXPANDED_VALUES` values when shared objects are counted
 * as often as they are used, no object that contains itself (a cycle), and only JSON values
 * (no bigint, symbol or function, which JSON cannot write). Each distinct object is walked once,
 * so the cost is linear in the distinct objects, not in what they expand to.
 * Returns undefined when the value passes.
 */
export function inspectValue(value: unknown, limits: { depth?: number; values?: number } = {}): ValueProblem | undefined {
  const maxDepth = limits.depth ?? MAX_NESTING_DEPTH;
  const maxValues = limits.values ?? MAX_EXPANDED_VALUES;
  const bad = badScalar(value);
  if (bad) return { path: '', message: bad };
  if (value === null || typeof value !== 'object') return undefined;
  if (withinLimits(value, maxDepth, maxValues)) return undefined;
  // Something is wrong: walk again, keeping what says what and where.
  // Per distinct object: its expanded size and its own depth (levels below and including it).
  const done = new Map<object, { size: number; depth: number }>();
  const open = new Set<object>();
  const frame = (o: object, depth: number, key: string): Frame => {
    const keys = Array.isArray(o) ? undefined : Object.keys(o);
    return { o, keys, n: keys ? keys.length : (o as unknown[]).length, i: 0, sum: 1, depth, height: 1, key };
  };
  const stack: Frame[] = [frame(value, 1, '')];
  open.add(value);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.sum > maxValues) {
      return {
        path: pathOf(stack),
        message: `expands to more than ${maxValues.toLocaleString('en-US')} values (shared objects, such as YAML aliases, counted each time they are used); `
          + 'no Kubernetes object is this large (the API server refuses a request body over 3 MiB): split it, or write fewer aliases',
      };
    }
    if (top.i < top.n) {
      const i = top.i++;
      const key = top.keys ? top.keys[i] : String(i);
      const child = top.keys ? (top.o as Record<string, unknown>)[key] : (top.o as unknown[])[i];
      const problem = badScalar(child);
      if (problem) return { path: pathOf(stack, key, !top.keys), message: problem };
      if (child === null || typeof child !== 'object') {
        top.sum += 1;
        continue;
      }
      const known = done.get(child);
      if (known) {
        top.sum += known.size;
        if (top.depth + known.depth > maxDepth) return { path: pathOf(stack, key, !top.keys), message: tooDeep(maxDepth) };
        top.height = Math.max(top.height, known.depth + 1);
        continue;
      }
      if (open.has(child)) {
        return {
          path: pathOf(stack, key, !top.keys),
          message: 'contains itself (the value refers back to an object it is part of): JSON and YAML cannot write it, and kubectl refuses such a YAML alias ("anchor value contains itself")',
        };
      }
      if (top.depth + 1 > maxDepth) return { path: pathOf(stack, key, !top.keys), message: tooDeep(maxDepth) };
      const f = frame(child, top.depth + 1, key);
      open.add(child);
      stack.push(f);
      continue;
    }
    stack.pop();
    open.delete(top.o);
    done.set(top.o, { size: top.sum, depth: top.height });
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.sum += top.sum;
      parent.height = Math.max(parent.height, top.height + 1);
    }
  }
  return undefined;
}

/**
 * The common case, fast (it runs for every object at every synth): a plain walk without memory
 * of shared objects, which counts a shared object each time it is used, as the limit does, and
 * stops past `maxValues` (so a cycle ends it too).
 */
function withinLimits(value: object, maxDepth: number, maxValues: number): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [1];
  let count = 0;
  while (values.length > 0) {
    const v = values.pop();
    const d = depths.pop()!;
    if (++count > maxValues) return false;
    if (v === null || typeof v !== 'object') {
      if (badScalar(v)) return false;
      continue;
    }
    if (d > maxDepth) return false;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        values.push(v[i]);
        depths.push(d + 1);
      }
    } else {
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        values.push((v as Record<string, unknown>)[k]);
        depths.push(d + 1);
      }
    }
  }
  return true;
}

function tooDeep(max: number): string {
  return `nests more than ${max} levels of maps and lists; no Kubernetes object is this deep (a CRD schema stays under 60): flatten it`;
}

function badScalar(v: unknown): string | undefined {
  switch (typeof v) {
    case 'bigint': return 'is a bigint, which JSON cannot write: use a number or a string';
    case 'symbol': return 'is a symbol, which JSON cannot write: use a string';
    case 'function': return 'is a function, which JSON cannot write: use plain data (call the function first)';
    default: return undefined;
  }
}

/** `inspectValue`'s problem as one line naming the manifest: `object 3 (Service web): spec.x nests more than ...`. */
export function describeProblem(what: string, problem: ValueProblem): string {
  // A path 256 levels deep is no help in full: its start and its end say where.
  const p = problem.path.length > 100 ? `${problem.path.slice(0, 60)}...${problem.path.slice(-30)}` : problem.path;
  return `${what}${p ? ` at ${p}` : ''} ${problem.message}`;
}

/**
 * Why no API server can decode `o` as an object at all, whatever its kind: `metadata` that is not
 * a map (a string, a number, a list) cannot become an ObjectMeta (400 BadRequest "cannot
 * unmarshal ... into Go struct field .metadata of type v1.ObjectMeta"). Undefined when it can.
 * Rule T1 reports this for Services; whatever copies manifests to apply them (the harness) must
 * refuse such an object before it reads `metadata.namespace`.
 */
export function metadataProblem(o: unknown): string | undefined {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const md = (o as { metadata?: unknown }).metadata;
  if (md === undefined || md === null) return undefined;
  if (typeof md === 'object' && !Array.isArray(md)) {
    // ObjectMeta.name and .namespace are strings: anything else (a number, a map, a map whose
    // toString is not a function) fails to decode, and must never reach String() or a template.
    const field = (['name', 'namespace'] as const).find((k) => {
      const v = (md as Record<string, unknown>)[k];
      return v !== undefined && v !== null && typeof v !== 'string';
    });
    if (field === undefined) return undefined;
    const v = (md as Record<string, unknown>)[field];
    const shown = Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a map' : `${typeof v} ${asText(v)}`;
    return `metadata.${field} is ${shown}, not a string: the API server cannot decode the object (400 BadRequest, ObjectMeta.${field} is a string); `
      + `write e.g. \`${field}: ${field === 'name' ? 'web' : 'shop'}\``;
  }
  const shown = typeof md === 'string' ? JSON.stringify(md.length > 40 ? `${md.slice(0, 37)}...` : md) : Array.isArray(md) ? 'a list' : String(md);
  return `metadata is ${shown}, not a map: the API server cannot decode the object (400 BadRequest, metadata must be an ObjectMeta); write \`metadata: { name: ... }\``;
}
