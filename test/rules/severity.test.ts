// The third severity, INFO (a hint, docs/severity.md), in every consumer: the engine's strict
// mode, synth validation, the one-line format, verify's text and exit code, and the plugin.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { NodePortService, Selector } from '../../src';
import { runVerify } from '../../src/cli/verify';
import { formatFinding, Severity } from '../../src/model/findings';
import { ServicesValidationPlugin } from '../../src/plugin';
import { effectiveSeverity } from '../../src/rules/engine';
import { ServiceValidation } from '../../src/validation';

test('strict promotes warnings only: errors stay errors, hints stay hints', () => {
  expect(effectiveSeverity(Severity.WARNING, true)).toBe(Severity.ERROR);
  expect(effectiveSeverity(Severity.INFO, true)).toBe(Severity.INFO);
  expect(effectiveSeverity(Severity.ERROR, false)).toBe(Severity.ERROR);
  expect(effectiveSeverity(Severity.WARNING, false)).toBe(Severity.WARNING);
});

test('formatFinding marks a hint "info:" and a warning "warning:", and names the rule', () => {
  const f = { rule: 'S4', ruleName: 'node-port-service', category: 'security' as any, objectRef: 'Service/default/web', field: 'spec.type', message: 'm', fix: 'x' };
  expect(formatFinding({ ...f, severity: Severity.INFO })).toBe('[Service/default/web] info: spec.type: m. Fix: x (rule S4 node-port-service)');
  expect(formatFinding({ ...f, severity: Severity.WARNING })).toBe('[Service/default/web] warning: spec.type: m. Fix: x (rule S4 node-port-service)');
  expect(formatFinding({ ...f, ruleName: undefined, severity: Severity.ERROR })).toBe('[Service/default/web] spec.type: m. Fix: x (rule S4)');
});

function nodePortApp(strict: boolean) {
  const app = Testing.app();
  if (strict) app.node.setContext('cdk8s-services:strict', true);
  const chart = new Chart(app, 'c');
  new k8s.KubeDeployment(chart, 'pods', {
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }] }] } },
    },
  });
  new NodePortService(chart, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }] });
  return app;
}

test('at synth a hint is not printed and does not fail, even in strict mode; findings() lists it', () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    for (const strict of [false, true]) {
      const app = nodePortApp(strict);
      expect(() => app.synth()).not.toThrow();
      expect(ServiceValidation.findings(app).map((f) => `${f.rule} ${f.severity}`)).toEqual(['S4 info']);
    }
    expect(warn).not.toHaveBeenCalled();
  } finally {
    warn.mockRestore();
  }
});

describe('verify and the plugin', () => {
  let file: string;
  beforeAll(() => {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-services-info-')), 'app.yaml');
    fs.writeFileSync(file, nodePortApp(false).synthYaml());
  });
  afterAll(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));

  test('verify prints the hint, counts it, and exits 0 with and without --strict', () => {
    for (const strict of [false, true]) {
      const out: string[] = [];
      const code = runVerify({ help: false, paths: [file], format: 'text', simulate: false, validation: { strict } }, { out: (s) => void out.push(s), err: () => undefined });
      expect(code).toBe(0);
      expect(out.join('')).toContain('  info S4 node-port-service spec.type = "NodePort"');
      expect(out.join('')).toMatch(/\n0 errors, 0 warnings, 1 hint in 1 file \(2 objects\)\n$/);
    }
  });

  test('the plugin takes a rule name in disabledRules', async () => {
    const metadata: Array<Record<string, string>> = [];
    const run = (props: any) => new ServicesValidationPlugin(props).validate({
      manifests: [file], report: { addViolation: () => undefined, submit: (_s, m) => void metadata.push(m ?? {}) }, logger: { log: () => undefined },
    });
    await run({});
    await run({ disabledRules: [{ id: 'node-port-service', reason: 'test: NodePorts are how this cluster is reached' }] });
    expect(metadata.map((m) => m.hints)).toEqual(['1', '0']);
  });
});
