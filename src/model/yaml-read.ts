// YAML read as kubectl's decoder reads it, within bounds (issues 13 and 17): sigs.k8s.io/yaml
// decodes YAML with go-yaml v2 into interface{} and converts the result to JSON. This module
// parses with the `yaml` package and turns each document into the JSON data kubectl would send,
// without recursion in the conversion and with go-yaml v2's alias bound:
// - the `yaml` composer recurses per level, so a document is measured on the parser's tokens
//   (iteratively) before it is composed, and one nested deeper than MAX_NESTING_DEPTH is refused;
// - aliases are bounded as go-yaml v2 bounds them (decode.go `unmarshal` and `allowedAliasRatio`,
//   quoted below), by replaying its count; the `yaml` package's own `maxAliasCount` weighs every
//   use of an anchor by the aliases inside it and refuses documents kubectl reads (60,000 aliases
//   to one small map), and its alias lookup scans the document for each alias (quadratic), so
//   aliases are resolved here in one pass instead;
// - duplicate keys are found with one set per map (the `yaml` package compares every key with
//   every other, which takes minutes for a 200,000-key ConfigMap); a key twice is an error, as
//   kubectl's strict field validation makes it;
// - `<<` merge keys follow go-yaml v2 decode.go `merge`; map keys become JSON strings as
//   sigs.k8s.io/yaml yaml.go `convertToJSONableObject` makes them (ints and floats as text,
//   `true`/`false`; a null, map or list key is refused); `!!binary` becomes the decoded text.
import {
  Alias, Composer, CST, Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Parser, Tags,
} from 'yaml';
import { MAX_NESTING_DEPTH } from './input';
import { setEntry } from './json';

/**
 * The YAML tags kubectl's decoder knows: sigs.k8s.io/yaml reads YAML with go-yaml v2 into
 * `interface{}`, which is YAML 1.1 (`yes`, `on`, `y` are booleans) with two exceptions the `yaml`
 * package's 1.1 schema does not make:
 * - a timestamp-like plain scalar (`2024-01-02`) stays a string: go-yaml v2 decode.go `scalar()`,
 *   "It looks like a timestamp but for backward compatibility reasons we set it as a string"
 *   when the target is an interface{};
 * - base-60 numbers (`12:30:00`) are strings: go-yaml v2's README, "base-60 floats from YAML 1.1
 *   are purposefully not supported".
 * So both tags are left out here, and such values reach the rules as the strings kubectl sends.
 */
function kubectlTags(tags: Tags): Tags {
  const kept = tags.filter((t) => {
    const tag = typeof t === 'string' ? t : t.tag;
    if (tag === 'tag:yaml.org,2002:timestamp') return false;
    return !(typeof t === 'object' && (t as { format?: string }).format === 'TIME');
  }).map((t) => {
    // Floats as go-yaml v2 resolve.go reads them: a scalar that starts with a sign or a digit,
    // its underscores removed, must match yamlStyleFloat, `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)
    // ([eE][-+]?[0-9]+)?$`; one that starts with a dot goes to strconv.ParseFloat as written (no
    // underscores). The 1.1 schema's own tests also take `e0`, `.` and `-.` (NaN), which go-yaml
    // keeps strings (resolveTable gives `e` no hint; ParseFloat(".") fails).
    if (typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:float' || !(t.test instanceof RegExp) || /inf|nan/.test(t.test.source)) return t;
    const exp = (t as { format?: string }).format === 'EXP';
    return { ...t, test: exp ? GO_FLOAT_EXP : GO_FLOAT } as typeof t;
  });
  return [GO_PREFIXED_INT, ...kept];
}

/** A go-yaml v2 float without an exponent (see kubectlTags): digits before or after the dot. */
const GO_FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|[-+][0-9_]*\.[0-9_]*[0-9][0-9_]*|\.[0-9]+)$/;
/** A go-yaml v2 float with an exponent (see kubectlTags). */
const GO_FLOAT_EXP = /^(?:(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?|[-+][0-9_]*\.[0-9_]*[0-9][0-9_]*)[eE][-+]?[0-9_]*[0-9][0-9_]*|\.[0-9]+[eE][-+]?[0-9]+)$/;

/**
 * Integers go-yaml v2 reads and the `yaml` package's 1.1 schema does not: resolve.go passes a
 * plain scalar (underscores removed) to Go's `strconv.ParseInt(plain, 0, 64)`, whose base-0
 * syntax also takes `0o17`, `0O17`, `0X1F` and `0B11` (the 1.1 schema knows only `0x`, `0b` and
 * `017`).
 */
const GO_PREFIXED_INT = {
  identify: (value: unknown) => typeof value === 'number' && Number.isInteger(value),
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test: /^[-+]?0(?:[oO][0-7_]+|[xX][0-9a-fA-F_]+|[bB][01_]+)$/,
  resolve: (str: string) => {
    const sign = str[0] === '-' ? -1 : 1;
    const body = str.replace(/^[-+]/, '').replace(/_/g, '');
    const radix = /^0[oO]/.test(body) ? 8 : /^0[xX]/.test(body) ? 16 : 2;
    return sign * parseInt(body.slice(2), radix);
  },
};

/**
 * Options to parse YAML as kubectl does (go-yaml v2, YAML 1.1; see `kubectlTags`). `uniqueKeys`
 * is off: `documentValue` finds duplicate keys in linear time.
 */
export const KUBECTL_YAML: { version: '1.1'; customTags: (tags: Tags) => Tags; uniqueKeys: false } = {
  version: '1.1', customTags: kubectlTags, uniqueKeys: false,
};

/** One document of a YAML stream. */
export interface ReadDocument {
  doc: Document.Parsed;
  /** Set when the document nests deeper than MAX_NESTING_DEPTH: it was not composed (`doc` is empty). */
  tooDeep?: { offset: number };
}

/**
 * The levels of maps and lists of a parser token, counted without recursion, stopping once past
 * `limit`.
 */
export function tokenDepth(token: CST.Token | undefined, limit: number = MAX_NESTING_DEPTH): number {
  if (!token) return 0;
  let max = 0;
  const stack: Array<[CST.Token, number]> = [[token, 0]];
  while (stack.length > 0) {
    const [t, depth] = stack.pop()!;
    if (t.type === 'document') {
      if (t.value) stack.push([t.value, depth]);
      continue;
    }
    if (t.type !== 'block-map' && t.type !== 'block-seq' && t.type !== 'flow-collection') continue;
    const d = depth + 1;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const item of t.items as CST.CollectionItem[]) {
      if (item.key) stack.push([item.key, d]);
      if (item.value) stack.push([item.value, d]);
    }
  }
  return max;
}

/**
 * The documents of a YAML (or JSON) text, parsed as `parseAllDocuments` does but one document at
 * a time, and with each document's depth measured on its tokens first: one nested deeper than
 * MAX_NESTING_DEPTH is marked `tooDeep` and left empty rather than composed (the composer would
 * overflow the stack). `json`: YAML 1.2, the JSON schema's reading. Reading stops once more than
 * `maxDocuments` documents are read (the result then holds `maxDocuments + 1`).
 */
export function readYamlDocuments(text: string, lineCounter: LineCounter, json: boolean = false, maxDocuments: number = Infinity): ReadDocument[] {
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer(json ? { version: '1.2', uniqueKeys: false } : KUBECTL_YAML);
  const out: ReadDocument[] = [];
  const deep: Array<{ offset: number } | undefined> = [];
  const take = (docs: Iterable<Document.Parsed>) => {
    for (const doc of docs) {
      const tooDeep = deep[out.length];
      out.push(tooDeep ? { doc, tooDeep } : { doc });
    }
  };
  for (const token of parser.parse(text)) {
    if (out.length > maxDocuments) return out; // the caller refuses the text: stop reading
    if (token.type === 'document') {
      if (tokenDepth(token) > MAX_NESTING_DEPTH) {
        deep.push({ offset: token.value?.offset ?? token.offset });
        // Composed without its content: an empty document stands in its place.
        take(composer.next({ ...token, value: undefined }));
        continue;
      }
      deep.push(undefined);
    }
    take(composer.next(token));
  }
  take(composer.end());
  return out;
}

// go-yaml v2 decode.go, quoted: "400,000 decode operations is ~500kb of dense object declarations,
// or ~5kb of dense object declarations with 10000% alias expansion" (alias_ratio_range_low);
// "4,000,000 decode operations is ~5MB of dense object declarations, or ~4.5MB of dense object
// declarations with 10% alias expansion" (alias_ratio_range_high).
const ALIAS_RATIO_RANGE_LOW = 400_000;
const ALIAS_RATIO_RANGE_HIGH = 4_000_000;

/** go-yaml v2 decode.go `allowedAliasRatio`: 99 % of decodes may come from aliases up to 400,000 decodes, falling to 10 % at 4,000,000. */
export function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_RANGE_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_RANGE_HIGH) return 0.10;
  return 0.99 - 0.89 * ((decodeCount - ALIAS_RATIO_RANGE_LOW) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW));
}

/** A document kubectl's decoder refuses, or that cannot be JSON; `offset` is where, when known. */
export interface DocumentProblem {
  offset?: number;
  /** One line: what is wrong and what to do. */
  message: string;
}

type YNode = any;

function isMergeKey(key: YNode): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  return (typeof v === 'symbol' && v.description === '<<') || (v === '<<' && key.type === 'PLAIN');
}

function offsetOf(node: YNode): number | undefined {
  return Array.isArray(node?.range) ? node.range[0] : undefined;
}

class Refusal extends Error {
  constructor(public readonly problem: DocumentProblem) {
    super(problem.message);
  }
}

/**
 * Every alias of the document with the node it names: the latest anchor of that name before it,
 * in document order (go-yaml v2 `parser.anchor`/`alias`). One pass, no recursion.
 */
function resolveAliases(root: YNode): Map<Alias, YNode> {
  const anchors = new Map<string, YNode>();
  const targets = new Map<Alias, YNode>();
  const stack: YNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null || n === undefined) continue;
    if (isPair(n)) {
      stack.push(n.value, n.key); // key first
      continue;
    }
    if (isAlias(n)) {
      const target = anchors.get(n.source);
      if (target === undefined) throw new Refusal({ offset: offsetOf(n), message: `unknown anchor '${n.source}' referenced: define \`&${n.source}\` before \`*${n.source}\`` });
      targets.set(n, target);
      continue;
    }
    if (typeof n.anchor === 'string' && n.anchor !== '') anchors.set(n.anchor, n);
    if (isMap(n) || isSeq(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
  }
  return targets;
}

/**
 * go-yaml v2's alias accounting, replayed: decode.go `unmarshal` counts every node it decodes
 * (`decodeCount`) and every node decoded inside an alias (`aliasCount`), and fails with "document
 * contains excessive aliasing" as soon as `aliasCount > 100 && decodeCount > 1000 &&
 * aliasCount/decodeCount > allowedAliasRatio(decodeCount)`. The replay expands aliases as the
 * decoder does, so it stops where the decoder stops: its cost is bounded by the ratio (at most
 * about 400,000 alias-driven decodes), never by what an alias bomb expands to. An alias inside the
 * node it names is refused as decode.go `alias` refuses it ("anchor 'x' value contains itself").
 */
function checkAliases(root: YNode, targets: Map<Alias, YNode>): void {
  if (targets.size === 0) return;
  let decodeCount = 0;
  let aliasCount = 0;
  let aliasDepth = 0;
  const active = new Set<Alias>();
  // A stack of nodes to decode, and markers that end an alias' expansion.
  type Step = { node: YNode; merge?: boolean } | { end: Alias };
  const stack: Step[] = [{ node: root }];
  const count = (at: YNode) => {
    decodeCount++;
    if (aliasDepth > 0) aliasCount++;
    if (aliasCount > 100 && decodeCount > 1000 && aliasCount / decodeCount > allowedAliasRatio(decodeCount)) {
      throw new Refusal({
        offset: offsetOf(at),
        message: `the document contains excessive aliasing (${aliasCount.toLocaleString('en-US')} of the first ${decodeCount.toLocaleString('en-US')} values come from YAML aliases, *name), `
          + 'as an alias bomb does; kubectl\'s decoder refuses it (go-yaml v2 decode.go allowedAliasRatio): write the values out, or use fewer aliases',
      });
    }
  };
  while (stack.length > 0) {
    const step = stack.pop()!;
    if ('end' in step) {
      active.delete(step.end);
      aliasDepth--;
      continue;
    }
    const n = step.node;
    if (step.merge && isSeq(n)) {
      // decode.go `merge`: a sequence of maps is not decoded itself, its items are (last first).
      for (const item of n.items) stack.push({ node: item });
      continue;
    }
    count(n);
    if (n === null || n === undefined || isScalar(n)) continue;
    if (isAlias(n)) {
      if (active.has(n)) throw new Refusal({ offset: offsetOf(n), message: `anchor '${n.source}' value contains itself (kubectl's decoder refuses it): an alias cannot stand inside the node it names` });
      active.add(n);
      aliasDepth++;
      stack.push({ end: n }, { node: targets.get(n) });
      continue;
    }
    if (isMap(n)) {
      for (let i = n.items.length - 1; i >= 0; i--) {
        const pair: YNode = n.items[i];
        if (isMergeKey(pair.key)) {
          stack.push({ node: pair.value, merge: true });
        } else {
          stack.push({ node: pair.value }, { node: pair.key });
        }
      }
      continue;
    }
    if (isSeq(n)) {
      for (let i = n.items.length - 1; i >= 0; i--) {
        const item = n.items[i];
        // A pair in a sequence (`[a: 1]`, `!!omap`) is a one-entry map for go-yaml.
        if (isPair(item)) {
          decodeCount++;
          stack.push({ node: item.value }, { node: item.key });
        } else {
          stack.push({ node: item });
        }
      }
    }
  }
}

/** A scalar's value as JSON data (`!!binary` as its decoded text, as go-yaml v2 decodes it). */
function scalarValue(node: YNode): unknown {
  const v = node.value;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (typeof v === 'symbol') return v.description;
  return v === undefined ? null : v;
}

/** The JSON key of a map key, as sigs.k8s.io/yaml `convertToJSONableObject` writes it; a Refusal for null, map or list keys. */
function keyText(key: YNode, targets: Map<Alias, YNode>): string {
  const k = isAlias(key) ? targets.get(key) : key;
  if (k === null || k === undefined) throw new Refusal({ offset: offsetOf(key), message: 'a map key is empty (null), which kubectl cannot turn into JSON ("Unsupported map key"): write the key' });
  if (!isScalar(k)) throw new Refusal({ offset: offsetOf(key), message: 'a map key is a map or a list, which kubectl refuses ("invalid map key"): write the key as a string' });
  const v = scalarValue(k);
  if (v === null) throw new Refusal({ offset: offsetOf(key), message: 'a map key is null (`~` or `null`), which kubectl cannot turn into JSON ("Unsupported map key"): quote it, e.g. "null"' });
  if (typeof v === 'number') {
    if (v === Infinity) return '.inf';
    if (v === -Infinity) return '-.inf';
    if (Number.isNaN(v)) return '.nan';
  }
  return String(v);
}

/**
 * The JSON data of a composed document as kubectl's decoder makes it, or the problem that stops
 * it (go-yaml v2's alias bound, an alias in its own anchor, an unknown anchor, a duplicate key, a
 * key JSON cannot hold, a `<<` merge of something that is not a map). An alias is one shared
 * object in the result (never copied here). No recursion except one level per nested inline `<<`
 * map, which the document's depth bounds.
 */
export function documentValue(doc: Document.Parsed): { value: unknown } | { problem: DocumentProblem } {
  try {
    const targets = resolveAliases(doc.contents);
    checkAliases(doc.contents, targets);
    return { value: convert(doc.contents, targets, new Map()) };
  } catch (err) {
    if (err instanceof Refusal) return { problem: err.problem };
    throw err;
  }
}

function convert(root: YNode, targets: Map<Alias, YNode>, done: Map<YNode, unknown>): unknown {
  // A collection is made empty when first met and filled by its frame; an alias gets the value
  // its node already has (the anchor comes first in the document, so it is complete).
  type Frame = { node: YNode; out: any; i: number; explicit?: Set<string> };
  const stack: Frame[] = [];
  const valueOf = (n: YNode): unknown => {
    if (n === null || n === undefined) return null;
    if (isAlias(n)) {
      const t = targets.get(n);
      return done.has(t) ? done.get(t) : valueOf(t); // a scalar anchor is not memoized
    }
    if (isScalar(n)) return scalarValue(n);
    if (done.has(n)) return done.get(n);
    const out = isMap(n) ? {} : [];
    done.set(n, out);
    stack.push(isMap(n) ? { node: n, out, i: 0, explicit: new Set() } : { node: n, out, i: 0 });
    return out;
  };
  const result = valueOf(root);
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    const items = f.node.items;
    if (f.i >= items.length) {
      stack.pop();
      continue;
    }
    const item = items[f.i++];
    if (isSeq(f.node)) {
      if (isPair(item)) {
        const entry: Record<string, unknown> = {};
        setEntry(entry, keyText(item.key, targets), valueOf(item.value));
        f.out.push(entry);
      } else {
        f.out.push(valueOf(item));
      }
      continue;
    }
    // A map entry.
    if (isMergeKey(item.key)) {
      mergeInto(f.out, item.value, targets, done);
      continue;
    }
    const key = keyText(item.key, targets);
    if (f.explicit!.has(key)) {
      throw new Refusal({ offset: offsetOf(item.key), message: `Map keys must be unique: "${key.length > 60 ? `${key.slice(0, 57)}...` : key}" is set twice` });
    }
    f.explicit!.add(key);
    setEntry(f.out, key, valueOf(item.value));
  }
  return result;
}

/** decode.go `merge`: a map, an alias to a map, or a list of those (earlier ones win); anything else is refused. */
function mergeInto(out: Record<string, unknown>, value: YNode, targets: Map<Alias, YNode>, done: Map<YNode, unknown>): void {
  const wantMap = () => new Refusal({ offset: offsetOf(value), message: 'map merge requires map or sequence of maps as the value (`<<: *name` where &name is a map)' });
  const mapOf = (n: YNode): YNode => {
    const m = isAlias(n) ? targets.get(n) : n;
    if (!isMap(m)) throw wantMap();
    return m;
  };
  const sources = isSeq(value) ? [...value.items].reverse().map(mapOf) : [mapOf(value)];
  for (const m of sources) {
    const data = convert(m, targets, done) as Record<string, unknown>;
    for (const k of Object.keys(data)) setEntry(out, k, data[k]);
  }
}
