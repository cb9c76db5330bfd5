// Hostile manifest shapes (issue 13): arbitrary JSON at every level of a manifest (apiVersion,
// kind, metadata, spec, ports, selector, template), keys named like Object.prototype members,
// huge and tiny numbers, NaN and Infinity (YAML's .nan and .inf), deep nesting within the limits.
// Each entry point gives findings or an input error a person reads, never an exception:
// - `verify` (the CLI's entry, runCli): exit 0 or 1, never 3 (an internal error);
// - LocalCluster.fromManifests (and its report): a result, or a ManifestInputError;
// - Harness.fromManifests: a harness, or a HarnessInputError / ManifestInputError.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { runCli } from '../../src/cli/main';
import { Harness } from '../../src/harness';
import { LocalCluster } from '../../src/simulation/local-cluster';

/** Runs per property: 1,000 each (about 11 s in all); HOSTILE_RUNS=20000 for a longer hunt. */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 1000);

const PROTO_KEYS = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf', 'prototype', 'length', 'then', 'toJSON'];

/** An object with exactly these own entries (a `__proto__` entry stays an entry, as JSON.parse keeps it). */
function objectOf(entries: Array<[string, unknown]>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

const key = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('app', 'name', 'port', 'kind', 'spec', 'metadata', 'labels', 'items', 'selector', ...PROTO_KEYS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
);

const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1, 80, 65535, 65536, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e9, 1e21, 1e308, -1e308, 5e-324, Number.MAX_VALUE),
  fc.constantFrom(NaN, Infinity, -Infinity),
);

const scalar = fc.oneof(
  number,
  fc.string({ maxLength: 10 }),
  fc.constantFrom('', 'web', 'v1', 'TCP', 'None', 'yes', 'on', '2024-01-02', '12:30:00', '0x1F', '--kubeconfig=x', '__proto__'),
  fc.boolean(),
  fc.constant(null),
);

/** Any JSON value, a few levels deep. */
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map(objectOf),
})).value;

/** A value nested `depth` levels (maps and lists in turn), under the 256-level limit. */
const deep = fc.integer({ min: 1, max: 240 }).map((depth) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? { a: v } : [v];
  return v;
});

/** Plausible or arbitrary: each field of a manifest is sometimes right, sometimes anything. */
const either = <T>(plausible: fc.Arbitrary<T>, weight = 3) => fc.oneof(
  { weight, arbitrary: plausible }, { weight: 1, arbitrary: json }, { weight: 1, arbitrary: fc.constant(undefined) });

const labels = either(fc.array(fc.tuple(fc.constantFrom('app', 'tier', ...PROTO_KEYS), fc.oneof(fc.constantFrom('web', 'db'), json)), { maxLength: 3 }).map(objectOf));

const metadata = either(fc.record({
  name: either(fc.oneof({ weight: 6, arbitrary: fc.constantFrom('web', 'db', 'web-0', 'api') }, { weight: 1, arbitrary: fc.constantFrom('Web', '-x', '', 'a|b') }), 12),
  namespace: either(fc.constantFrom('default', 'prod', 'kube-system'), 6),
  labels,
  annotations: either(fc.array(fc.tuple(key, fc.string({ maxLength: 5 })), { maxLength: 2 }).map(objectOf)),
  ownerReferences: either(fc.array(fc.record({ kind: either(fc.constantFrom('ReplicaSet', 'Deployment')), name: either(fc.constant('web')), controller: either(fc.boolean()) }, { requiredKeys: [] }), { maxLength: 2 })),
}, { requiredKeys: [] }));

const port = either(fc.record({
  name: either(fc.constantFrom('http', 'dns', '')),
  port: either(number),
  targetPort: either(fc.oneof(number, fc.constantFrom('http', 'dns', ''))),
  nodePort: either(fc.oneof(number, fc.constant(30080))),
  protocol: either(fc.constantFrom('TCP', 'UDP', 'SCTP', 'tcp')),
}, { requiredKeys: [] }));

const serviceSpec = fc.record({
  type: either(fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'Weird')),
  selector: labels,
  ports: either(fc.array(port, { maxLength: 3 })),
  clusterIP: either(fc.constantFrom('None', '10.96.0.10', '10.0.0.1', 'x')),
  externalName: either(fc.constantFrom('db.example.com', '1.2.3.4')),
  ipFamilies: either(fc.constantFrom(['IPv4'], ['IPv6'], ['IPv4', 'IPv6'])),
  externalTrafficPolicy: either(fc.constantFrom('Local', 'Cluster')),
  sessionAffinity: either(fc.constantFrom('ClientIP', 'None')),
  extra: deep,
}, { requiredKeys: [] });

const container = either(fc.record({
  name: either(fc.constantFrom('app', 'sidecar')),
  image: either(fc.constantFrom('nginx', 'busybox:1.36')),
  ports: either(fc.array(either(fc.record({ name: either(fc.constantFrom('http', 'dns')), containerPort: either(number), protocol: either(fc.constantFrom('TCP', 'UDP')) }, { requiredKeys: [] })), { maxLength: 2 })),
  restartPolicy: either(fc.constant('Always')),
}, { requiredKeys: [] }));

const podSpec = either(fc.record({
  containers: either(fc.array(container, { maxLength: 2 })),
  initContainers: either(fc.array(container, { maxLength: 1 })),
  nodeName: either(fc.constantFrom('node-1', 'node-9')),
  hostNetwork: either(fc.boolean()),
  hostname: either(fc.constantFrom('h', '')),
  subdomain: either(fc.constantFrom('web', '')),
}, { requiredKeys: [] }));

const templateMetadata = either(fc.record({ labels, annotations: json }, { requiredKeys: [] }));
const template = either(fc.record({ metadata: templateMetadata, spec: podSpec }, { requiredKeys: [] }));

const workloadSpec = fc.record({
  replicas: either(fc.oneof(fc.integer({ min: -2, max: 4 }), number)),
  parallelism: either(fc.integer({ min: -1, max: 3 })),
  serviceName: either(fc.constantFrom('web', 'db')),
  selector: either(fc.record({ matchLabels: labels }, { requiredKeys: [] })),
  template,
  jobTemplate: either(fc.record({ spec: either(fc.record({ template, parallelism: either(number) }, { requiredKeys: [] })) }, { requiredKeys: [] })),
  // Pods and containers of a bare Pod (its spec is a PodSpec).
  containers: either(fc.array(container, { maxLength: 1 })),
  nodeName: either(fc.constantFrom('node-1', 'node-9')),
}, { requiredKeys: [] });

/** Kinds with their apiVersion (mostly right, sometimes not), and kinds named like Object.prototype members. */
const TYPES: Array<[string, string]> = [
  ['v1', 'Service'], ['apps/v1', 'Deployment'], ['apps/v1', 'StatefulSet'], ['apps/v1', 'DaemonSet'], ['apps/v1', 'ReplicaSet'],
  ['v1', 'ReplicationController'], ['batch/v1', 'Job'], ['batch/v1', 'CronJob'], ['v1', 'Pod'], ['v1', 'Node'], ['v1', 'Namespace'],
  ['v1', 'Endpoints'], ['discovery.k8s.io/v1', 'EndpointSlice'], ['v1', 'ConfigMap'], ['v1', 'List'], ['v1', 'ServiceList'],
  ['serving.knative.dev/v1', 'Service'], ['v1', 'Config'], ['apps/v1', 'Service'],
  ...PROTO_KEYS.map((k): [string, string] => ['v1', k]), ...PROTO_KEYS.map((k): [string, string] => ['example.com/v1', k]),
];

const manifest: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      type: fc.constantFrom(...TYPES),
      apiVersion: fc.oneof({ weight: 10, arbitrary: fc.constant('from type') }, { weight: 1, arbitrary: json }),
      kind: fc.oneof({ weight: 10, arbitrary: fc.constant('from type') }, { weight: 1, arbitrary: json }),
      metadata,
      spec: fc.oneof(either(serviceSpec), either(workloadSpec)),
      status: either(fc.record({ phase: either(fc.constantFrom('Running', 'Pending')), podIP: either(fc.constantFrom('10.244.0.9', 'x')), conditions: json }, { requiredKeys: [] })),
      items: either(fc.array(json, { maxLength: 2 })),
      subsets: json,
      endpoints: json,
    }, { requiredKeys: ['type', 'apiVersion', 'kind'] }).map(({ type, ...o }: any) => {
      if (o.apiVersion === 'from type') o.apiVersion = type[0];
      if (o.kind === 'from type') o.kind = type[1];
      return o;
    }),
  },
  { weight: 1, arbitrary: json },
);

/** A hostile manifest whose envelope the harness accepts (a resource kind, DNS names): the hostility is inside. */
const inside: fc.Arbitrary<unknown> = fc.tuple(manifest, fc.constantFrom(...TYPES.slice(0, 14)), fc.constantFrom('web', 'db', 'api-0'), fc.constantFrom(undefined, 'default', 'prod'))
  .map(([m, [apiVersion, kind], name, namespace]: [any, [string, string], string, string | undefined]) => {
    const o = m && typeof m === 'object' && !Array.isArray(m) ? { ...m } : {};
    const md = o.metadata && typeof o.metadata === 'object' && !Array.isArray(o.metadata) ? { ...o.metadata } : {};
    return { ...o, apiVersion, kind, metadata: { ...md, name, namespace } };
  });

/** An app: a few hostile manifests next to a working Service and Deployment, so the rules and the simulation reach everything. */
const withApp = (hostile: fc.Arbitrary<unknown>) => fc.array(hostile, { minLength: 1, maxLength: 4 }).map((items) => [
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ok' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] } } },
  },
  ...items,
]);
const app = withApp(manifest);

/** True for the errors the entry points throw on purpose, for input they cannot use (a message a person reads). */
function isInputError(err: unknown): boolean {
  const name = (err as Error)?.name;
  return (name === 'ManifestInputError' || name === 'HarnessInputError') && typeof (err as Error).message === 'string' && (err as Error).message.length > 0;
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('hostile manifests', () => {
  test('verify (the CLI) answers with findings or input errors (exit 0 or 1), never an internal error', async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(app, fc.boolean(), async (objects, asYaml) => {
      // JSON cannot write NaN or Infinity (they become null); YAML writes .nan and .inf.
      const file = path.join(dir, `m${n++}.${asYaml ? 'yaml' : 'json'}`);
      fs.writeFileSync(file, asYaml ? objects.map((o) => stringify(o, { version: '1.1' })).join('---\n') : JSON.stringify(objects));
      let out = '';
      let err = '';
      const code = await runCli(['verify', file], { out: (s) => void (out += s), err: (s) => void (err += s) }, {});
      if (code !== 0 && code !== 1) throw new Error(`exit ${code}: ${err}`);
      expect(err).not.toMatch(/internal error/);
      expect(out).toMatch(/\d+ errors?( \([^)]*\))?, \d+ warnings?/);
    }), { numRuns: RUNS });
  });

  test('LocalCluster.fromManifests gives a cluster and a report, or a ManifestInputError', () => {
    fc.assert(fc.property(app, (objects) => {
      let cluster: LocalCluster;
      try {
        cluster = LocalCluster.fromManifests(objects);
      } catch (err) {
        if (!isInputError(err)) throw err;
        return;
      }
      const report = cluster.verify();
      expect(typeof report.toString()).toBe('string');
      for (const s of cluster.services()) {
        if (!s.accepted) continue;
        cluster.endpointSlices(s.name, s.namespace);
        cluster.resolve(`${s.name}.${s.namespace}.svc.cluster.local`);
      }
      expect(Array.isArray(cluster.endpoints('ok'))).toBe(true); // other manifests may add or take pods (labels, a recorded status)
    }), { numRuns: RUNS });
  });

  test.each([['any envelope', app], ['a resource envelope, hostile inside', withApp(inside)]])('Harness.fromManifests gives a harness, or a HarnessInputError or ManifestInputError (%s)', (_, apps) => {
    fc.assert(fc.property(apps, (objects) => {
      try {
        const h = Harness.fromManifests(objects);
        expect(h.file('run.sh')).toBeDefined();
      } catch (err) {
        if (!isInputError(err)) throw err;
      }
    }), { numRuns: RUNS });
  });

  // The harness copies each manifest and sets metadata.namespace (emit.ts harnessManifests): it
  // refuses `metadata: x` first with metadataProblem (src/model/input.ts), as the `harness` command does.
  test.each([['a string', 'x'], ['a number', 5], ['a block string', 'abc\n'], ['a list', ['a']]])('Harness.fromManifests on metadata that is %s: an input error', (_, md) => {
    let error: unknown;
    try {
      Harness.fromManifests([{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: md, spec: {} }]);
    } catch (err) {
      error = err;
    }
    expect(isInputError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^Deployment: metadata is .+, not a map/);
  });
});
