// Custom resources whose operators create pods, declared by the user (issue 11 item 2,
// ClusterOptions.customWorkloads): every entry point (synth validation, configure(), context
// keys, the plugin, verify, LocalCluster) hands the declaration to the model, so the rules and
// the simulation see the same pods.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { CustomWorkload, LocalCluster, ServicesValidationPlugin, ServiceValidation } from '../src';
import { runCli } from '../src/cli/main';
import { customWorkloadsFrom } from '../src/model/cluster-model';

/** A custom resource whose operator runs `spec.pod` as its pods' template, and the operator's label. */
const cache = (port = 'resp') => ({
  apiVersion: 'cache.example.io/v1',
  kind: 'Cache',
  metadata: { name: 'sessions' },
  spec: {
    replicas: 2,
    podLabels: { 'cache.example.io/instance': 'sessions' },
    pod: { metadata: { labels: { app: 'sessions' } }, spec: { containers: [{ name: 'cache', image: 'example.org/cache:1', ports: [{ name: port, containerPort: 6379 }] }] } },
  },
});
const service = (selector: Record<string, string> = { app: 'sessions' }) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'sessions' },
  spec: { selector, ports: [{ name: 'resp', port: 6379, targetPort: 'resp' }] },
});
const DECLARED: CustomWorkload[] = [{ kind: 'Cache', apiGroup: 'cache.example.io', podTemplatePath: 'spec.pod', podLabelsPaths: ['spec.podLabels'] }];

const rulesOf = (findings: Array<{ rule: string; severity: string }>) => findings.map((f) => `${f.rule} ${f.severity}`).sort();

describe('LocalCluster', () => {
  test('undeclared: the Service has no endpoints and X1 is a hint (an operator may make the pods)', () => {
    const c = LocalCluster.fromManifests([cache(), service()]);
    expect(c.endpoints('sessions')).toEqual([]);
    expect(rulesOf(c.verify().findings)).toEqual(['X1 info']);
  });

  test('declared: two pods from the template, endpoints on the named port, and no finding', () => {
    const c = LocalCluster.fromManifests([cache(), service()], { customWorkloads: DECLARED });
    expect(c.endpoints('sessions').map((e) => e.ports.resp)).toEqual([6379, 6379]);
    expect(c.verify().findings).toEqual([]);
  });

  test('declared: the operator\'s label map (podLabelsPaths) is on the pods too', () => {
    const c = LocalCluster.fromManifests([cache(), service({ 'cache.example.io/instance': 'sessions' })], { customWorkloads: DECLARED });
    expect(c.endpoints('sessions')).toHaveLength(2);
  });

  test('declared: the template\'s containers reach the rules (a named targetPort they lack is X3)', () => {
    const c = LocalCluster.fromManifests([cache('redis'), service()], { customWorkloads: DECLARED });
    expect(rulesOf(c.verify().findings)).toContain('X3 error');
  });

  test('a kind of another group is not the declared one', () => {
    const other = { ...cache(), apiVersion: 'cache.other.io/v1' };
    expect(LocalCluster.fromManifests([other, service()], { customWorkloads: DECLARED }).endpoints('sessions')).toEqual([]);
    // Without apiGroup, the kind in any group.
    expect(LocalCluster.fromManifests([other, service()], { customWorkloads: [{ kind: 'Cache', podTemplatePath: 'spec.pod' }] }).endpoints('sessions')).toHaveLength(2);
  });
});

describe('synth validation and the plugin', () => {
  function chart(context: Record<string, unknown> = {}) {
    const app = Testing.app();
    for (const [k, v] of Object.entries(context)) app.node.setContext(k, v);
    const c = new Chart(app, 'c');
    new ApiObject(c, 'cache', cache('redis'));
    new ApiObject(c, 'svc', service());
    return c;
  }

  test('configure() and the cdk8s-services:customWorkloads context key reach the rules', () => {
    expect(rulesOf(ServiceValidation.findings(chart()))).toEqual(['X1 info']);
    const configured = chart();
    ServiceValidation.configure(configured, { customWorkloads: DECLARED });
    expect(rulesOf(ServiceValidation.findings(configured))).toEqual(['X3 error']);
    expect(rulesOf(ServiceValidation.findings(chart({ 'cdk8s-services:customWorkloads': DECLARED })))).toEqual(['X3 error']);
  });

  test('a malformed context value is one readable error, not a crash', () => {
    const bad = chart({ 'cdk8s-services:customWorkloads': [{ kind: 'Cache' }] });
    expect(() => ServiceValidation.findings(bad)).toThrow(/context cdk8s-services:customWorkloads\[0\] \(kind Cache\) needs podTemplatePath or podLabelsPaths/);
  });

  test('the plugin property', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-services-cw-'));
    const file = path.join(dir, 'app.yaml');
    fs.writeFileSync(file, [cache('redis'), service()].map((m) => stringify(m)).join('---\n'));
    const run = async (props: any) => {
      const names: string[] = [];
      await new ServicesValidationPlugin(props).validate({
        manifests: [file],
        report: { addViolation: (v) => void names.push(`${v.ruleName.split(' ')[0]}${v.ruleName.startsWith('cdk8s-services') ? ` ${v.recommendation}` : ''}`), submit: () => undefined },
        logger: { log: () => undefined },
      });
      return names;
    };
    expect(await run({})).toEqual([]);
    expect(await run({ customWorkloads: DECLARED })).toEqual(['X3']);
    const bad = await run({ customWorkloads: 'Cache' });
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/property customWorkloads must be a list/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('verify --custom-workload', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-services-cw-'));
    fs.writeFileSync(path.join(dir, 'app.yaml'), [cache(), service({ 'cache.example.io/instance': 'sessions' })].map((m) => stringify(m)).join('---\n'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  async function verify(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['verify', dir, ...argv], { out: (s) => void out.push(s), err: (s) => void err.push(s) }, {});
    return { code, out: out.join(''), err: err.join('') };
  }

  test('KIND.GROUP=PATH,labels:PATH declares it: the X1 hint is gone and the simulation has endpoints', async () => {
    const before = await verify('--format', 'json');
    expect(rulesOf(JSON.parse(before.out).findings)).toEqual(['X1 info']);
    const after = await verify('--format', 'json', '--custom-workload', 'Cache.cache.example.io=spec.pod,labels:spec.podLabels');
    expect(JSON.parse(after.out).findings).toEqual([]);
    const text = (await verify('--custom-workload', 'Cache.cache.example.io=spec.pod,labels:spec.podLabels')).out;
    expect(text).toMatch(/resp 6379\/TCP -> resp: 10\.244\.\S+:6379 sessions-\S+, 10\.244\.\S+:6379 sessions-/);
  });

  test.each([
    ['Cache', /needs KIND\[\.GROUP\]=PATH/],
    ['Cache.cache.example.io=spec..pod', /--custom-workload\[0\]\.podTemplatePath must be a dotted path/],
    ['Cache=spec.pod,spec.template', /one pod template path/],
    ['9Cache=spec.pod', /kind must be a kind/],
  ])('%s is a usage error (exit 2) that says what to write', async (arg, message) => {
    const r = await verify('--custom-workload', arg);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('customWorkloadsFrom (YAML and JSON give any shape)', () => {
  test.each([
    [{ kind: 'Cache' }, /needs podTemplatePath or podLabelsPaths/],
    [{ kind: 'Cache', podTemplatePath: 'spec.pod', replicas: 2 }, /unknown field "replicas"/],
    [{ kind: 'Cache', apiGroup: 'cache.example.io/v1', podTemplatePath: 'spec.pod' }, /without the version/],
    [{ kind: 'Cache', podLabelsPaths: 'spec.podLabels' }, /must be a list of dotted paths/],
    ['Cache', /must be a mapping/],
  ])('%j is refused', (entry, message) => {
    expect(() => customWorkloadsFrom([entry], 'where')).toThrow(message);
  });

  test('a good declaration is kept as written; none is undefined', () => {
    expect(customWorkloadsFrom(DECLARED, 'where')).toEqual(DECLARED);
    expect(customWorkloadsFrom(undefined, 'where')).toBeUndefined();
  });
});
