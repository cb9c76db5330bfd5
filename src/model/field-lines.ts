// The line of a field inside a manifest read from a file, so a finding can point at
// `spec.ports[1].targetPort` rather than at the object's first line.
//
// The loader (load.ts) records, for each object it returns, the text it came from, its document
// and the offset where the object starts: a small entry per object, with the text shared by every
// object of the file. The text is parsed again only when a finding asks for a line, and then kept
// with the text for the next finding (a parsed YAML tree is about twenty times the size of the
// objects, so a file without findings keeps none). Objects that were not read from a file (a
// synthesized app, objects built in code) have no entry.
import { Document, isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, Pair, YAMLMap } from 'yaml';
import { readYamlDocuments } from './yaml-read';

/** One text the loader read, parsed again on the first question about it. */
export class SourceText {
  private parsed?: { docs: Document.Parsed[]; lines: LineCounter };

  /** `json`: parsed as JSON (YAML 1.2) rather than as Kubernetes YAML (YAML 1.1). */
  constructor(private readonly text: string, private readonly json: boolean) {}

  /** The documents and line counter, parsed as the loader parsed them. @internal */
  public _parse(): { docs: Document.Parsed[]; lines: LineCounter } {
    if (!this.parsed) {
      const lines = new LineCounter();
      // As the loader read it, with the same bound on depth (a document too deep is empty here).
      const docs = readYamlDocuments(this.text, lines, this.json).map((d) => d.doc);
      this.parsed = { docs, lines };
    }
    return this.parsed;
  }
}

const RECORDS = new WeakMap<object, { source: SourceText; document: number; offset: number }>();

/** The offset recorded for an object that is its document's root (read by yaml-fast.ts, which keeps no offsets). @internal */
export const DOCUMENT_ROOT = -1;

/**
 * Records that `object` was read from `source`, in its 0-based `document`, starting at `offset`.
 * The first record wins: a YAML alias (`*x`) gives the same object again, and its lines are
 * those of the anchor. @internal
 */
export function recordSource(object: object, source: SourceText, document: number, offset: number | undefined): void {
  if (offset !== undefined && !RECORDS.has(object)) RECORDS.set(object, { source, document, offset });
}

/** A path token: a name (`spec`), or what stands in brackets (`[0]`, `[app.kubernetes.io/name]`). */
interface Token {
  text: string;
  bracketed: boolean;
}

function tokens(field: string): Token[] {
  const out: Token[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field)) !== null) {
    out.push(m[1] !== undefined ? { text: m[1], bracketed: false } : { text: m[2], bracketed: true });
  }
  return out;
}

function contains(node: unknown, offset: number): boolean {
  const r = isNode(node) ? node.range : undefined;
  return Array.isArray(r) && r[0] <= offset && offset < r[2];
}

/** The map that starts at `offset` (the object the loader returned), searched from `root` down. */
function objectAt(root: unknown, offset: number): YAMLMap | undefined {
  let node: unknown = root;
  while (node) {
    if (isMap(node) && node.range?.[0] === offset) return node;
    let next: unknown;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (contains(pair.key, offset)) next = pair.key;
        else if (contains(pair.value, offset)) next = pair.value;
        if (next) break;
      }
    } else if (isSeq(node)) {
      next = node.items.find((item) => contains(item, offset));
    }
    node = next;
  }
  return undefined;
}

/** The pair of a YAML map whose key is `key` (as text: `80` and `"80"` alike), else one that differs only in case. */
function pairOf(map: YAMLMap, key: string): Pair | undefined {
  let folded: Pair | undefined;
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const text = String(item.key.value);
    if (text === key) return item;
    if (!folded && text.toLowerCase() === key.toLowerCase()) folded = item;
  }
  return folded;
}

/**
 * The 1-based line of `field` (a path as findings name it: `spec.ports[1].targetPort`,
 * `metadata.annotations[example.com/key]`) in the file `object` was read from: the line of the
 * deepest part of the path the file has, so a field the file leaves out points at its parent
 * (`spec.selector` missing -> the `spec:` line). Undefined when `object` was not read from a file.
 */
export function fieldLine(object: unknown, field: string): number | undefined {
  return walk(object, field)?.line;
}

/**
 * The text the author wrote for `field` in the file `object` was read from: the scalar's own
 * words (`on`, `0x1F`, `y`) where YAML read them as another value, and, for a map entry, the
 * key as written. Undefined when the object was not read from a file or the path does not reach
 * a scalar. A finding's fix uses it to quote the author's word rather than what YAML made of it.
 */
export function fieldSource(object: unknown, field: string): { value: string; key?: string } | undefined {
  const w = walk(object, field);
  if (!w || !w.complete || !isScalar(w.node) || typeof w.node.source !== 'string') return undefined;
  const key = w.pair && isScalar(w.pair.key) && typeof w.pair.key.source === 'string' ? w.pair.key.source : undefined;
  return { value: w.node.source, key };
}

/** Follows `field` from the object's node: the deepest line reached, the node and pair there. */
function walk(object: unknown, field: string): { line?: number; node: unknown; pair?: Pair; complete: boolean } | undefined {
  if (!object || typeof object !== 'object') return undefined;
  const record = RECORDS.get(object);
  if (!record) return undefined;
  const { docs, lines } = record.source._parse();
  const doc = docs[record.document];
  let node: unknown;
  if (doc && record.offset === DOCUMENT_ROOT) node = isMap(doc.contents) ? doc.contents : undefined;
  else if (doc) node = objectAt(doc.contents, record.offset);
  if (!node) return undefined;
  const lineOf = (n: unknown): number | undefined => {
    const start = isNode(n) ? n.range?.[0] : undefined;
    return typeof start === 'number' ? lines.linePos(start).line : undefined;
  };
  let line = lineOf(node);
  let pair: Pair | undefined;
  let complete = true;
  for (const t of tokens(field)) {
    if (isAlias(node)) node = node.resolve(doc!);
    if (isSeq(node) && /^\d+$/.test(t.text)) {
      const item = node.items[Number(t.text)];
      if (item === undefined) { complete = false; break; }
      node = item;
      pair = undefined;
      line = lineOf(item) ?? line;
      continue;
    }
    if (!isMap(node)) { complete = false; break; }
    const found = pairOf(node, t.text);
    if (!found) { complete = false; break; }
    pair = found;
    line = lineOf(found.key) ?? line;
    node = found.value;
  }
  if (isAlias(node)) node = node.resolve(doc!);
  return { line, node, pair, complete };
}
