// YAML as Kubernetes reads it: kubectl, kind and chainsaw decode with sigs.k8s.io/yaml, which
// runs go-yaml v2 (a YAML 1.1 reader) and converts to JSON.
import { Document, isScalar, visit } from 'yaml';

/**
 * True for a plain scalar that go-yaml v2 (which sigs.k8s.io/yaml, kubectl's decoder, runs) reads
 * as something else than a string. Its resolver (gopkg.in/yaml.v2 resolve.go `resolve`) takes YAML
 * 1.1's booleans, nulls and sexagesimal numbers, and tries strconv.ParseInt(s with '_' removed, 0)
 * and strconv.ParseFloat on anything starting with a digit, a sign or '.': Go accepts 0b, 0o, 0x,
 * hex floats and '_' there, more than the YAML 1.1 schema says. Quoting every such string is safe.
 */
function readAsNonString(s: string): boolean {
  if (/^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|)$/.test(s)) return true;
  if (!/^[-+.0-9]/.test(s)) return false;
  const plain = s.replace(/_/g, '');
  if (/^[-+]?(0[bB][01]+|0[oO]?[0-7]+|0[xX][0-9a-fA-F]+|[0-9]+)$/.test(plain)) return true; // ParseInt(_, 0, 64)
  if (/^[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*[pP][-+]?\d+|inf|infinity|nan)$/i.test(plain)) return true; // ParseFloat
  if (/^[-+]?\.(inf|nan)$/i.test(s)) return true;
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/.test(s)) return true; // YAML 1.1 sexagesimal
  return /^\d{4}-\d\d?-\d\d?([Tt ]|$)/.test(s); // YAML 1.1 !!timestamp
}

/**
 * Objects as one multi-document YAML text that kubectl reads back as the same JSON: YAML 1.1
 * scalars (the `yaml` package's 1.1 schema quotes yes/no/on/off, 0b101, 12:30:00, ...) and every
 * other string go-yaml v2 would resolve to another type double-quoted.
 */
export function toYaml(objects: any[]): string {
  return objects.map((o) => {
    const doc = new Document(o, { version: '1.1', aliasDuplicateObjects: false });
    visit(doc, {
      Scalar(_key, node) {
        // A plain `<<` is go-yaml v2's merge key (resolve.go: "<<" resolves to yaml_MERGE_TAG),
        // and the `yaml` package writes it plain even when asked to quote it: an explicit !!str
        // makes it the string it is, as a key or a value.
        if (node.value === '<<') node.tag = 'tag:yaml.org,2002:str';
        if (typeof node.value === 'string' && (node.value === '<<' || readAsNonString(node.value))) node.type = 'QUOTE_DOUBLE';
      },
      Pair(_key, pair) {
        if (isScalar(pair.key) && typeof pair.key.value === 'string' && readAsNonString(pair.key.value)) pair.key.type = 'QUOTE_DOUBLE';
      },
    });
    return doc.toString({ lineWidth: 0 });
  }).join('---\n');
}
