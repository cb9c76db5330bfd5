// kubernetesVersion: for every release 1.27-1.35 the rules agree with that release's create path
// (docs/kubernetes-versions.md; each row names the Kubernetes source it was read from), plus the
// option's parsing and its plumbing (context key, plugin property, verify flag, LocalCluster).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { ClusterIpService, LocalCluster, Selector, ServicesValidationPlugin } from '../../../src';
import { UsageError } from '../../../src/cli/args';
import { parseVerifyArgs, runVerify } from '../../../src/cli/verify';
import { Finding, Severity } from '../../../src/model/findings';
import { parseKubernetesVersion, resolveSettings } from '../../../src/rules/engine';
import { check, expectNoRule, expectRule, service } from '../../helpers';

const sel = { app: 'web' };
const ports = [{ port: 80 }];
const RELEASES = [27, 28, 29, 30, 31, 32, 33, 34, 35];

/** What a release's create path does with a case: refused (error), warned, or accepted silently. */
type Outcome = 'refused' | 'warned' | 'accepted';

interface Row {
  what: string;
  spec: any;
  extra?: any;
  /** The rule id the finding carries (when not accepted). */
  rule: string;
  field: string;
  /** Outcome per release range, [from, to, outcome], covering 27-35. */
  outcomes: Array<[number, number, Outcome]>;
}

const ROWS: Row[] = [
  {
    // validation.go ValidateService: the ports.KubeletPort check, removed by PR 129174 (1.33).
    what: 'a LoadBalancer exposing port 10250',
    spec: { type: 'LoadBalancer', selector: sel, ports: [{ port: 10250 }] },
    rule: 'V9',
    field: 'spec.ports[0]',
    outcomes: [[27, 32, 'refused'], [33, 35, 'accepted']],
  },
  {
    // warnings.go GetWarningsForService (PR 119310, 1.28).
    what: 'an ExternalName Service with externalIPs',
    spec: { type: 'ExternalName', externalName: 'db.example.com', externalIPs: ['203.0.113.10'] },
    rule: 'W6',
    field: 'spec.externalIPs',
    outcomes: [[27, 27, 'accepted'], [28, 35, 'warned']],
  },
  {
    what: 'a ClusterIP Service with externalName',
    spec: { externalName: 'db.example.com', selector: sel, ports },
    rule: 'W6',
    field: 'spec.externalName',
    outcomes: [[27, 27, 'accepted'], [28, 35, 'warned']],
  },
  {
    // validation.go validateServiceExternalTrafficPolicy: apiservice.ExternallyAccessible from 1.29.
    what: 'a ClusterIP Service with externalIPs and externalTrafficPolicy Local',
    spec: { selector: sel, ports, externalIPs: ['203.0.113.10'], externalTrafficPolicy: 'Local' },
    rule: 'V37',
    field: 'spec.externalTrafficPolicy',
    outcomes: [[27, 28, 'refused'], [29, 35, 'accepted']],
  },
  {
    // Unknown before 1.30 (T2, strict field validation); strategy.go dropServiceDisabledFields in
    // 1.30 (gate off, W8); validateServiceTrafficDistribution 1.31+; warnings.go deprecation in 1.35 (W9).
    what: 'trafficDistribution PreferClose',
    spec: { selector: sel, ports, trafficDistribution: 'PreferClose' },
    rule: '',
    field: 'spec.trafficDistribution',
    outcomes: [[27, 29, 'refused'], [30, 30, 'warned'], [31, 34, 'accepted'], [35, 35, 'warned']],
  },
  {
    // PreferSameTrafficDistribution: alpha (off) 1.33, beta (on) 1.34, GA 1.35.
    what: 'trafficDistribution PreferSameZone',
    spec: { selector: sel, ports, trafficDistribution: 'PreferSameZone' },
    rule: '',
    field: 'spec.trafficDistribution',
    outcomes: [[27, 29, 'refused'], [30, 30, 'warned'], [31, 33, 'refused'], [34, 35, 'accepted']],
  },
  {
    what: 'trafficDistribution PreferSameNode',
    spec: { selector: sel, ports, trafficDistribution: 'PreferSameNode' },
    rule: '',
    field: 'spec.trafficDistribution',
    outcomes: [[27, 29, 'refused'], [30, 30, 'warned'], [31, 33, 'refused'], [34, 35, 'accepted']],
  },
  {
    what: 'trafficDistribution with an unknown value',
    spec: { selector: sel, ports, trafficDistribution: 'Nearby' },
    rule: '',
    field: 'spec.trafficDistribution',
    outcomes: [[27, 29, 'refused'], [30, 30, 'warned'], [31, 35, 'refused']],
  },
  {
    // warnings.go GetWarningsForService, isHeadlessService (1.34).
    what: 'a headless Service with sessionAffinity ClientIP',
    spec: { clusterIP: 'None', selector: sel, ports, sessionAffinity: 'ClientIP' },
    rule: 'W7',
    field: 'spec.sessionAffinity',
    outcomes: [[27, 33, 'accepted'], [34, 35, 'warned']],
  },
  {
    what: 'a headless Service with externalIPs',
    spec: { clusterIP: 'None', selector: sel, ports, externalIPs: ['203.0.113.10'] },
    rule: 'W7',
    field: 'spec.externalIPs',
    outcomes: [[27, 33, 'accepted'], [34, 35, 'warned']],
  },
  {
    // LoadBalancerIPMode: status.loadBalancer.ingress[].ipMode is in v1 from 1.29.
    what: 'status.loadBalancer.ingress[].ipMode',
    spec: { type: 'LoadBalancer', selector: sel, ports },
    extra: { status: { loadBalancer: { ingress: [{ ip: '203.0.113.20', ipMode: 'VIP' }] } } },
    rule: 'T2',
    field: 'status.loadBalancer.ingress[].ipMode',
    outcomes: [[27, 28, 'refused'], [29, 35, 'accepted']],
  },
];

function outcomeIn(row: Row, minor: number): Outcome {
  const hit = row.outcomes.find(([from, to]) => minor >= from && minor <= to);
  if (!hit) throw new Error(`row "${row.what}" has no outcome for 1.${minor}`);
  return hit[2];
}

function findingsAt(row: Row, minor: number): Finding[] {
  const obj = { ...service(row.spec), ...(row.extra ?? {}) };
  return check([obj], { kubernetesVersion: `1.${minor}` }).filter((f) => f.category === 'api-server' && f.field === row.field);
}

describe('every release 1.27-1.35 follows its own create path', () => {
  test('every row covers every release exactly once', () => {
    for (const row of ROWS) {
      expect(RELEASES.map((m) => row.outcomes.filter(([a, b]) => m >= a && m <= b).length)).toEqual(RELEASES.map(() => 1));
    }
  });
  const cases = ROWS.flatMap((row) => RELEASES.map((minor) => [row.what, minor, outcomeIn(row, minor), row] as const));
  test.each(cases)('%s on 1.%i: %s', (_what, minor, outcome, row) => {
    const found = findingsAt(row, minor);
    if (outcome === 'accepted') {
      expect(found).toEqual([]);
      return;
    }
    const severity = outcome === 'refused' ? Severity.ERROR : Severity.WARNING;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.severity === severity)).toBe(true);
    if (row.rule) expect(found.map((f) => f.rule)).toContain(row.rule);
  });
});

describe('V33 error paths gain an index in 1.30', () => {
  const lb = { type: 'LoadBalancer', selector: sel, ports, loadBalancerSourceRanges: ['10.0.0.0/8', '203.0.113.7'] };
  test('1.29 names the whole list, 1.30 the entry', () => {
    expectRule(check([service(lb)], { kubernetesVersion: '1.29' }), 'V33', 'spec.LoadBalancerSourceRanges');
    const at30 = expectRule(check([service(lb)], { kubernetesVersion: '1.30' }), 'V33', 'spec.LoadBalancerSourceRanges[1]');
    expect(at30).toHaveLength(1);
  });
  test('a list of CIDRs passes in both', () => {
    for (const v of ['1.29', '1.30']) expectNoRule(check([service({ ...lb, loadBalancerSourceRanges: ['10.0.0.0/8'] })], { kubernetesVersion: v }), 'V33');
  });
});

describe('new rules: one failing and one passing case each', () => {
  const at = (spec: any, v: string, extra: any = {}) => check([{ ...service(spec), ...extra }], { kubernetesVersion: v });
  test('W6: externalName on a ClusterIP Service warns with the API server text (1.28); without it, nothing', () => {
    const [f] = expectRule(at({ externalName: 'db.example.com', selector: sel, ports }, '1.28'), 'W6', 'spec.externalName', Severity.WARNING);
    expect(f.message).toBe('spec.externalName is ignored when spec.type is not "ExternalName"');
    expectNoRule(at({ selector: sel, ports }, '1.28'), 'W6');
  });
  test('W7: headless with loadBalancerIP warns (1.34); a headless Service with defaults does not', () => {
    const [f] = expectRule(at({ clusterIP: 'None', selector: sel, ports, loadBalancerIP: '203.0.113.5' }, '1.34'), 'W7', 'spec.loadBalancerIP', Severity.WARNING);
    expect(f.message).toBe('spec.loadBalancerIP is ignored for headless services');
    expectNoRule(at({ clusterIP: 'None', selector: sel, ports }, '1.34'), 'W7');
  });
  test('V43: PreferSameNode on 1.33 is NotSupported and names PreferClose; on 1.34 it passes', () => {
    const [f] = expectRule(at({ selector: sel, ports, trafficDistribution: 'PreferSameNode' }, '1.33'), 'V43', 'spec.trafficDistribution');
    expect(f.message).toContain('"PreferClose"');
    expect(f.fix).toContain('1.34');
    expectNoRule(at({ selector: sel, ports, trafficDistribution: 'PreferSameNode' }, '1.34'), 'V43');
  });
  test('W8: 1.30 drops trafficDistribution; without the field, nothing', () => {
    expectRule(at({ selector: sel, ports, trafficDistribution: 'PreferClose' }, '1.30'), 'W8', 'spec.trafficDistribution', Severity.WARNING);
    expectNoRule(at({ selector: sel, ports }, '1.30'), 'W8');
  });
  test('W9: PreferClose is deprecated in 1.35; PreferSameZone is not', () => {
    const [f] = expectRule(at({ selector: sel, ports, trafficDistribution: 'PreferClose' }, '1.35'), 'W9', 'spec.trafficDistribution', Severity.WARNING);
    expect(f.message).toBe('spec.trafficDistribution: "PreferClose" is deprecated; use "PreferSameZone"');
    expectNoRule(at({ selector: sel, ports, trafficDistribution: 'PreferSameZone' }, '1.35'), 'W9');
  });
  test('T2: trafficDistribution is an unknown field on 1.29 (refused, no warning follows); on 1.30 it is known', () => {
    const found = at({ selector: sel, ports, trafficDistribution: 'PreferClose' }, '1.29');
    const [f] = expectRule(found, 'T2', 'spec.trafficDistribution');
    expect(f.message).toContain('unknown field "spec.trafficDistribution"');
    expectNoRule(at({ selector: sel, ports, trafficDistribution: 'PreferClose' }, '1.30'), 'T2');
  });
});

describe('kubernetesVersion parsing', () => {
  test('accepts 1.33, v1.33 and 1.33.2 as minor 33; the default is 1.35', () => {
    for (const v of ['1.33', 'v1.33', '1.33.2', ' 1.33 ']) expect(parseKubernetesVersion(v)).toBe(33);
    expect(resolveSettings().kubernetesVersion).toBe(35);
    expect(resolveSettings({ kubernetesVersion: '1.27' }).kubernetesVersion).toBe(27);
  });
  test('refuses a malformed or unknown release, naming the range', () => {
    expect(() => parseKubernetesVersion('1.26')).toThrow('kubernetesVersion "1.26" is not supported: the rules know 1.27 through 1.35');
    expect(() => parseKubernetesVersion('1.36')).toThrow(/not supported/);
    expect(() => parseKubernetesVersion('2.1')).toThrow(/is not a Kubernetes release: write major.minor, e.g. "1.35" \(the rules know 1.27 through 1.35\)/);
    expect(() => parseKubernetesVersion('latest')).toThrow(/is not a Kubernetes release/);
    expect(() => resolveSettings({ kubernetesVersion: '1.3' })).toThrow(/not supported/);
  });
});

describe('kubernetesVersion reaches every entry point', () => {
  const LB_10250 = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubelet-lb', namespace: 'default' }, spec: { type: 'LoadBalancer', selector: sel, ports: [{ port: 10250 }] } };

  test('verify --kubernetes-version: 1.32 refuses port 10250 on a LoadBalancer, 1.33 accepts it; a bad value is a usage error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-version-'));
    const file = path.join(dir, 'svc.json');
    fs.writeFileSync(file, JSON.stringify(LB_10250));
    const run = (...argv: string[]) => {
      let out = '';
      const code = runVerify(parseVerifyArgs(argv), { out: (t) => { out += t; }, err: () => undefined });
      return { code, out };
    };
    expect(parseVerifyArgs(['--kubernetes-version', 'v1.33', file]).validation.kubernetesVersion).toBe('v1.33');
    const old = run('--no-simulate', '--format', 'json', '--kubernetes-version', '1.32', file);
    expect(JSON.parse(old.out).findings.map((f: Finding) => f.rule)).toContain('V9');
    const now = run('--format', 'json', '--kubernetes-version', '1.33', file);
    expect(JSON.parse(now.out).findings.map((f: Finding) => f.rule)).not.toContain('V9');
    expect(() => run('--no-simulate', '--kubernetes-version', '1.20', file)).toThrow(UsageError);
    expect(() => run('--no-simulate', '--kubernetes-version', '1.20', file)).toThrow(/^--kubernetes-version "1.20" is not supported/);
  });

  test('the plugin property: "1.32" refuses port 10250, "1.33" accepts it; a number or an unknown release is a configuration error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-version-'));
    const file = path.join(dir, 'svc.json');
    fs.writeFileSync(file, JSON.stringify(LB_10250));
    const run = async (props: any) => {
      const violations: any[] = [];
      let status = '';
      const report = { addViolation: (v: any) => violations.push(v), submit: (s: string) => { status = s; } };
      await new ServicesValidationPlugin(props).validate({ manifests: [file], report, logger: { log: () => undefined } } as any);
      return { violations, status };
    };
    expect((await run({ kubernetesVersion: '1.32' })).violations.map((v) => v.ruleName)).toContainEqual(expect.stringMatching(/^V9 /));
    expect((await run({ kubernetesVersion: '1.33' })).violations.map((v) => v.ruleName)).not.toContainEqual(expect.stringMatching(/^V9 /));
    const number = await run({ kubernetesVersion: 1.3 });
    expect(number.status).toBe('failure');
    expect(number.violations[0].recommendation).toMatch(/property kubernetesVersion must be a string: YAML and JSON read 1.3 as a number/);
    expect((await run({ kubernetesVersion: '1.99' })).violations[0].recommendation).toMatch(/not supported/);
  });

  test('the context key cdk8s-services:kubernetesVersion: trafficDistribution PreferSameNode fails on 1.33 and synthesizes on 1.34', () => {
    const synth = (version: string) => {
      const app = Testing.app();
      app.node.setContext('cdk8s-services:kubernetesVersion', version);
      app.node.setContext('cdk8s-services:disabledRules', [{ id: 'X1', reason: 'this test has no workload' }]);
      const chart = new Chart(app, 'c');
      new ClusterIpService(chart, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }] });
      // The lead adds a trafficDistribution prop to the constructs; until then a plain ApiObject
      // in the same app carries the field (the checks cover every object of the app).
      new ApiObject(chart, 'near', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'near' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80 }], trafficDistribution: 'PreferSameNode' },
      });
      return () => app.synth();
    };
    expect(synth('1.33')).toThrow(/V43/);
    expect(synth('1.34')).not.toThrow();
  });

  test('LocalCluster kubernetesVersion: on 1.32 the port-10250 LoadBalancer is refused (no address), on 1.33 it is created', () => {
    const old = LocalCluster.fromManifests([LB_10250], { kubernetesVersion: '1.32' });
    expect(old.service('kubelet-lb')!.accepted).toBe(false);
    expect(old.verify().findings.map((f) => f.rule)).toContain('V9');
    const now = LocalCluster.fromManifests([LB_10250], { kubernetesVersion: '1.33' });
    expect(now.service('kubelet-lb')!.accepted).toBe(true);
    expect(() => LocalCluster.fromManifests([LB_10250], { kubernetesVersion: 'one' })).toThrow(/is not a Kubernetes release/);
  });
});
