// One options object (ClusterOptions) from every entry point (issue 11 item 5, issue 15 item 1):
// the synth validation, the cdk8s plugin, `verify` and LocalCluster carry the IP families, the
// service CIDRs and the node port range to the rules and to the simulation, and read CIDRs with
// one parser, as kube-apiserver reads --service-cluster-ip-range.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { ClusterOptions, IpFamily, LocalCluster, ServicesValidationPlugin, ServiceValidation } from '../src';
import { runCli } from '../src/cli/main';
import { ipFamilyOf } from '../src/model/ip';
import { cidrContains } from '../src/model/ip-math';
import { OPTION_KINDS, resolveSettings } from '../src/rules/engine';

/** A dual-stack Service, a pinned clusterIP and a nodePort outside the default range. */
const MANIFESTS = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80 }] }] } } },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'dual' }, spec: { ipFamilyPolicy: 'RequireDualStack', selector: { app: 'web' }, ports: [{ port: 80 }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'pinned' }, spec: { clusterIP: '10.100.0.5', selector: { app: 'web' }, ports: [{ port: 80 }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'np' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 20080 }] } },
];

/** The cluster the manifests are written for; IPv4 leading zeros as kube-apiserver reads them. */
const CLUSTER: ClusterOptions = {
  clusterIpFamilies: [IpFamily.IPV4, IpFamily.IPV6],
  serviceClusterIpRanges: ['010.100.0.0/16', 'fd00:10:96::/112'],
  nodePortRange: '20000-22767',
};
const CLI_FLAGS = ['--ip-family', 'IPv4', '--ip-family', 'IPv6', '--service-cidr', '010.100.0.0/16,fd00:10:96::/112', '--node-port-range', '20000-22767'];

/**
 * The rules the default cluster refuses these manifests with: its node port range (30000-32767).
 * Its families (IPv4 only) are an assumption when not given, so RequireDualStack is a hint there
 * (A7, docs/severity.md); given as IPv4 only, the API server's error.
 */
const DEFAULT_CLUSTER_ERRORS = ['A11 Service/default/np'];
const IPV4_CLUSTER_ERRORS = ['A11 Service/default/np', 'A7 Service/default/dual']; // sorted
const IPV4: ClusterOptions = { clusterIpFamilies: [IpFamily.IPV4] };

let tmp: string;
let file: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-services-options-'));
  file = path.join(tmp, 'app.yaml');
  fs.writeFileSync(file, MANIFESTS.map((m) => stringify(m)).join('---\n'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const errorsOf = (findings: Array<{ rule: string; objectRef?: string; object?: string; severity: string }>) => // Finding objects, or verify JSON (key "object")
  findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.objectRef ?? f.object}`).sort();

async function verify(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['verify', ...argv], { out: (s) => void out.push(s), err: (s) => void err.push(s) }, {});
  return { code, out: out.join(''), err: err.join('') };
}

describe('verify carries every cluster option to the rules and the simulation', () => {
  test('dual-stack flags: no A7, two cluster IPs per dual-stack Service, the nodePort and the pinned IP kept', async () => {
    const r = await verify(file, '--format', 'json', ...CLI_FLAGS);
    expect(errorsOf(JSON.parse(r.out).findings)).toEqual([]);
    expect(r.code).toBe(0);
    const text = (await verify(file, ...CLI_FLAGS)).out;
    const line = text.split('\n').find((l) => l.startsWith('default/dual '))!;
    const ips = /cluster-ip (\S+)/.exec(line)![1].split(',');
    expect(ips.map((ip) => ipFamilyOf(ip))).toEqual(['IPv4', 'IPv6']);
    expect(cidrContains('10.100.0.0/16', ips[0])).toBe(true);
    expect(text).toMatch(/^default\/np {2}NodePort .* ports 80:20080\/TCP$/m);
    expect(text).toMatch(/^default\/pinned {2}ClusterIP {2}cluster-ip 10\.100\.0\.5 /m);
  });

  test('without the flags, the default cluster refuses the nodePort; RequireDualStack is a hint, created on an assumed dual-stack cluster', async () => {
    const r = await verify(file, '--format', 'json');
    const findings = JSON.parse(r.out).findings;
    expect(errorsOf(findings)).toEqual(DEFAULT_CLUSTER_ERRORS);
    expect(findings.filter((f: any) => f.rule === 'A7').map((f: any) => f.severity)).toEqual(['info']);
    const text = (await verify(file)).out;
    const line = text.split('\n').find((l) => l.startsWith('default/dual '))!;
    expect(/cluster-ip (\S+)/.exec(line)![1].split(',').map((ip) => ipFamilyOf(ip))).toEqual(['IPv4', 'IPv6']);
    expect(text).toMatch(/^default\/np .*cluster-ip REFUSED/m);
  });

  test('--ip-family IPv4 describes an IPv4-only cluster: RequireDualStack is refused, in the rules and in the simulation', async () => {
    const r = await verify(file, '--format', 'json', '--ip-family', 'IPv4');
    expect(errorsOf(JSON.parse(r.out).findings)).toEqual(IPV4_CLUSTER_ERRORS);
    const text = (await verify(file, '--ip-family', 'IPv4')).out;
    expect(text).toMatch(/^default\/dual .*cluster-ip REFUSED/m);
    expect(text).toMatch(/^default\/np .*cluster-ip REFUSED/m);
  });
});

describe('LocalCluster: the same options for its rules and its allocation', () => {
  test('with the cluster options: allocated as the cluster would, and verify() agrees', () => {
    const c = LocalCluster.fromManifests(MANIFESTS, CLUSTER);
    expect(c.service('dual')!.clusterIps.map((ip) => ipFamilyOf(ip))).toEqual(['IPv4', 'IPv6']);
    expect(c.service('np')).toMatchObject({ accepted: true, ports: [expect.objectContaining({ nodePort: 20080 })] });
    expect(c.service('pinned')!.clusterIp).toBe('10.100.0.5');
    expect(errorsOf(c.verify().findings)).toEqual([]);
  });

  test('without them: refused by the same rules; the undescribed families assumed to serve the dual-stack Service', () => {
    const c = LocalCluster.fromManifests(MANIFESTS);
    expect(c.services().filter((s) => !s.accepted).map((s) => s.name)).toEqual(['np']);
    expect(c.service('dual')!.clusterIps.map((ip) => ipFamilyOf(ip))).toEqual(['IPv4', 'IPv6']);
    expect(errorsOf(c.verify().findings)).toEqual(DEFAULT_CLUSTER_ERRORS);
  });

  test('an IPv4-only cluster, described: refused by the same rules', () => {
    const c = LocalCluster.fromManifests(MANIFESTS, IPV4);
    expect(c.services().filter((s) => !s.accepted).map((s) => s.name)).toEqual(['dual', 'np']);
    expect(errorsOf(c.verify().findings)).toEqual(IPV4_CLUSTER_ERRORS);
  });
});

describe('the cdk8s plugin and the synth validation read the one option set', () => {
  async function plugin(props: any): Promise<string[]> {
    const names: string[] = [];
    let status = '';
    await new ServicesValidationPlugin(props).validate({
      manifests: [file],
      report: { addViolation: (v) => void names.push(v.ruleName.split(' ')[0]), submit: (s) => void (status = s) },
      logger: { log: () => undefined },
    });
    return [status, ...names.sort()];
  }

  test('plugin: the properties reach the rules', async () => {
    expect(await plugin(CLUSTER)).toEqual(['success']);
    expect(await plugin({})).toEqual(['failure', 'A11']);
    expect(await plugin(IPV4)).toEqual(['failure', 'A11', 'A7']);
  });

  test('plugin: its properties are the options, every one of them', async () => {
    const values: Record<string, unknown> = {
      strict: false,
      nodePortRange: '20000-22767',
      disabledRules: [],
      allowPublicLoadBalancers: false,
      serviceClusterIpRanges: ['010.100.0.0/16', 'fd00:10:96::/112'],
      clusterIpFamilies: [IpFamily.IPV4, IpFamily.IPV6],
      kubernetesVersion: '1.35',
      customWorkloads: [{ kind: 'Cache', apiGroup: 'cache.example.io', podTemplatePath: 'spec.pod' }],
    };
    expect(Object.keys(values).sort()).toEqual(Object.keys(OPTION_KINDS).sort());
    expect(await plugin(values)).toEqual(['success']);
  });

  function app(setup: (chart: Chart) => void, context: Record<string, unknown> = {}) {
    const a = Testing.app();
    for (const [k, v] of Object.entries(context)) a.node.setContext(k, v);
    const chart = new Chart(a, 'c');
    MANIFESTS.forEach((m, i) => new ApiObject(chart, `o${i}`, m));
    setup(chart);
    return chart;
  }

  test('synth validation: configure() and the context keys (cdk8s-services:<option>) reach the rules', () => {
    expect(errorsOf(ServiceValidation.findings(app((c) => ServiceValidation.configure(c, CLUSTER))))).toEqual([]);
    const context = Object.fromEntries(Object.entries(CLUSTER).map(([k, v]) => [`cdk8s-services:${k}`, v]));
    const byContext = app((c) => ServiceValidation.configure(c, {}), context);
    expect(errorsOf(ServiceValidation.findings(byContext))).toEqual([]);
    expect(errorsOf(ServiceValidation.findings(app((c) => ServiceValidation.configure(c, {}))))).toEqual(DEFAULT_CLUSTER_ERRORS);
    expect(errorsOf(ServiceValidation.findings(app((c) => ServiceValidation.configure(c, IPV4))))).toEqual(IPV4_CLUSTER_ERRORS);
  });
});

describe('one CIDR parser: kube-apiserver\'s (netutils.ParseCIDRSloppy, at most two, one per family)', () => {
  test('IPv4 leading zeros are read as decimal, by configure() and by verify alike', async () => {
    expect(resolveSettings({ serviceClusterIpRanges: ['010.96.0.0/12'] }).serviceClusterIpRanges).toEqual(['010.96.0.0/12']);
    const r = await verify(file, '--service-cidr', '010.200.0.0/16', '--format', 'json');
    expect(r.code).toBe(1); // 10.100.0.5 is outside 10.200.0.0/16: A10, so the range was read
    expect(errorsOf(JSON.parse(r.out).findings)).toContain('A10 Service/default/pinned');
  });

  test.each([
    ['three CIDRs', ['10.96.0.0/12', 'fd00::/112', '10.200.0.0/16'], /are 3 CIDRs; kube-apiserver takes at most two/],
    ['two of one family', ['10.96.0.0/12', '10.200.0.0/16'], /are both IPv4; a dual-stack cluster has one CIDR per IP family/],
    ['not a CIDR', ['10.96.0.0/33'], /"10.96.0.0\/33" is not a CIDR/],
  ])('%s: refused by configure() and by verify with the same words', async (_name, ranges, message) => {
    expect(() => resolveSettings({ serviceClusterIpRanges: ranges })).toThrow(message);
    expect(() => ServiceValidation.findings(app2(ranges))).toThrow(message);
    const r = await verify(file, '--service-cidr', ranges.join(','));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`--service-cidr .*${message.source}`));
  });

  function app2(ranges: string[]) {
    const chart = new Chart(Testing.app(), 'c');
    MANIFESTS.forEach((m, i) => new ApiObject(chart, `o${i}`, m));
    ServiceValidation.configure(chart, { serviceClusterIpRanges: ranges });
    return chart;
  }
});
