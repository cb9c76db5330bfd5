// Hostile input for the emitted harness (issues 13 and 17): names, namespaces, labels, images,
// annotations and options chosen to inject options or commands. Each is either refused before a
// file is written (a HarnessInputError with a readable message), or the emitted run.sh, run with
// stand-ins for kubectl and kind first on PATH, passes every name in a non-option position and
// runs nothing the manifest chose (a canary file is never created).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import { shellcheckHarness, withShellcheck } from './checks';
import { seedHttpd } from './scenarios';
import { runCli } from '../../src/cli/main';
import { Harness, HARNESS_MARKER, toYaml, writeHarness } from '../../src/harness/emit';
import { HarnessInputError, printable } from '../../src/harness/names';
import { loadManifestText } from '../../src/model/load';

const FAKE = path.join(__dirname, 'fixtures', 'fake-kubectl');
const made: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-services-hostile-'));
  made.push(d);
  return d;
}
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const ROOT = tmp();
const CANARY = path.join(ROOT, 'canary');

/** Payloads that would inject an option, a command or a record field if they got through raw. */
const PAYLOADS = [
  '--kubeconfig=manifests.k8s.yaml',
  '--kubeconfig=/tmp/evil-kubeconfig',
  '--server=http://127.0.0.1:8998',
  '-n',
  `$(touch ${CANARY})`,
  `\`touch ${CANARY}\``,
  `a;touch ${CANARY}`,
  `a\ntouch ${CANARY}`,
  'a|b',
  'web\u202Eexe',
  "a'b",
  'a b',
  'Web',
  '',
];

/** The seed app with `patch` applied to a deep copy. */
function seed(patch: (objects: any[]) => void): any[] {
  const objects = seedHttpd();
  patch(objects);
  return objects;
}

/** Where a payload goes: a name or namespace of each object kind run.sh passes to kubectl. */
const PLACES: Array<{ place: string; patch: (o: any[], v: string) => void }> = [
  { place: 'Deployment name', patch: (o, v) => { o[0].metadata.name = v; } },
  { place: 'Deployment namespace', patch: (o, v) => { o[0].metadata.namespace = v; } },
  { place: 'Service namespace', patch: (o, v) => { o[1].metadata.namespace = v; } },
  { place: 'Service name', patch: (o, v) => { o[1].metadata.name = v; } },
  { place: 'ConfigMap name', patch: (o, v) => { o.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: v, namespace: 'httpd-namespace' }, data: {} }); } },
  { place: 'Namespace name', patch: (o, v) => { o.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: v } }); } },
  { place: 'StatefulSet name', patch: (o, v) => { o.push({ ...o[0], kind: 'StatefulSet', metadata: { name: v, namespace: 'httpd-namespace' } }); } },
];

/** One kubectl or kind call: its argv. */
type Call = { tool: string; argv: string[] };

/** Writes the harness, runs run.sh --context fake with logging stand-ins, returns every call. */
function runHarness(h: Harness): { calls: Call[]; status: number | null } {
  const root = tmp();
  const out = path.join(root, 'harness');
  const bin = path.join(root, 'bin');
  const state = path.join(root, 'state');
  fs.mkdirSync(bin);
  fs.mkdirSync(state);
  h.write(out);
  fs.copyFileSync(FAKE, path.join(bin, 'kubectl-fake'));
  fs.chmodSync(path.join(bin, 'kubectl-fake'), 0o755);
  const log = path.join(root, 'argv.log');
  // Each call: the tool, the argument count, the arguments, NUL-separated.
  const logger = (tool: string, then: string) => `#!/usr/bin/env bash\nprintf '%s\\0' ${tool} "$#" "$@" >>"${log}"\n${then}\n`;
  fs.writeFileSync(path.join(bin, 'kubectl'), logger('kubectl', `exec "${bin}/kubectl-fake" "$@"`), { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'kind'), logger('kind', 'exit 0'), { mode: 0o755 });
  for (const tool of ['docker', 'nc', 'sleep']) fs.writeFileSync(path.join(bin, tool), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'curl'), '#!/bin/sh\nprintf 200\n', { mode: 0o755 });
  fs.writeFileSync(path.join(state, 'objects.txt'), '');
  const r = spawnSync('bash', [path.join(out, 'run.sh'), '--context', 'fake'], {
    cwd: out,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: `${bin}:${process.env.PATH}`, FAKE_DIR: state, HARNESS_SLICE_WAIT: '0', HARNESS_TIMEOUT: '1' },
  });
  const words = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\0') : [];
  const calls: Call[] = [];
  for (let i = 0; i + 1 < words.length;) {
    const n = Number(words[i + 1]);
    calls.push({ tool: words[i], argv: words.slice(i + 2, i + 2 + n) });
    i += 2 + n;
  }
  return { calls, status: r.status };
}

/** run.sh's own options, and those whose value is the next argument. */
const OWN_OPTIONS = /^(--context|--namespace=[a-z0-9-]+|--selector=.*|-l|-o|-f|--ignore-not-found|--no-headers|--wait=(true|false)|--timeout=\d+s|--for=condition=Ready|--dry-run=client|--from-literal=SVC_\d+_[A-Z_0-9]+=.*|--tail=-1|--name|--config|--wait)$/;
const TAKES_VALUE = new Set(['--context', '-l', '-o', '-f', '--name', '--config', '--wait']);

/** The arguments of a call in an option position that run.sh did not write itself. */
function foreignOptions(c: Call): string[] {
  const out: string[] = [];
  for (let i = 0; i < c.argv.length; i++) {
    const a = c.argv[i];
    if (a === '--') break;
    if (!a.startsWith('-') || a === '-') continue;
    if (!OWN_OPTIONS.test(a)) out.push(a);
    else if (TAKES_VALUE.has(a)) i++;
  }
  return out;
}

function expectReadable(err: unknown): void {
  expect(err).toBeInstanceOf(HarnessInputError);
  const message = (err as Error).message;
  expect(message).toMatch(/^No harness emitted:|is not/);
  // Printed as given, the message cannot carry a control or bidi character to the terminal.
  const lines = message.split('\n');
  for (const l of lines) expect(l).not.toMatch(/[\u0000-\u001f\u202e]/);
}

const counts = { refused: 0, ranSafely: 0 };
afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(`hostile suite: ${counts.refused} inputs refused, ${counts.ranSafely} emitted and run safely`);
});

describe('hostile names and namespaces', () => {
  for (const { place, patch } of PLACES) {
    for (const payload of PAYLOADS) {
      test(`${place} ${JSON.stringify(payload)}: refused, or run.sh passes it only as a plain argument`, () => {
        let h: Harness;
        try {
          h = Harness.fromManifests(seed((o) => patch(o, payload)));
        } catch (err) {
          expectReadable(err);
          counts.refused++;
          return;
        }
        const r = runHarness(h);
        expect(r.calls.length).toBeGreaterThan(5);
        for (const c of r.calls) expect(foreignOptions(c)).toEqual([]);
        expect(fs.existsSync(CANARY)).toBe(false);
        // Only a Service predicted refused keeps a name that is not DNS-1123 (it is applied to be
        // refused); an empty namespace is the default one.
        expect(place === 'Service name' || (payload === '' && place.endsWith('namespace'))).toBe(true);
        counts.ranSafely++;
      });
    }
  }
});

describe('hostile values: labels, images, annotations never reach a command line', () => {
  const values = PAYLOADS.filter((p) => p !== '');
  const places: Array<{ place: string; patch: (o: any[], v: string) => void }> = [
    { place: 'label value', patch: (o, v) => { o[0].spec.template.metadata.labels.extra = v; } },
    { place: 'annotation', patch: (o, v) => { o[1].metadata.annotations = { note: v, [v.replace(/\s/g, '')]: v }; } },
    { place: 'image', patch: (o, v) => { o[0].spec.template.spec.containers[0].image = v; } },
    { place: 'ConfigMap data', patch: (o, v) => { o.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'httpd-namespace' }, data: { k: v } }); } },
  ];
  for (const { place, patch } of places) {
    test(`${place}: every payload stays in the YAML, out of every kubectl and kind argument`, () => {
      for (const v of values) {
        const h = Harness.fromManifests(seed((o) => patch(o, v)));
        const r = runHarness(h);
        for (const c of r.calls) {
          expect(foreignOptions(c)).toEqual([]);
          for (const a of c.argv) if (v !== '-n' && a.includes(v)) throw new Error(`payload ${JSON.stringify(v)} reached ${c.tool} ${JSON.stringify(c.argv)}`);
        }
        if (v.length > 3) for (const f of ['run.sh', 'run-data.sh']) expect(h.file(f)).not.toContain(v);
        expect(fs.existsSync(CANARY)).toBe(false);
        counts.ranSafely++;
      }
    });
  }
});

describe('hostile options', () => {
  const options: Array<Record<string, string>> = [
    ...PAYLOADS.filter((p) => p !== 'Web').map((p) => ({ image: p })),
    ...PAYLOADS.map((p) => ({ clusterName: p })),
    ...PAYLOADS.map((p) => ({ namespace: p })),
  ];
  test.each(options.map((o) => [JSON.stringify(o), o]))('%s is refused with a readable error', (_label, o) => {
    expect.assertions(3);
    try {
      Harness.fromManifests(seedHttpd(), o);
    } catch (err) {
      expectReadable(err);
      counts.refused++;
    }
  });
});

describe('objects that are not cluster resources', () => {
  const kubeconfig = {
    'apiVersion': 'v1',
    'kind': 'Config',
    'current-context': 'kind-cdk8s-services',
    'contexts': [{ name: 'kind-cdk8s-services', context: { cluster: 'c', user: 'u' } }],
    'users': [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'touch', args: [CANARY] } } }],
  };
  test.each([
    ['a kubeconfig (v1 Config with an exec user)', kubeconfig],
    ['an audit Policy', { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [] }],
    ['a kind Cluster config', { apiVersion: 'kind.x-k8s.io/v1alpha4', kind: 'Cluster' }],
    ['a v1 kind that is not a core resource', { apiVersion: 'v1', kind: 'Kustomization', metadata: { name: 'k' } }],
    ['no apiVersion', { kind: 'ConfigMap', metadata: { name: 'c' } }],
    ['a kind that is no Kubernetes kind', { apiVersion: 'v1', kind: '__proto__', metadata: { name: 'c' } }],
  ])('%s is refused', (_label, object) => {
    expect(() => Harness.fromManifests([...seedHttpd(), object])).toThrow(HarnessInputError);
    counts.refused++;
  });

  test('a CRD object of a real group passes', () => {
    expect(Harness.fromManifests([...seedHttpd(), { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'm', namespace: 'httpd-namespace' } }]).file('run.sh')).toBeDefined();
  });

  test('the CLI refuses the issue 17 input (a kubeconfig and a ConfigMap namespaced --kubeconfig=...) with exit 1 and writes nothing', async () => {
    const dir = tmp();
    const file = path.join(dir, 'app.yaml');
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: '--kubeconfig=manifests.k8s.yaml' } };
    fs.writeFileSync(file, [...seedHttpd(), kubeconfig, cm].map((o) => JSON.stringify(o)).join('\n---\n'));
    let err = '';
    const out = path.join(dir, 'harness');
    const code = await runCli(['harness', file, '--out', out, '--force'], { out: () => undefined, err: (t) => { err += t; } }, {});
    expect(code).toBe(1);
    expect(err).toMatch(/kubeconfig|not a DNS-1123 label|core API group/);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('--out: no file of the user is lost', () => {
  const files = () => Harness.fromManifests(seedHttpd()).files;

  test('an existing folder the harness did not write is refused; its files are untouched', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'README.md'), 'mine');
    expect(() => writeHarness(dir, files())).toThrow(/did not write/);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('mine');
    expect(fs.readdirSync(dir)).toEqual(['README.md']);
  });

  test('a new folder is created and marked; writing it again replaces only its own files', () => {
    const dir = path.join(tmp(), 'h');
    writeHarness(dir, files());
    expect(fs.existsSync(path.join(dir, HARNESS_MARKER))).toBe(true);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    writeHarness(dir, files());
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  test('an empty existing folder is written into', () => {
    const dir = tmp();
    expect(writeHarness(dir, files()).length).toBe(files().length);
  });

  test('a symlink inside the folder is never followed: refused, its target untouched', () => {
    const dir = path.join(tmp(), 'h');
    writeHarness(dir, files());
    const elsewhere = path.join(tmp(), 'precious.sh');
    fs.writeFileSync(elsewhere, 'precious', { mode: 0o600 });
    fs.rmSync(path.join(dir, 'run.sh'));
    fs.symlinkSync(elsewhere, path.join(dir, 'run.sh'));
    expect(() => writeHarness(dir, files())).toThrow(/symlink/);
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe('precious');
    expect((fs.statSync(elsewhere).mode % 0o1000).toString(8)).toBe('600');
  });

  test('a symlinked optional file of an earlier write is unlinked, not its target', () => {
    const dir = path.join(tmp(), 'h');
    writeHarness(dir, files());
    const elsewhere = path.join(tmp(), 'keep.yaml');
    fs.writeFileSync(elsewhere, 'keep');
    fs.symlinkSync(elsewhere, path.join(dir, 'chainsaw-test.yaml'));
    writeHarness(dir, files());
    expect(fs.existsSync(path.join(dir, 'chainsaw-test.yaml'))).toBe(false);
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe('keep');
  });

  test('--out as a symlink to a folder is refused', () => {
    const real = tmp();
    const link = path.join(tmp(), 'link');
    fs.symlinkSync(real, link);
    expect(() => writeHarness(link, files())).toThrow(/symlink/);
    expect(fs.readdirSync(real)).toEqual([]);
  });

  test.each([['/'], [os.homedir()], [process.cwd()]])('--out %s is refused', (dir) => {
    expect(() => writeHarness(dir, files())).toThrow(/writes only into a folder of its own/);
  });

  test('the CLI refuses a user folder with exit 1 and a clear message', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'run.sh'), 'mine');
    const file = path.join(tmp(), 'app.json');
    fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: seedHttpd() }));
    let err = '';
    const code = await runCli(['harness', file, '--out', dir], { out: () => undefined, err: (t) => { err += t; } }, {});
    expect(code).toBe(1);
    expect(err).toContain('did not write');
    expect(fs.readFileSync(path.join(dir, 'run.sh'), 'utf8')).toBe('mine');
  });
});

/** Strings a YAML 1.1 reader (go-yaml v2 under sigs.k8s.io/yaml) takes for another type when plain. */
const NOT_STRINGS = ['yes', 'Yes', 'NO', 'on', 'Off', 'y', 'N', 'true', 'False', '~', 'null', 'Null', '', '1_000', '12:30:00', '0b101', '0o17', '0x1F',
  '0x1p-2', '+1', '-1', '1e5', '.5', '.inf', '-.Inf', '.NaN', '+inf', '2001-12-14', '2001-12-14T21:59:43.10-05:00', '017', '1_0.5'];

describe('YAML written as kubectl reads it', () => {
  test.each(NOT_STRINGS.map((s) => [s]))('%j is written quoted', (s) => {
    const text = toYaml([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { [s || 'k']: s } }, data: { v: s } }]);
    expect(text).toContain(`v: ${JSON.stringify(s)}`);
    if (s !== '') expect(text).toContain(`${JSON.stringify(s)}: ${JSON.stringify(s)}`);
  });

  test('"<<", go-yaml v2\'s merge key when plain, is written as an explicit string, as a key and a value', () => {
    const objects = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { '<<': '<<' } }, { '<<': false }];
    const text = toYaml(objects);
    expect(text).toContain('!!str "<<": !!str "<<"');
    expect(parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS())).toEqual(objects);
    expect(loadManifestText(text).objects.map((o) => o.object)).toEqual([objects[0]]); // the second is no manifest (no kind), and is skipped
  });

  test('strings that stay strings are still written plain (10m, -c, busybox:1.36)', () => {
    const text = toYaml([{ a: ['10m', '-c', 'busybox:1.36', '10.244.0.0/16'] }]);
    expect(text).toContain('- 10m\n');
    expect(text).toContain('- -c\n');
    expect(text).toContain('- busybox:1.36\n');
  });

  test('property: objects with adversarial strings read back with the YAML 1.1 schema as the same JSON', () => {
    const str = fc.oneof(fc.constantFrom(...NOT_STRINGS, ...PAYLOADS), fc.string(), fc.stringMatching(/^[-+.0-9_:xobeEp]{1,8}$/));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(str, tie('v'), { maxKeys: 3 })),
    })).v;
    fc.assert(fc.property(fc.array(fc.dictionary(str, value, { maxKeys: 4 }), { minLength: 1, maxLength: 3 }), (objects) => {
      const docs = parseAllDocuments(toYaml(objects), { version: '1.1' });
      expect(docs.map((d) => d.toJS())).toEqual(JSON.parse(JSON.stringify(objects)));
    }), { numRuns: 300 });
  });

  test('the emitted manifests of hostile-looking values parse back unchanged with YAML 1.1', () => {
    const objects = seed((o) => { o[0].spec.template.metadata.annotations = Object.fromEntries(NOT_STRINGS.filter((s) => s).map((s, i) => [`a${i}`, s])); });
    const text = Harness.fromManifests(objects).file('manifests.k8s.yaml')!;
    const back = parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS());
    const deployment = back.find((o: any) => o.kind === 'Deployment');
    expect(deployment.spec.template.metadata.annotations).toEqual(objects[0].spec.template.metadata.annotations);
    expect(parse('x: 0o17', { version: '1.1' })).toBeDefined();
  });
});

describe('smaller: README, terminal, clusterDomain', () => {
  test('printable escapes control characters and U+202E', () => {
    expect(printable('a\u202Eb\nc\u0007')).toBe('a\\u202eb\\u000ac\\u0007');
  });

  test('the CLI prints a finding about a name with U+202E and a bell escaped', async () => {
    const file = path.join(tmp(), 'app.json');
    fs.writeFileSync(file, JSON.stringify(seed((o) => { o[1].metadata.name = 'web\u202Eexe\u0007'; })));
    let err = '';
    const code = await runCli(['harness', file, '--out', path.join(tmp(), 'h')], { out: () => undefined, err: (t) => { err += t; } }, {});
    expect(code).toBe(1);
    expect(err).not.toMatch(/[\u202e\u0007]/);
    expect(err).toContain('\\u202e');
  });

  test('a refused Service name with Markdown/HTML is escaped in README.md', () => {
    const h = Harness.fromManifests(seed((o) => { o[1].metadata.name = '<b>x</b>[y](z)'; }));
    // Inside a code span HTML and Markdown are literal text (CommonMark 6.1); outside, escaped.
    const md = h.file('README.md')!.replace(/`[^`\n]*`/g, '');
    expect(md).not.toContain('<b>');
    expect(md).toContain('\\<b\\>x\\</b\\>\\[y\\]\\(z\\)');
  });

  test('a clusterDomain that is not a DNS name is refused (it would land in the probe Job\'s sh -c)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LocalCluster } = require('../../src/simulation/local-cluster');
    const objects = seedHttpd();
    const bad = LocalCluster.fromManifests(objects, { clusterDomain: `x;touch ${CANARY}` });
    expect(() => Harness.fromLocalCluster(bad, objects)).toThrow(/clusterDomain .* is not a DNS name/);
    const good = LocalCluster.fromManifests(objects, { clusterDomain: 'example.internal' });
    expect(Harness.fromLocalCluster(good, objects).file('probes.k8s.yaml')).toContain('httpd-service.httpd-namespace.svc.example.internal.');
  });

  withShellcheck('run.sh of a harness with a refused Service of a hostile-looking name stays shellcheck-clean', () => {
    const h = Harness.fromManifests(seed((o) => { o[1].metadata.name = '<b>x</b>[y](z)'; }));
    expect(shellcheckHarness(h).output).toBe('');
  });
});
