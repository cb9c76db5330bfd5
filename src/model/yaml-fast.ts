// A fast reading of plain manifest YAML (issue 14: verify at pipeline scale). The `yaml`
// package, which yaml-read.ts uses for its exact errors, lines, alias bounds and merge keys,
// takes about ten times as long as js-yaml to parse a large stream (25,000 Deployment+Service
// pairs: 8 s against 0.75 s). Most manifests use none of what needs that care, so a text that
// provably uses none of it is read with js-yaml instead, with the scalars resolved by the very
// tags yaml-read.ts gives the `yaml` package (KUBECTL_YAML: YAML 1.1 as go-yaml v2 reads it), so
// both readings give the same values. Anything else, and any text js-yaml does not read cleanly,
// goes to yaml-read.ts, which reports it as before: this reading never reports an error itself.
//
// "Provably uses none of it" is decided on the text, conservatively (a false "no" only costs
// time): no anchor, alias or tag character (`&`, `*`, `!`: no aliases to bound, no `!!binary`),
// no `<<` (merge keys), no directive (`%` at a line start), no complex key (`?`), no flow
// collection or null as a key (kubectl refuses those), no `.inf`/`.nan` (float keys), no quoted
// scalar that goes on past its line (js-yaml reads some malformed ones the others refuse). Equality
// with yaml-read.ts on such texts is a property test (test/model/yaml-fast.test.ts).
import * as jsyaml from 'js-yaml';
import { Document } from 'yaml';
import { MAX_NESTING_DEPTH } from './input';
import { KUBECTL_YAML } from './yaml-read';

/** One document read: its value and the 1-based line where its content starts. */
export interface FastDocument {
  value: unknown;
  line: number;
}

/**
 * Nodes deeper than this (maps, lists, keys and scalars alike) leave the text to yaml-read.ts,
 * which measures depth as the limit defines it: below it a document's maps and lists are within
 * MAX_NESTING_DEPTH, so load.ts need not measure them again.
 */
const MAX_FAST_DEPTH = MAX_NESTING_DEPTH;

/** Characters and words that need yaml-read.ts wherever they are (see the file comment). */
const NEEDS_CARE_ANYWHERE = /[&*!]|<<|\.(?:inf|nan)\b/i;
/** An empty key at a line start (`: a`, `- : a`). */
const EMPTY_KEY = /^[ \t-]*:(?:[ \t]|$)/m;
/** A null key where a key begins (a line start, after `- `, `{`, `[` or `,`), or an empty key in a flow collection. */
const NULL_KEY = /(?:^|[{,[])[ \t-]*(?:~|null|Null|NULL)[ \t]*:(?:[ \t]|$)|[{,[][ \t]*:(?:[ \t]|$)/m;
/** A directive, a complex key, a flow collection as a key. */
const DIRECTIVE = /^%/m;
const COMPLEX_KEY = /^[ \t-]*\?(?:[ \t]|$)/m;
const FLOW_KEY = /[\]}][ \t]*:(?:[ \t]|$)|\{[ \t]*[{[]/;
/**
 * A quoted scalar that does not end on its line (double: an odd number of unescaped `"` after
 * balanced pairs; single: a `'` where a scalar begins, not closed on the line). js-yaml reads
 * some malformed ones (`a: "` + newline + `"x": 1`) that the `yaml` package and go-yaml refuse.
 */
const OPEN_DOUBLE = /^(?:[^"\n#]|"(?:[^"\\\n]|\\.)*")*"(?:[^"\\\n]|\\.)*$/m;
const OPEN_SINGLE = /(?:^[ \t]*|[:\-[{,][ \t]*)'(?:[^'\n]|'')*$/m;

/**
 * Whether `text` may be read here. Each pattern runs only when the text holds a character it
 * needs, so a large plain stream pays for little more than a few scans.
 */
export function fastEligible(text: string): boolean {
  if (NEEDS_CARE_ANYWHERE.test(text) || EMPTY_KEY.test(text)) return false;
  const has = (c: string) => text.includes(c);
  if ((has('~') || has('null') || has('Null') || has('NULL') || has('{') || has('[')) && NULL_KEY.test(text)) return false;
  if (has('%') && DIRECTIVE.test(text)) return false;
  if (has('?') && COMPLEX_KEY.test(text)) return false;
  // `]:`, `}:`, and `{{` (a Helm template's `{{ .Values.x }}` is a map with a map as its key).
  if ((has(']') || has('}')) && FLOW_KEY.test(text)) return false;
  if (has('"') && OPEN_DOUBLE.test(text)) return false;
  if (has("'") && OPEN_SINGLE.test(text)) return false;
  return true;
}

/**
 * The first characters of every plain scalar a YAML 1.1 tag other than str resolves (null: empty,
 * `~`, `null`; bool: `y`, `n`, `yes`, `no`, `true`, `false`, `on`, `off`; int and float: a sign,
 * a digit or a dot): any other plain scalar is a string without testing a tag.
 */
const MAY_NOT_BE_STRING = /^(?:$|[-+.0-9~nNyYtTfFoO])/;

class TooDeep extends Error {}

let schema: jsyaml.Schema | undefined;

/**
 * js-yaml's schema for kubectl's scalars: its failsafe schema (strings, lists, maps) plus one
 * implicit type that resolves a plain scalar with the first tag of KUBECTL_YAML's schema whose
 * test matches, as the `yaml` package's composer does (compose/resolve-scalar.js): the same
 * regular expressions and the same resolve functions, so `yes`, `0755`, `1_000`, `0o17` and
 * `2024-01-02` become what yaml-read.ts makes of them.
 */
function kubectlSchema(): jsyaml.Schema {
  if (schema) return schema;
  const tags = (new Document(undefined, KUBECTL_YAML).schema.tags as any[])
    .filter((t) => t.default === true && t.test instanceof RegExp && typeof t.resolve === 'function');
  // js-yaml calls construct right after resolve said yes, for the same scalar: the tag found is kept.
  let found: any;
  const resolved = new jsyaml.Type('tag:cdk8s-services,2026:plain', {
    kind: 'scalar',
    resolve: (data: string | null) => {
      const text = data ?? '';
      found = MAY_NOT_BE_STRING.test(text) ? tags.find((t) => t.test.test(text)) : undefined;
      return found !== undefined;
    },
    construct: (data: string | null) => {
      const v = found.resolve(data ?? '', () => undefined, { intAsBigInt: false });
      return v !== null && typeof v === 'object' && 'value' in v ? v.value : v;
    },
  });
  schema = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [resolved] });
  return schema;
}

/**
 * The documents of `text` read with js-yaml, each with the line its content starts on, or
 * undefined when the text is not eligible or js-yaml does not read it cleanly (a syntax error,
 * a key twice, a document deeper than MAX_FAST_DEPTH): then yaml-read.ts reads it and reports.
 */
export function readFastDocuments(text: string): FastDocument[] | undefined {
  if (!fastEligible(text)) return undefined;
  const values: unknown[] = [];
  const lines: number[] = []; // the line of each document's root node, in document order
  let depth = 0;
  try {
    // js-yaml parses every document before it calls the iterator: the lines come from the listener.
    jsyaml.loadAll(text, (value) => void values.push(value), {
      schema: kubectlSchema(),
      listener: (event, state) => {
        if (event === 'open') {
          if (depth === 0) lines.push(state.line + 1);
          if (++depth > MAX_FAST_DEPTH) throw new TooDeep();
        } else {
          depth--;
        }
      },
    });
  } catch {
    return undefined;
  }
  if (lines.length !== values.length) return undefined;
  return values.map((value, i) => ({ value, line: lines[i] }));
}
