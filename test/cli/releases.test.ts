// `verify --kubernetes-version V` agrees with release V's create path, for every V in 1.27..1.35
// (issue 12). Each case is our own manifest for a case of the Kubernetes tests or source named in
// its `source`: pkg/api/service/warnings_test.go TestGetWarningsForService and
// TestGetWarningsForServiceClusterIPs, pkg/apis/core/validation/validation.go ValidateService and
// ValidateServiceClusterIPsRelatedFields (read at commit 000f2605), the PRs that changed them
// (docs/kubernetes-versions.md says which release each landed in and how that was confirmed) and
// pkg/features/kube_features.go's versioned gate defaults. Every case runs through the CLI
// (runCli), so the exit code is the verdict: 1 when the release refuses the Service, 0 otherwise.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ExitCode } from '../../src/cli/args';
import { runCli } from '../../src/cli/main';

const RELEASES = [27, 28, 29, 30, 31, 32, 33, 34, 35];
const sel = { app: 'web' };
const ports = [{ port: 80 }];

/** What release V does with the Service: refuse it (422, or strict decoding), warn, or say nothing. */
interface Expect {
  outcome: 'refused' | 'warned' | 'accepted';
  /** Our rule id for the error or warning. */
  rule?: string;
  field?: string;
  /** The API server's text, where the source gives it. */
  message?: string;
}

interface Case {
  name: string;
  source: string;
  spec: any;
  metadata?: any;
  status?: any;
  /** [from, to, expectation] over 27..35, each release exactly once. */
  per: Array<[number, number, Expect]>;
}

const refused = (rule: string, field: string, message?: string): Expect => ({ outcome: 'refused', rule, field, message });
const warned = (rule: string, field: string, message?: string): Expect => ({ outcome: 'warned', rule, field, message });
const accepted: Expect = { outcome: 'accepted' };
const HINTS = 'service.kubernetes.io/topology-aware-hints';

const CASES: Case[] = [
  {
    name: 'deprecated topology hints annotation',
    source: 'warnings_test.go TestGetWarningsForService "deprecated hints annotation set"',
    metadata: { annotations: { [HINTS]: 'auto' } },
    spec: { selector: sel, ports },
    per: [[27, 35, warned('W1', `metadata.annotations[${HINTS}]`,
      `annotation ${HINTS} is deprecated, please use service.kubernetes.io/topology-mode instead`)]],
  },
  {
    name: 'new topology mode annotation',
    source: 'warnings_test.go TestGetWarningsForService "new topology mode set"',
    metadata: { annotations: { 'service.kubernetes.io/topology-mode': 'Auto' } },
    spec: { selector: sel, ports },
    per: [[27, 35, accepted]],
  },
  {
    name: 'externalIPs entry with a leading zero',
    source: 'warnings_test.go TestGetWarningsForServiceClusterIPs "Service with all IPs fields with errors" (externalIPs[1])',
    spec: { selector: sel, ports, externalIPs: ['10.012.2.2'] },
    per: [
      [27, 32, warned('W3', 'spec.externalIPs[0]',
        'IP address was accepted, but will be invalid in a future Kubernetes release: ParseAddr("10.012.2.2"): IPv4 field has octet with leading zero')],
      // apimachinery v0.33.0 pkg/util/validation/ip.go GetWarningsForIP (warnings.go calls it from 1.33).
      [33, 35, warned('W3', 'spec.externalIPs[0]', 'non-standard IP address "10.012.2.2" will be considered invalid in a future Kubernetes release: use "10.12.2.2"')],
    ],
  },
  {
    name: 'non-canonical IPv6 loadBalancerSourceRanges entry',
    source: 'warnings_test.go Test_getWarningsForCIDR "IPv6 non-canonical format"',
    spec: { type: 'LoadBalancer', selector: sel, ports, loadBalancerSourceRanges: ['2001:db8:0:0::/64'] },
    per: [
      [27, 32, warned('W5', 'spec.loadBalancerSourceRanges[0]',
        'IPv6 prefix "2001:db8:0:0::/64" is not in RFC 5952 canonical format ("2001:db8::/64"), which may cause controller apply-loops')],
      [33, 35, warned('W5', 'spec.loadBalancerSourceRanges[0]', 'IPv6 CIDR value "2001:db8:0:0::/64" should be in RFC 5952 canonical format ("2001:db8::/64")')],
    ],
  },
  {
    name: 'loadBalancerSourceRanges entry with host bits',
    source: 'apimachinery v0.33.0 ip.go GetWarningsForCIDR ("ambiguous"); warnings.go getWarningsForCIDR through 1.32 accepts it silently',
    spec: { type: 'LoadBalancer', selector: sel, ports, loadBalancerSourceRanges: ['10.0.0.1/24'] },
    per: [[27, 32, accepted], [33, 35, warned('W5', 'spec.loadBalancerSourceRanges[0]', 'CIDR value "10.0.0.1/24" is ambiguous in this context (should be "10.0.0.0/24" or "10.0.0.1/32"?)')]],
  },
  {
    name: 'LoadBalancer exposing the kubelet port 10250',
    source: 'validation.go ValidateService ports.KubeletPort check, removed by PR 129174 (merged 2024-12-12, after 1.32.0)',
    spec: { type: 'LoadBalancer', selector: sel, ports: [{ port: 10250 }] },
    per: [[27, 32, refused('V9', 'spec.ports[0]')], [33, 35, accepted]],
  },
  {
    name: 'externalIPs on an ExternalName Service',
    source: 'warnings.go GetWarningsForService, PR 119310 (milestone v1.28)',
    spec: { type: 'ExternalName', externalName: 'db.example.com', externalIPs: ['203.0.113.10'] },
    per: [[27, 27, accepted], [28, 35, warned('W6', 'spec.externalIPs', 'spec.externalIPs is ignored when spec.type is "ExternalName"')]],
  },
  {
    name: 'externalName on a ClusterIP Service',
    source: 'warnings.go GetWarningsForService, PR 119310 (milestone v1.28)',
    spec: { selector: sel, ports, externalName: 'db.example.com' },
    per: [[27, 27, accepted], [28, 35, warned('W6', 'spec.externalName', 'spec.externalName is ignored when spec.type is not "ExternalName"')]],
  },
  {
    name: 'externalTrafficPolicy Local on a ClusterIP Service with externalIPs',
    source: 'validation.go validateServiceExternalTrafficPolicy, ExternallyAccessible: PR 119150 (CHANGELOG-1.29)',
    spec: { selector: sel, ports, externalIPs: ['203.0.113.10'], externalTrafficPolicy: 'Local' },
    per: [[27, 28, refused('V37', 'spec.externalTrafficPolicy', 'may only be set when `type` is \'NodePort\' or \'LoadBalancer\'')], [29, 35, accepted]],
  },
  {
    name: 'a ClusterIP Service with externalIPs and no externalTrafficPolicy (defaulted to Cluster from 1.29)',
    source: 'pkg/apis/core/v1/defaults.go SetDefaults_Service (ExternallyAccessible), validation.go Required branch',
    spec: { selector: sel, ports, externalIPs: ['203.0.113.10'] },
    per: [[27, 35, accepted]],
  },
  {
    name: 'externalTrafficPolicy on a plain ClusterIP Service',
    source: 'validation.go validateServiceExternalTrafficPolicy (message changed by PR 119150, 1.29)',
    spec: { selector: sel, ports, externalTrafficPolicy: 'Cluster' },
    per: [
      [27, 28, refused('V37', 'spec.externalTrafficPolicy', 'may only be set when `type` is \'NodePort\' or \'LoadBalancer\'')],
      [29, 35, refused('V37', 'spec.externalTrafficPolicy', 'may only be set for externally-accessible services')],
    ],
  },
  {
    name: 'loadBalancerSourceRanges with a bare IP',
    source: 'validation.go ValidateService source ranges: one error on the list, then per entry with IsValidCIDR (apimachinery v0.30.0)',
    spec: { type: 'LoadBalancer', selector: sel, ports, loadBalancerSourceRanges: ['10.0.0.0/8', '203.0.113.7'] },
    per: [
      [27, 29, refused('V33', 'spec.LoadBalancerSourceRanges')],
      [30, 35, refused('V33', 'spec.LoadBalancerSourceRanges[1]', 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')],
    ],
  },
  {
    name: 'trafficDistribution PreferClose',
    source: 'types.go ServiceSpec (1.30), strategy.go dropServiceDisabledFields, validateServiceTrafficDistribution, warnings.go (PR 134457, 1.35)',
    spec: { selector: sel, ports, trafficDistribution: 'PreferClose' },
    per: [
      [27, 29, refused('T2', 'spec.trafficDistribution')],
      [30, 30, warned('W8', 'spec.trafficDistribution')],
      [31, 34, accepted],
      [35, 35, warned('W9', 'spec.trafficDistribution', 'spec.trafficDistribution: "PreferClose" is deprecated; use "PreferSameZone"')],
    ],
  },
  {
    name: 'trafficDistribution PreferSameNode',
    source: 'kube_features.go PreferSameTrafficDistribution (1.33 alpha off, 1.34 beta on, 1.35 GA), PR 130844',
    spec: { selector: sel, ports, trafficDistribution: 'PreferSameNode' },
    per: [
      [27, 29, refused('T2', 'spec.trafficDistribution')],
      [30, 30, warned('W8', 'spec.trafficDistribution')],
      [31, 33, refused('V43', 'spec.trafficDistribution', 'Unsupported value: "PreferSameNode": supported values: "PreferClose"')],
      [34, 35, accepted],
    ],
  },
  {
    name: 'headless Service with loadBalancerIP',
    source: 'warnings.go GetWarningsForService isHeadlessService, PR 132214 (1.34)',
    spec: { clusterIP: 'None', selector: sel, ports, loadBalancerIP: '203.0.113.5' },
    per: [[27, 33, accepted], [34, 35, warned('W7', 'spec.loadBalancerIP', 'spec.loadBalancerIP is ignored for headless services')]],
  },
  {
    name: 'headless Service with defaults',
    source: 'warnings.go isHeadlessService; PR 134054 (and its 1.34 backport 134133) stopped the SessionAffinity warning on defaulted Services',
    spec: { clusterIP: 'None', selector: sel, ports },
    per: [[27, 35, accepted]],
  },
  {
    name: 'three cluster IPs of one family',
    source: 'validation.go ValidateServiceClusterIPsRelatedFields: "max two" sets no hasInvalidIPs, so the family check runs',
    spec: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', '10.96.0.11', '10.96.0.12'], ipFamilyPolicy: 'PreferDualStack', selector: sel, ports },
    per: [[27, 35, refused('V27', 'spec.clusterIPs', 'may specify no more than one IP for each IP family')]],
  },
  {
    name: 'a port without its number',
    source: 'v1 defaults.go SetDefaults_Service copies port 0 to targetPort; validation.go validateServicePort checks both',
    spec: { selector: sel, ports: [{ name: 'http' }] },
    per: [[27, 35, refused('V18', 'spec.ports[0].targetPort', 'targetPort is not set, so it is the port (0): must be between 1 and 65535, inclusive')]],
  },
  {
    name: 'status.loadBalancer.ingress[].ipMode',
    source: 'types.go LoadBalancerIngress.IPMode (1.29, LoadBalancerIPMode); strict field validation before',
    spec: { type: 'LoadBalancer', selector: sel, ports },
    status: { loadBalancer: { ingress: [{ ip: '203.0.113.20', ipMode: 'Proxy' }] } },
    per: [[27, 28, refused('T2', 'status.loadBalancer.ingress[].ipMode')], [29, 35, accepted]],
  },
];

/** A Deployment the Services select, so the simulation-free verdict is the API server's alone. */
const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    selector: { matchLabels: sel },
    template: { metadata: { labels: sel }, spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }, { containerPort: 10250 }] }] } },
  },
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'releases-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function expectationAt(c: Case, minor: number): Expect {
  const hits = c.per.filter(([from, to]) => minor >= from && minor <= to);
  if (hits.length !== 1) throw new Error(`case "${c.name}" covers 1.${minor} ${hits.length} times`);
  return hits[0][2];
}

async function verifyAt(c: Case, minor: number) {
  const file = path.join(dir, `${c.name.replace(/[^a-z0-9]+/gi, '-')}.json`);
  const svc: any = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'default', ...(c.metadata ?? {}) }, spec: c.spec };
  if (c.status) svc.status = c.status;
  fs.writeFileSync(file, JSON.stringify([svc, DEPLOYMENT]));
  let out = '';
  const code = await runCli(['verify', '--no-simulate', '--format', 'json', '--kubernetes-version', `1.${minor}`, file],
    { out: (t) => { out += t; }, err: () => undefined }, {});
  const findings: any[] = JSON.parse(out).findings.filter((f: any) => f.category === 'api-server');
  return { code, findings };
}

describe('verify --kubernetes-version agrees with each release\'s create path', () => {
  test('every case covers each of 1.27..1.35 exactly once', () => {
    for (const c of CASES) for (const m of RELEASES) expect(() => expectationAt(c, m)).not.toThrow();
  });

  const table = CASES.flatMap((c) => RELEASES.map((m) => [m, c.name, expectationAt(c, m).outcome, c] as const));
  test.each(table)('1.%i: %s is %s', async (minor, _name, _outcome, c) => {
    const want = expectationAt(c, minor);
    const { code, findings } = await verifyAt(c, minor);
    const errors = findings.filter((f) => f.severity === 'error');
    const warnings = findings.filter((f) => f.severity === 'warning');
    if (want.outcome === 'accepted') {
      expect(findings.map((f) => `${f.rule} ${f.field}: ${f.message}`)).toEqual([]);
      expect(code).toBe(ExitCode.OK);
      return;
    }
    if (want.outcome === 'warned') {
      expect(errors).toEqual([]);
      expect(code).toBe(ExitCode.OK);
    } else {
      expect(code).toBe(ExitCode.FAILED);
    }
    const mine = (want.outcome === 'refused' ? errors : warnings).filter((f) => f.rule === want.rule && f.field === want.field);
    expect(mine.length).toBeGreaterThan(0);
    if (want.message) expect(mine.map((f) => f.message)).toContain(want.message);
  });
});
