// The line of a field inside a manifest read from a file, so a finding can point at
// `spec.ports[1].targetPort` rather than at the object's first line.
//
// The loader (load.ts) parses each file with the `yaml` library, which keeps every node's offset.
// It records the parsed node of each object here, keyed by the object it returned; the rule engine
// and the simulation's report ask for a finding's field only when there is a finding, so a clean
// file costs one WeakMap entry per object. Objects that were not read from a file (a synthesized
// app, objects built in code) have no entry and keep their object line (or construct path).
import { isMap, isPair, isScalar, isSeq, LineCounter } from 'yaml';

interface ParsedObject {
  node: unknown;
  lines: LineCounter;
}

const PARSED = new WeakMap<object, ParsedObject>();

/** Records the parsed YAML node `node` of `object` (the value the loader returns). @internal */
export function recordFieldNodes(object: object, node: unknown, lines: LineCounter): void {
  if (node) PARSED.set(object, { node, lines });
}

/** `spec.ports[1].targetPort` -> ['spec', 'ports', 1, 'targetPort']; `[i]` (not an index) ends it. */
function segments(field: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (/^\d+$/.test(m[2])) out.push(Number(m[2]));
    else break; // `[i]`, `[*]`: a placeholder, not a place in the file
  }
  return out;
}

function lineAt(p: ParsedObject, node: any): number | undefined {
  const offset = node?.range?.[0];
  return typeof offset === 'number' ? p.lines.linePos(offset).line : undefined;
}

/** The pair of a YAML map whose key is `key` (keys are compared as text: `80` and `"80"` alike). */
function pairOf(map: any, key: string): any {
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const k: any = item.key;
    const text = isScalar(k) ? String(k.value) : undefined;
    if (text === key) return item;
  }
  return undefined;
}

/**
 * The 1-based line of `field` (a path such as `spec.ports[1].targetPort`) in the file `object`
 * was read from: the line of the deepest part of the path the file has, so a field the file
 * leaves out points at its parent (`spec.selector` missing -> the `spec:` line). A map key that
 * holds dots (a label such as `app.kubernetes.io/name`) is found too. Undefined when `object`
 * was not read from a file.
 */
export function fieldLine(object: unknown, field: string): number | undefined {
  if (!object || typeof object !== 'object') return undefined;
  const p = PARSED.get(object);
  if (!p) return undefined;
  const segs = segments(field);
  let node: any = p.node;
  let line = lineAt(p, node);
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (typeof seg === 'number') {
      if (!isSeq(node) || seg >= node.items.length) break;
      node = node.items[seg];
      line = lineAt(p, node) ?? line;
      continue;
    }
    if (!isMap(node)) break;
    // The longest run of name segments that is one key (`metadata.labels.app.kubernetes.io/name`).
    let pair: any;
    let j = i;
    for (let end = segs.length; end > i && !pair; end--) {
      const run = segs.slice(i, end);
      if (run.some((s) => typeof s === 'number')) continue;
      pair = pairOf(node, run.join('.'));
      if (pair) j = end - 1;
    }
    if (!pair) break;
    line = lineAt(p, pair.key) ?? line;
    node = pair.value;
    i = j;
  }
  return line;
}
