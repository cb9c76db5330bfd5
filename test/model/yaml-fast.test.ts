// src/model/yaml-fast.ts reads plain YAML with js-yaml; it must give exactly what yaml-read.ts
// (the `yaml` package as kubectl reads YAML) gives: the same objects, documents, lines, errors and
// field lines. A differential property test over generated manifests, with the scalars YAML 1.1
// and go-yaml v2 read differently from YAML 1.2 written plain, quoted and in flow collections.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { fieldLine } from '../../src/model/field-lines';
import { loadManifestText } from '../../src/model/load';
import { fastEligible, readFastDocuments } from '../../src/model/yaml-fast';

/** Plain scalars whose type YAML 1.1 (go-yaml v2) decides differently from YAML 1.2 or JSON. */
const TRICKY = [
  'yes', 'Yes', 'YES', 'no', 'on', 'On', 'off', 'OFF', 'y', 'Y', 'n', 'N', 'true', 'False', 'TRUE',
  '0755', '0o17', '0O17', '0x1F', '0X1F', '0b101', '0B11', '1_000', '-0o7', '+12', '-3', '007', '08', '0',
  '1e3', '1.5e-3', '.5', '1.', '1.50', '-1.5', '12:30:00', '190:20:30', '2024-01-02', '2024-01-02T10:00:00Z',
  'null', 'Null', 'NULL', '~', '', 'NaN', 'nan', 'Infinity', '-', 'a-b', 'v1', '1.27', '10m', '500Mi', 'busybox:1.36',
  '10.244.0.0/16', 'http://x/y', 'a b', "it's", 'a"b', '#x', 'a #b', 'x:y', '1:2', '0x', '0b', '0o', '_1', '1__0',
];

const scalar = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null));
const key = fc.oneof(fc.constantFrom('a', 'b', 'app', 'on', 'yes', '1', '0755', 'x.y/z', 'data', 'v'), fc.string({ minLength: 1, maxLength: 5 }));
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(key, tie('v'), { maxKeys: 3 })),
})).v;
const object = fc.record({
  kind: fc.constantFrom('ConfigMap', 'Service', 'Deployment'),
  name: fc.constantFrom('a', 'web', 'db-1'),
  labels: fc.dictionary(key, scalar, { maxKeys: 3 }),
  data: fc.dictionary(key, value, { maxKeys: 4 }),
});

/** A manifest text: objects written by the `yaml` package (block or flow), or by hand with plain scalars. */
const text = fc.tuple(fc.array(object, { minLength: 1, maxLength: 3 }), fc.constantFrom('block', 'flow', 'plain'), fc.boolean(), fc.boolean())
  .map(([objects, style, leading, comments]) => {
    const docs = objects.map((o, i) => {
      const manifest = { apiVersion: 'v1', kind: o.kind, metadata: { name: o.name, labels: o.labels }, data: o.data };
      if (style === 'plain') {
        // Plain scalars as a person types them: the reader decides their types.
        const lines = ['apiVersion: v1', `kind: ${o.kind}`, 'metadata:', `  name: ${o.name}`, 'data:'];
        for (const [k, v] of Object.entries(o.labels)) lines.push(`  ${/^[A-Za-z][\w.-]*$/.test(k) ? k : JSON.stringify(k)}: ${v === null ? '' : String(v)}`);
        return `${comments ? `# doc ${i}\n` : ''}${lines.join('\n')}\n`;
      }
      const body = stringify(manifest, { version: '1.1', collectionStyle: style === 'flow' ? 'flow' : 'any' });
      return `${comments ? `# doc ${i}\n\n` : ''}${body}`;
    });
    return `${leading ? '---\n' : ''}${docs.join('---\n')}`;
  });

const fields = ['metadata.name', 'metadata.labels', 'data', 'data.a', 'data.on', 'kind'];

function reading(t: string, fast: boolean) {
  const r = loadManifestText(t, 'x.yaml', { fast });
  return {
    objects: r.objects.map((o) => ({ object: o.object, source: o.source, lines: fields.map((f) => fieldLine(o.object, f)) })),
    errors: r.errors,
    notManifest: r.notManifest,
  };
}

describe('yaml-fast.ts reads what yaml-read.ts reads', () => {
  test('property: the same objects, documents, lines, field lines and errors, with js-yaml and with the yaml package', () => {
    let fastRead = 0;
    let runs = 0;
    fc.assert(fc.property(text, (t) => {
      runs++;
      if (readFastDocuments(t) !== undefined) fastRead++;
      expect(reading(t, true)).toEqual(reading(t, false));
    }), { numRuns: 1000 });
    // Most generated texts take the fast path; the property is not a test of the fallback alone.
    expect(fastRead).toBeGreaterThan(runs / 3);
  });

  test.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!binary aGk=\n'],
    ['a merge key', 'a: {<<: {b: 1}}\n'],
    ['a complex key', '? a\n: b\n'],
    ['a flow map as a key', '{a: b}: c\n'],
    ['a null key', '~: a\n'],
    ['an empty key', ': a\n'],
    ['a directive', '%YAML 1.1\n---\na: b\n'],
    ['a float key .inf', '.inf: a\n'],
    // Found by the property: js-yaml reads `" "` and then a key on the same line; the others refuse it.
    ['a double-quoted scalar open past its line', 'a: "\n  "( ": \n'],
    ['a single-quoted scalar open past its line', "a: 'x\n  y'\n"],
    // Found on public manifests (scripts/yaml-readings.ts): a Helm template's `{{ .Values.x }}` is a map keyed by a map.
    ['a Helm template placeholder', 'metadata:\n  name: {{ .Release.Name }}\n'],
  ])('%s leaves the text to yaml-read.ts', (_what, t) => {
    expect(fastEligible(t)).toBe(false);
    expect(readFastDocuments(t)).toBeUndefined();
  });

  test('a plain manifest is read here, a key twice or a syntax error is not (yaml-read.ts reports them)', () => {
    expect(readFastDocuments('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {on: yes, n: 0755}\n')).toEqual([
      { value: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { true: true, false: 493 } }, line: 1 },
    ]);
    expect(readFastDocuments('a: 1\na: 2\n')).toBeUndefined();
    expect(readFastDocuments('a: [1\n')).toBeUndefined();
    expect(loadManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: 1, k: 2}\n', 'x.yaml').errors[0].message).toMatch(/Map keys must be unique/);
  });
});
