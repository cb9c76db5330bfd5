// Input limits (issue 13, docs/limits.md): hostile or huge manifests give findings or a readable
// input error, never a stack overflow, a hang or an out-of-memory abort; and YAML is read as
// kubectl's decoder (sigs.k8s.io/yaml over go-yaml v2) reads it (issue 17).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { VERIFY_USAGE } from '../../src/cli/verify';
import { ClusterModel } from '../../src/model/cluster-model';
import { fieldLine } from '../../src/model/field-lines';
import { inspectValue, MAX_DOCUMENTS, MAX_EXPANDED_VALUES, MAX_FILE_BYTES, MAX_INPUT_BYTES, MAX_NESTING_DEPTH } from '../../src/model/input';
import { loadManifestFiles, loadManifestText, readBounded } from '../../src/model/load';
import { allowedAliasRatio, KUBECTL_YAML } from '../../src/model/yaml-read';
import { checkModel } from '../../src/rules/engine';
import { defaultPodCidr, MAX_PODS_PER_WORKLOAD, MAX_SIMULATED_PODS } from '../../src/simulation/capacity';
import { LocalCluster } from '../../src/simulation/local-cluster';

/** A loaded manifest as the test reads it: any field, without narrowing. */
const doc = (o: { object: unknown }): any => o.object;

const deepMap = (levels: number, leaf = '1') => `${'{"a":'.repeat(levels)}${leaf}${'}'.repeat(levels)}`;
const deepList = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
/** A Service manifest (JSON text) with `value` (JSON text) at spec.extra: the object itself is level 1, spec level 2. */
const serviceWith = (value: string) => `{"apiVersion":"v1","kind":"Service","metadata":{"name":"x"},"spec":{"ports":[{"port":80}],"extra":${value}}}`;

function messages(r: { errors: Array<{ message: string }> }): string {
  return r.errors.map((e) => e.message).join('\n');
}

async function verify(file: string, ...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['verify', file, ...args], { out: (s) => void (out += s), err: (s) => void (err += s) }, {});
  return { code, out, err };
}

const deploy = (name: string, replicas: unknown) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] } },
  },
});
const service = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }] } });

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'limits-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string | Buffer) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};

describe('nesting depth (MAX_NESTING_DEPTH = 256)', () => {
  test.each([
    ['a map 2,000 levels deep (JSON)', serviceWith(deepMap(2000)), 'x.json'],
    ['a list 2,000 levels deep (JSON)', serviceWith(deepList(2000)), 'x.json'],
    ['a flow map 3,000 levels deep (YAML)', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: ${deepMap(3000)}\n`, 'x.yaml'],
    ['a block map 1,000 levels deep (YAML)', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}a:\n`).join('')}`, 'x.yaml'],
    ['a list of lists 2,000 deep in a ConfigMap (YAML)', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: ${deepList(2000)}\n`, 'x.yaml'],
  ])('%s is an input error, not a stack overflow', (_, text, file) => {
    const r = loadManifestText(text, file);
    expect(r.objects).toEqual([]);
    expect(messages(r)).toMatch(/nests more than 256 levels of maps and lists; no Kubernetes object is this deep/);
    expect(messages(r)).not.toMatch(/call stack/);
  });

  test('the nearest neighbour: exactly 256 levels read (JSON and YAML), 257 do not', () => {
    // The Service is level 1, spec 2: 254 maps at extra make 256 levels.
    expect(loadManifestText(serviceWith(deepMap(255)), 'x.json').errors).toHaveLength(1);
    const ok = loadManifestText(serviceWith(deepMap(254)), 'x.json');
    expect(ok.errors).toEqual([]);
    expect(ok.objects).toHaveLength(1);
    const yamlOk = loadManifestText(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: ${deepMap(MAX_NESTING_DEPTH - 1)}\n`, 'x.yaml');
    expect(yamlOk.errors).toEqual([]);
    const yamlDeep = loadManifestText(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: ${deepMap(MAX_NESTING_DEPTH)}\n`, 'x.yaml');
    expect(messages(yamlDeep)).toMatch(/document 1 nests more than 256 levels/);
  });

  test('aliases that nest deeper than the text does (an alias to a deep node inside a deep node) are refused', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\na: &deep ${deepList(200)}\nb: ${'['.repeat(100)}*deep${']'.repeat(100)}\n`;
    const r = loadManifestText(text, 'x.yaml');
    expect(r.objects).toEqual([]);
    expect(messages(r)).toMatch(/document 1 at b(\[0\])+.*nests more than 256 levels/);
  });

  test('a deep document among others: the others are read, and their findings still get lines', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${deepMap(3000)}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n  - port: 99999\n`;
    const r = loadManifestText(text, 'x.yaml');
    expect(r.errors.map((e) => e.line)).toEqual([1]); // the document's first line
    expect(r.objects.map((o) => doc(o).metadata.name)).toEqual(['web']);
    expect(fieldLine(r.objects[0].object, 'spec.ports[0].port')).toBe(11);
  });

  test('verify on a deep file exits 1 with the input error (was exit 3, "Maximum call stack size exceeded")', async () => {
    const r = await verify(write('deep.json', serviceWith(deepMap(5000))));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/nests more than 256 levels/);
    expect(r.err).toBe('');
  });

  test('LocalCluster.fromManifests refuses a deep or self-containing object with a ManifestInputError naming it', () => {
    let deep: any = 1;
    for (let i = 0; i < 5000; i++) deep = i % 2 ? { a: deep } : [deep];
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }], extra: deep } };
    expect(() => LocalCluster.fromManifests([svc])).toThrow(/^LocalCluster: a manifest is past the input limits: manifest 1 \(Service web\) at spec\.extra.*nests more than 256 levels/);
    try {
      LocalCluster.fromManifests([svc]);
    } catch (err: any) {
      expect(err.name).toBe('ManifestInputError');
    }
    const cyclic: any = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} };
    cyclic.data.self = cyclic;
    expect(() => LocalCluster.fromManifests([cyclic])).toThrow(/manifest 1 \(ConfigMap c\) at data\.self contains itself/);
    // The nearest neighbour: 200 levels simulate.
    let ok: any = 1;
    for (let i = 0; i < 200; i++) ok = { a: ok };
    expect(LocalCluster.fromManifests([{ ...svc, spec: { ports: [{ port: 80 }], extra: ok } }]).services()).toHaveLength(1);
  });

  test('shared objects are counted as often as they are used: a doubling chain is refused after reading a bounded number of values, never copied out', () => {
    const chain = (wrap: (o: object) => object) => {
      let v: any = wrap({ leaf: 'x' });
      for (let i = 0; i < 40; i++) v = wrap({ l: v, r: v }); // 2^40 values once written out
      return v;
    };
    // Every read goes through a counting proxy: the walk stops within a few reads per value it is
    // allowed, whatever the chain expands to (the work is bounded by the limit, not by 2^40).
    let reads = 0;
    const counted = (o: object) => new Proxy(o, {
      get: (t, k, r) => { reads++; return Reflect.get(t, k, r); },
      ownKeys: (t) => { reads++; return Reflect.ownKeys(t); },
      getOwnPropertyDescriptor: (t, k) => { reads++; return Reflect.getOwnPropertyDescriptor(t, k); },
    });
    const proxied = chain(counted);
    for (const values of [10_000, 40_000]) {
      reads = 0;
      expect(inspectValue({ data: proxied }, { values })?.message).toMatch(new RegExp(`expands to more than ${values.toLocaleString('en-US')} values`));
      expect(reads).toBeGreaterThan(values);
      expect(reads).toBeLessThan(8 * values);
    }
    // With the documented limit, the model refuses the same chain with the same error.
    const v = chain((o) => o);
    expect(inspectValue({ apiVersion: 'v1', kind: 'ConfigMap', data: v })?.message).toMatch(/expands to more than 2,000,000 values/);
    expect(() => LocalCluster.fromManifests([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: v }])).toThrow(/expands to more than 2,000,000 values/);
    expect(inspectValue({ a: 1n })?.message).toMatch(/bigint/);
    expect(inspectValue({ a: [{ b: 'ok' }] })).toBeUndefined();
  });

  // Speed is measured in bench/, not here: the jest timeout only stops a hang (duplicate keys
  // were once checked in quadratic time, minutes for this input); KUBECTL_YAML leaves the
  // yaml package's quadratic uniqueKeys off, and documentValue finds duplicates with a Set.
  test('a 200,000-key ConfigMap is read whole, as JSON and as YAML; the quadratic duplicate-key check is off', () => {
    expect(KUBECTL_YAML.uniqueKeys).toBe(false);
    const data: Record<string, string> = {};
    for (let i = 0; i < 200_000; i++) data[`k${i}`] = `v${i}`;
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data });
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${Object.keys(data).map((k) => `  ${k}: ${data[k]}`).join('\n')}\n`;
    for (const [text, file] of [[json, 'big.json'], [yaml, 'big.yaml']]) {
      const r = loadManifestText(text, file);
      expect(r.errors).toEqual([]);
      expect(Object.keys(r.objects.map(doc)[0].data)).toHaveLength(200_000);
    }
  }, 60000);
});

describe('YAML aliases, as go-yaml v2 bounds them (decode.go allowedAliasRatio)', () => {
  test('allowedAliasRatio: 99 % up to 400,000 decodes, 10 % from 4,000,000, linear between', () => {
    expect(allowedAliasRatio(1000)).toBe(0.99);
    expect(allowedAliasRatio(400_000)).toBe(0.99);
    expect(allowedAliasRatio(2_200_000)).toBeCloseTo(0.545, 6);
    expect(allowedAliasRatio(4_000_000)).toBe(0.10);
  });

  // The jest timeout stops a hang only (the yaml package's alias lookup scanned the document per alias).
  test('60,000 aliases to one small map are read, as kubectl reads them (the yaml package refused them)', () => {
    let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nshared: &a {k: v}\ndata:\n';
    for (let i = 0; i < 60_000; i++) text += `  k${i}: *a\n`;
    const r = loadManifestText(text, 'x.yaml');
    expect(r.errors).toEqual([]);
    const data = r.objects.map(doc)[0].data;
    expect(Object.keys(data)).toHaveLength(60_000);
    expect(data.k59999).toEqual({ k: 'v' });
  }, 30000);

  test('an alias bomb (10^12 values) is refused before it is expanded: "document contains excessive aliasing"', () => {
    let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\na0: &a0 [x,x,x,x,x,x,x,x,x,x]\n';
    for (let i = 1; i < 12; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]\n`; // 10^12 values
    const r = loadManifestText(text, 'bomb.yaml');
    expect(messages(r)).toMatch(/cannot read document 1: the document contains excessive aliasing .*allowedAliasRatio/);
    // The nearest neighbour: a few levels of sharing (10^2 values) are read.
    const small = loadManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n', 's.yaml');
    expect(small.errors).toEqual([]);
  });

  test('an alias inside its own anchor, and an unknown anchor, are refused as kubectl refuses them', () => {
    expect(messages(loadManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\na: &a [*a]\n', 'x.yaml'))).toMatch(/anchor 'a' value contains itself/);
    expect(messages(loadManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\na: *nope\n', 'x.yaml'))).toMatch(/unknown anchor 'nope' referenced/);
  });
});

describe('YAML read as kubectl reads it (sigs.k8s.io/yaml over go-yaml v2)', () => {
  const one = (body: string) => loadManifestText(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n${body}`, 'x.yaml');

  test('YAML 1.1 booleans are booleans (so a `yes` label is refused by T1); a date-like value stays a string', () => {
    const r = loadManifestText('apiVersion: v1\nkind: Service\nmetadata:\n  name: d\n  labels: {enabled: yes, released: 2024-01-02, at: 12:30:00}\nspec: {selector: {app: x}, ports: [{port: 80}]}\n', 'd.yaml');
    expect(r.objects.map(doc)[0].metadata.labels).toEqual({ enabled: true, released: '2024-01-02', at: '12:30:00' });
    const t1 = checkModel(ClusterModel.fromSourced(r.objects), {}).filter((f) => f.rule === 'T1');
    expect(t1.map((f) => f.field)).toEqual(['metadata.labels[enabled]']);
  });

  test('integers as Go\'s strconv.ParseInt(plain, 0, 64) reads them (go-yaml v2 resolve.go): 0o17, 0X1F and 0B11 are numbers', () => {
    expect(one('data: [0o17, 0O17, 0X1F, 0B11, -0o7, 0x1F, 0b11, 0777, 1_000, 0o9]\n').objects.map(doc)[0].data).toEqual([15, 15, 31, 3, -7, 31, 3, 511, 1000, '0o9']);
  });

  test('floats as go-yaml v2 resolve.go reads them (yamlStyleFloat): `e0`, `.` and `.e3` stay strings, `1.e3` and `-.5_0` are numbers', () => {
    const values = ['e0', '.', '-.', '.e3', '+e3', '1e', '.5_0', '_1.5', '.5', '+.5', '-.5_0', '1.', '1_0.5', '1.e3', '.5e3', '1e1_0', '1.5e-3'];
    for (const fast of [true, false]) {
      const data = loadManifestText(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: [${values.join(', ')}]\n`, 'x.yaml', { fast }).objects.map(doc)[0].data;
      expect(data).toEqual(['e0', '.', '-.', '.e3', '+e3', '1e', '.5_0', '_1.5', 0.5, 0.5, -0.5, 1, 10.5, 1000, 500, 1e10, 0.0015]);
    }
  });

  test('map keys become JSON strings: `1` and "1" are the same key (a duplicate), `on` is the key "true"', () => {
    expect(messages(one('data: {1: a, "1": b}\n'))).toMatch(/YAML syntax error at column \d+: Map keys must be unique: "1" is set twice/);
    expect(one('data: {on: a, 1.5: b}\n').objects.map(doc)[0].data).toEqual({ true: 'a', 1.5: 'b' });
    expect(messages(one('data: {~: a}\n'))).toMatch(/a map key is null/);
    expect(messages(one('data: {[a]: b}\n'))).toMatch(/a map key is a map or a list, which kubectl refuses \("invalid map key"\)/);
  });

  test('`<<` merges as go-yaml v2 merges (later writes win, a list of maps: earlier ones win); `!!binary` is its text', () => {
    const r = one('base: &b {a: 1, b: 1}\nother: &o {b: 2, c: 2}\ndata:\n  a: 0\n  <<: [*b, *o]\n  c: 3\nbin: !!binary aGVsbG8=\n');
    expect(r.errors).toEqual([]);
    expect(r.objects.map(doc)[0].data).toEqual({ a: 1, b: 1, c: 3 });
    expect(r.objects.map(doc)[0].bin).toBe('hello');
    expect(messages(one('data: {<<: 5}\n'))).toMatch(/map merge requires map or sequence of maps/);
  });
});

describe('input size (MAX_FILE_BYTES = 16 MiB, MAX_INPUT_BYTES = 32 MiB, MAX_DOCUMENTS = 100,000)', () => {
  test('a file over 16 MiB is an input error without being read (a 200 MB scalar exhausted memory)', async () => {
    const big = path.join(dir, 'big.yaml');
    fs.writeFileSync(big, 'data: ');
    fs.truncateSync(big, 200 * 1024 * 1024); // sparse: 200 MiB on paper
    // Not read: the size is known from stat, and no byte of the file is read.
    // The module object itself (an `import * as` namespace cannot be spied on); load.ts reads through it.
    const realFs: typeof fs = jest.requireActual('fs');
    const reads = jest.spyOn(realFs, 'readFileSync');
    const opens = jest.spyOn(realFs, 'openSync');
    const r = loadManifestFiles([big]);
    expect(reads.mock.calls.filter(([f]) => f === big)).toEqual([]);
    expect(opens.mock.calls.filter(([f]) => f === big)).toEqual([]);
    // The spies see the loader's reads: a small file is read through them.
    const small = write('small.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\n');
    loadManifestFiles([small]);
    expect(reads.mock.calls.filter(([f]) => f === small)).toHaveLength(1);
    reads.mockRestore();
    opens.mockRestore();
    expect(messages(r)).toBe('is 200 MiB, more than the 16 MiB one manifest file may be (the API server refuses a request body over 3 MiB): split it into several files');
    const cli = await verify(big);
    expect(cli.code).toBe(1);
    expect(loadManifestText('#'.repeat(MAX_FILE_BYTES + 1), 'x.yaml').errors[0].message).toMatch(/more than the 16 MiB/);
  });

  test('files past 32 MiB together: the rest is not read, with an error saying so', () => {
    // Three 12 MiB JSON files (one long string each): the third is over the budget.
    const files = [1, 2, 3].map((i) => write(`part${i}.json`, `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c${i}"},"data":{"k":"${'x'.repeat(12 * 1024 * 1024)}"}}`));
    const r = loadManifestFiles(files);
    expect(r.objects.map((o) => doc(o).metadata.name)).toEqual(['c1', 'c2']);
    expect(r.errors).toEqual([{ file: files[2], message: expect.stringMatching(/^not read: the files given hold more than 32 MiB together/) }]);
  }, 60000);

  test('standard input is read up to 16 MiB and no further', () => {
    const f = path.join(dir, 'stdin-like');
    fs.writeFileSync(f, 'x'.repeat(1000));
    const fd = fs.openSync(f, 'r');
    try {
      expect(readBounded(fd, 999)).toBeUndefined();
    } finally {
      fs.closeSync(fd);
    }
    const fd2 = fs.openSync(f, 'r');
    try {
      expect(readBounded(fd2, 1000)).toHaveLength(1000);
    } finally {
      fs.closeSync(fd2);
    }
  });

  test('more than 100,000 documents in one file is an input error', () => {
    const r = loadManifestText('---\n{}\n'.repeat(MAX_DOCUMENTS + 1), 'many.yaml');
    expect(messages(r)).toBe('holds more than 100,000 YAML documents, the most one file may hold: split it into several files');
  }, 60000);
});

describe('the simulated cluster sizes itself to the app', () => {
  test('defaultPodCidr: 10.244.0.0/16 while each node\'s block holds its pods, then a wider aligned network', () => {
    expect(defaultPodCidr(100, 3)).toBe('10.244.0.0/16');
    expect(defaultPodCidr(16_381, 3)).toBe('10.244.0.0/16'); // a /18 per node: 16,384 - 3
    expect(defaultPodCidr(16_382, 3)).toBe('10.244.0.0/15');
    expect(defaultPodCidr(60_000, 3)).toBe('10.244.0.0/14');
    expect(defaultPodCidr(100_000, 3)).toBe('10.240.0.0/13');
  });

  test('25,000 Deployment+Service pairs (50,000 pods) simulate (was: "the pod network 10.244.0.0/16 has no room for more pods on node node-1")', () => {
    const objects: any[] = [];
    for (let i = 0; i < 25_000; i++) objects.push(deploy(`d${i}`, 2), service(`d${i}`));
    const cluster = LocalCluster.fromManifests(objects);
    const pods = cluster.pods();
    expect(pods).toHaveLength(50_000);
    expect(pods.every((p) => p.phase === 'Running' && p.ip !== undefined)).toBe(true);
    expect(cluster.endpoints('d24999')).toHaveLength(2);
    expect(cluster.verify().findings.filter((f) => f.rule === 'P1' || f.rule === 'P2')).toEqual([]);
  }, 60000);

  test('replicas 10^9 runs 5,000 pods, with a P2 hint saying so; replicas 5,000 runs all', () => {
    const big = LocalCluster.fromManifests([deploy('web', 1e9), service('web')]);
    expect(big.pods()).toHaveLength(MAX_PODS_PER_WORKLOAD);
    expect(big.endpoints('web')).toHaveLength(MAX_PODS_PER_WORKLOAD);
    const p2 = big.verify().findings.filter((f) => f.rule === 'P2');
    expect(p2).toEqual([expect.objectContaining({
      objectRef: 'Deployment/default/web',
      field: 'spec.replicas',
      value: '1000000000',
      severity: 'info',
      message: expect.stringMatching(/^asks for 1000000000 pod\(s\); the simulation runs 5,000 of them/),
    })]);
    const fits = LocalCluster.fromManifests([deploy('web', 5000), service('web')]);
    expect(fits.pods()).toHaveLength(5000);
    expect(fits.verify().findings.filter((f) => f.rule === 'P2')).toEqual([]);
  });

  test('a podCidr given too small leaves the pods it cannot hold Pending, with P1 (was an exception)', () => {
    // /28 over 3 nodes: four /30 blocks, one pod address each.
    const cluster = LocalCluster.fromManifests([deploy('web', 6), service('web')], { podCidr: '10.0.0.0/28' });
    const pods = cluster.pods();
    expect(pods.filter((p) => p.phase === 'Running')).toHaveLength(3);
    expect(pods.filter((p) => p.phase === 'Pending' && p.ip === undefined && !p.ready)).toHaveLength(3);
    expect(cluster.endpoints('web')).toHaveLength(3);
    expect(cluster.verify().findings.filter((f) => f.rule === 'P1').map((f) => f.message)).toEqual([
      '3 pod(s) stay Pending in the simulation: the pod network 10.0.0.0/28 has no address left on node-1, node-2, node-3; they get no IP and no endpoint, as a real scheduler leaves them',
    ]);
  });

  test('verify on a Deployment with replicas 10^9 exits on its findings, not with an internal error', async () => {
    const file = write('replicas.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [deploy('web', 1e9), service('web')] }));
    const r = await verify(file);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/info P2 pods-capped spec\.replicas = 1000000000/);
  });
});

describe('objects of any shape (metadata a scalar, kind like an Object.prototype member)', () => {
  const shapes: Array<[string, any]> = [
    ['metadata: x', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: 'x', spec: { template: { metadata: 'x' } } }],
    ['metadata: 5', { apiVersion: 'v1', kind: 'Service', metadata: 5, spec: 5 }],
    ['metadata: a block string', { apiVersion: 'v1', kind: 'Pod', metadata: 'abc\n' }],
    ['metadata: a list', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: ['a'], spec: { template: { metadata: ['a'] } } }],
    ['kind: __proto__', { apiVersion: 'v1', kind: '__proto__', metadata: { name: 'x' } }],
    ['kind: hasOwnProperty', { apiVersion: 'v1', kind: 'hasOwnProperty', metadata: { name: 'x' } }],
    ['kind: constructor', { apiVersion: 'v1', kind: 'constructor', metadata: { name: 'x' } }],
    ['apiVersion: {}', { apiVersion: {}, kind: 'Service', metadata: { name: 'x' } }],
    ['ownerReferences kind {toString: 1}', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', ownerReferences: [{ kind: { toString: 1 }, controller: true }] }, spec: { template: {} } }],
  ];

  test.each(shapes)('%s: LocalCluster simulates the rest, verify exits 0 or 1', async (name, o) => {
    const cluster = LocalCluster.fromManifests([o, service('web'), deploy('web', 1)]);
    expect(cluster.endpoints('web')).toHaveLength(1);
    expect(typeof cluster.verify().toString()).toBe('string');
    const r = await verify(write(`${name.replace(/\W/g, '_')}.json`, JSON.stringify([o, service('web'), deploy('web', 1)])));
    expect([0, 1]).toContain(r.code);
    expect(r.err).toBe('');
  });

  test('harness --force on an object whose metadata is not a map: exit 1 and no harness (was exit 3)', async () => {
    const file = write('meta.json', JSON.stringify([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: 'x' }, service('web'), deploy('web', 1)]));
    let err = '';
    const code = await runCli(['harness', file, '--out', path.join(dir, 'h'), '--force'], { out: () => undefined, err: (s) => void (err += s) }, {});
    expect(code).toBe(1);
    expect(err).toMatch(/metadata is "x", not a map: the API server cannot decode the object/);
    expect(fs.existsSync(path.join(dir, 'h'))).toBe(false);
  });
});

describe('the limits as documented', () => {
  test('verify --help and docs/limits.md state the limits the code enforces', () => {
    const mib = (n: number) => `${n / (1024 * 1024)} MiB`;
    const limitsDoc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'limits.md'), 'utf8');
    const help = VERIFY_USAGE.replace(/\s+/g, ' ');
    const n = (x: number) => x.toLocaleString('en-US');
    expect(help).toContain(`${mib(MAX_FILE_BYTES)} per file and ${mib(MAX_INPUT_BYTES)} per run, ${n(MAX_DOCUMENTS)} documents per file, ${MAX_NESTING_DEPTH} levels of nesting`);
    expect(help).toContain(`at most ${n(MAX_PODS_PER_WORKLOAD)} pods per workload and ${n(MAX_SIMULATED_PODS)} in all`);
    for (const text of [`${mib(MAX_FILE_BYTES)} (\`MAX_FILE_BYTES\`)`, `${mib(MAX_INPUT_BYTES)} (\`MAX_INPUT_BYTES\`)`, `${n(MAX_DOCUMENTS)} (\`MAX_DOCUMENTS\``,
      `${MAX_NESTING_DEPTH} levels (\`MAX_NESTING_DEPTH\``, `${n(MAX_EXPANDED_VALUES)} (\`MAX_EXPANDED_VALUES\`)`,
      `${n(MAX_PODS_PER_WORKLOAD)} (\`MAX_PODS_PER_WORKLOAD\`)`, `${n(MAX_SIMULATED_PODS)} (\`MAX_SIMULATED_PODS\`)`]) {
      expect(limitsDoc).toContain(text);
    }
  });
});
