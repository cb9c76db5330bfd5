// Suppression of one finding on one object, with a reason (issue 11): the annotation
// cdk8s-services.io/ignore, ServiceBase.ignoreRule, and every entry point that reports findings.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, JsonPatch, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { runVerify } from '../../src/cli/verify';
import { ClusterModel } from '../../src/model/cluster-model';
import { Severity } from '../../src/model/findings';
import { ServicesValidationPlugin, ValidationPluginViolation } from '../../src/plugin';
import { checkModelReport, DOCUMENTED_RULES, ValidationOptions } from '../../src/rules/engine';
import { IGNORE_ANNOTATION, parseIgnoreAnnotation } from '../../src/rules/suppression';
import { ClusterIpService, ExternalNameService, ServiceBase } from '../../src/services';
import { LocalCluster } from '../../src/simulation/local-cluster';
import { ServiceValidation } from '../../src/validation';
import { check, deployment, expectNoRule, expectRule, findingsOf, service } from '../helpers';

const web = { app: 'web' };
/** X3 (a named targetPort no container declares) on Service "web", an error. */
const x3App = (annotations?: Record<string, string>) => [
  service({ selector: web, ports: [{ port: 80, targetPort: 'htp' }] }, annotations ? { annotations } : {}),
  deployment('web', web),
];
const report = (objects: any[], options: ValidationOptions = {}) => checkModelReport(ClusterModel.fromObjects(objects), options);

describe('the annotation', () => {
  test('suppresses the finding of the rule it names, by id, with the reason', () => {
    expectRule(check(x3App()), 'X3');
    const r = report(x3App({ [IGNORE_ANNOTATION]: 'X3: the sidecar adds the htp port at admission' }));
    expectNoRule(r.findings, 'X3');
    expect(r.suppressed).toEqual([expect.objectContaining({
      rule: 'X3',
      ruleName: 'named-target-port-undeclared',
      objectRef: 'Service/default/web',
      severity: Severity.ERROR,
      reason: 'the sidecar adds the htp port at admission',
    })]);
  });

  test('by name too, and among several entries separated by ";" or new lines', () => {
    for (const text of [
      'named-target-port-undeclared: injected port',
      'S2: public on purpose; X3: injected port',
      'S2: public on purpose\nnamed-target-port-undeclared: injected port\n',
    ]) {
      const r = report(x3App({ [IGNORE_ANNOTATION]: text }));
      expectNoRule(r.findings, 'X3');
      expect(r.suppressed.map((f) => `${f.rule}: ${f.reason}`)).toEqual(['X3: injected port']);
      expectNoRule(r.findings, 'I1');
    }
  });

  test('suppresses only the rule it names, on the object it is on (nearest neighbours)', () => {
    const other = report(x3App({ [IGNORE_ANNOTATION]: 'X4: something else' }));
    expectRule(other.findings, 'X3');
    expect(other.suppressed).toEqual([]);
    // The same annotation on the Deployment does not touch the Service's finding.
    const objects = x3App();
    objects[1].metadata.annotations = { [IGNORE_ANNOTATION]: 'X3: on the wrong object' };
    expectRule(report(objects).findings, 'X3');
  });

  test('strict mode does not undo a suppression; a suppressed error is no error', () => {
    const r = report(x3App({ [IGNORE_ANNOTATION]: 'X3: injected port' }), { strict: true });
    expect(r.findings.filter((f) => f.severity === Severity.ERROR)).toEqual([]);
    expect(r.suppressed).toHaveLength(1);
  });

  test('an entry without a reason suppresses nothing and is itself a finding (I1) that says how to write it', () => {
    for (const text of ['X3', 'X3:', 'X3:   ']) {
      const f = check(x3App({ [IGNORE_ANNOTATION]: text }));
      expectRule(f, 'X3');
      const [i1] = expectRule(f, 'I1', `metadata.annotations[${IGNORE_ANNOTATION}]`, Severity.WARNING);
      expect(i1.message).toContain('gives no reason for ignoring X3 (named-target-port-undeclared)');
      expect(i1.fix).toContain('"X3: <why this object is fine>"');
    }
  });

  test('an entry naming no rule is a finding (I1) with a did-you-mean', () => {
    const f = check(x3App({ [IGNORE_ANNOTATION]: 'named-target-port-undeclard: typo in the name' }));
    expectRule(f, 'X3');
    const [i1] = expectRule(f, 'I1', undefined, Severity.WARNING);
    expect(i1.message).toContain('names no rule: "named-target-port-undeclard" (did you mean named-target-port-undeclared?)');
  });

  test('I1 itself cannot be suppressed (the annotation would hide its own mistake)', () => {
    const f = check(x3App({ [IGNORE_ANNOTATION]: 'I1: hide it; X3' }));
    expectRule(f, 'I1', undefined, Severity.WARNING);
  });

  test('works on any object a rule blames: X7 on a StatefulSet', () => {
    const sts = (annotations: Record<string, string> = {}) => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', annotations },
      spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [] } } },
    });
    expect(findingsOf(check([sts()]), 'X7').length).toBeGreaterThan(0);
    const r = report([sts({ [IGNORE_ANNOTATION]: 'governing-service-invalid: per-pod names are not used' })]);
    expectNoRule(r.findings, 'X7');
    expect(r.suppressed.map((f) => f.rule)).toContain('X7');
  });

  test('property: entries joined with "; " parse back to the rules and reasons written', () => {
    const rule = fc.constantFrom(...DOCUMENTED_RULES.flatMap((r) => [r.id, r.name]));
    const reason = fc.string({ minLength: 1, maxLength: 30 }).map((s) => s.replace(/[;\r\n]/g, ' ').trim()).filter((s) => s !== '');
    fc.assert(fc.property(fc.array(fc.tuple(rule, reason), { minLength: 1, maxLength: 5 }), (entries) => {
      const parsed = parseIgnoreAnnotation(entries.map(([r, why]) => `${r}: ${why}`).join('; '));
      expect(parsed).toEqual(entries.map(([r, why]) => ({ rule: r, reason: why })));
    }), { numRuns: 200 });
  });
});

describe('ServiceBase.ignoreRule', () => {
  function app(ignore?: (s: ServiceBase) => void) {
    const a = Testing.app();
    const chart = new Chart(a, 'c');
    const svc = new ClusterIpService(chart, 'web', { metadata: { name: 'web' }, ports: [{ port: 80 }] });
    svc.selectLabel('app', 'nothing-has-this'); // X1
    ignore?.(svc);
    return { a, chart, svc };
  }

  test('writes the annotation, so the YAML says it, and the finding is suppressed at synth', () => {
    const plain = app();
    expect(ServiceValidation.findings(plain.a).map((f) => f.rule)).toContain('X1');
    const ignored = app((s) => {
      s.ignoreRule('X1', 'the pods come from another chart');
      s.ignoreRule('S2', 'not a LoadBalancer; shows that entries add up');
    });
    const manifest = ignored.chart.toJson().find((o: any) => o.kind === 'Service');
    expect(manifest.metadata.annotations[ServiceBase.IGNORE_ANNOTATION]).toBe('X1: the pods come from another chart; S2: not a LoadBalancer, shows that entries add up');
    expect(ServiceValidation.findings(ignored.a).map((f) => f.rule)).not.toContain('X1');
    expect(ServiceValidation.suppressedFindings(ignored.a).map((f) => `${f.rule} ${f.reason}`)).toEqual(['X1 the pods come from another chart']);
    expect(() => ignored.a.synth()).not.toThrow();
  });

  test('the construct and the engine name the same annotation', () => {
    expect(ServiceBase.IGNORE_ANNOTATION).toBe(IGNORE_ANNOTATION);
  });

  test('suppresses construct-level findings too (C6 on an ExternalNameService)', () => {
    const build = (ignore: boolean) => {
      const a = Testing.app();
      const ext = new ExternalNameService(new Chart(a, 'c'), 'db', { externalName: 'db.example.com' });
      ext.apiObject.addJsonPatch(JsonPatch.add('/spec/selector', { app: 'db' })); // C6: no select() on it, only a patch
      if (ignore) ext.ignoreRule('external-name-selector', 'kept for a later switch to ClusterIP');
      return a;
    };
    expect(ServiceValidation.findings(build(false)).map((f) => f.rule)).toEqual(['C6']);
    expect(ServiceValidation.findings(build(true)).map((f) => f.rule)).toEqual([]);
    expect(ServiceValidation.suppressedFindings(build(true)).map((f) => f.rule)).toEqual(['C6']);
  });

  test('an empty reason suppresses nothing: the synth reports I1 next to the finding', () => {
    const { a } = app((s) => s.ignoreRule('X1', ' '));
    expect(ServiceValidation.findings(a).map((f) => f.rule).sort()).toEqual(['I1', 'X1']);
  });
});

describe('verify, the plugin and LocalCluster', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-services-ignore-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (objects: any[]) => {
    const file = path.join(dir, 'app.yaml');
    fs.writeFileSync(file, objects.map((o) => toYaml(o)).join('---\n'));
    return file;
  };
  const verify = (file: string, format: 'json' | 'text', simulate = false) => {
    const out: string[] = [];
    const code = runVerify({ help: false, paths: [file], format, simulate, validation: {} }, { out: (s) => void out.push(s), err: () => undefined });
    return { code, out: out.join('') };
  };

  test('verify --format json lists the suppressed finding with its reason; the exit code ignores it', () => {
    const bad = verify(write(x3App()), 'json');
    expect(bad.code).toBe(1);
    const ok = verify(write(x3App({ [IGNORE_ANNOTATION]: 'X3: injected port' })), 'json');
    expect(ok.code).toBe(0);
    const json = JSON.parse(ok.out);
    expect(json.findings.map((f: any) => f.rule)).not.toContain('X3');
    expect(json.suppressed).toEqual([expect.objectContaining({ rule: 'X3', ruleName: 'named-target-port-undeclared', reason: 'injected port', severity: 'error' })]);
  });

  test('the text summary counts suppressed findings', () => {
    const text = verify(write(x3App({ [IGNORE_ANNOTATION]: 'X3: injected port' })), 'text').out;
    expect(text).toMatch(/0 errors, 0 warnings, 1 suppressed in 1 file \(2 objects\)\n$/);
    expect(verify(write(x3App()), 'text').out).not.toContain('suppressed');
  });

  test('the simulation\'s own finding (E3, no ready pod) is suppressed in verify and LocalCluster.verify', () => {
    const objects = (annotations?: Record<string, string>) => [
      service({ selector: web, ports: [{ port: 80 }] }, annotations ? { annotations } : {}),
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web-0', labels: web },
        spec: { containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }] }] },
        status: { phase: 'Running', podIP: '10.244.0.5', conditions: [{ type: 'Ready', status: 'False' }] },
      },
    ];
    expect(JSON.parse(verify(write(objects()), 'json', true).out).findings.map((f: any) => f.rule)).toContain('E3');
    const json = JSON.parse(verify(write(objects({ [IGNORE_ANNOTATION]: 'no-ready-endpoints: started by hand' })), 'json', true).out);
    expect(json.findings.map((f: any) => f.rule)).not.toContain('E3');
    expect(json.suppressed.map((f: any) => `${f.rule} ${f.reason}`)).toEqual(['E3 started by hand']);

    const cluster = LocalCluster.fromManifests(objects({ [IGNORE_ANNOTATION]: 'E3: started by hand' })).verify();
    expect(cluster.findings.map((f) => f.rule)).not.toContain('E3');
    expect(cluster.suppressed.map((f) => f.rule)).toEqual(['E3']);
  });

  test('LocalCluster.verify keeps rule findings suppressed too, and ok ignores them', () => {
    const r = LocalCluster.fromManifests(x3App({ [IGNORE_ANNOTATION]: 'X3: injected port' })).verify();
    expect(r.ok).toBe(true);
    expect(r.suppressed.map((f) => f.rule)).toEqual(['X3']);
    expect(LocalCluster.fromManifests(x3App()).verify().ok).toBe(false);
  });

  test('the plugin counts suppressed findings and does not fail on them', async () => {
    const run = async (objects: any[]) => {
      const violations: ValidationPluginViolation[] = [];
      let status = '';
      let metadata: Record<string, string> = {};
      await new ServicesValidationPlugin().validate({
        manifests: [write(objects)],
        report: { addViolation: (v) => void violations.push(v), submit: (s, m) => { status = s; metadata = m ?? {}; } },
        logger: { log: () => undefined },
      });
      return { violations, status, metadata };
    };
    expect((await run(x3App())).status).toBe('failure');
    const ok = await run(x3App({ [IGNORE_ANNOTATION]: 'X3: injected port' }));
    expect(ok.status).toBe('success');
    expect(ok.violations).toEqual([]);
    expect(ok.metadata).toMatchObject({ errors: '0', suppressed: '1' });
  });
});
