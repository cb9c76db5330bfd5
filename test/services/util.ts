// Helpers for the construct tests: a fresh chart, the synthesized Service of a construct, and
// the findings of the whole app.
import { App, Chart, ChartProps, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Finding } from '../../src/model/findings';
import { ServiceBase } from '../../src/services/service-base';
import { ServiceValidation } from '../../src/validation';

/** A chart in a fresh test app. */
export function newChart(props: ChartProps = {}, app: App = Testing.app()): Chart {
  return new Chart(app, 'test', props);
}

/** The manifest of `svc` as Testing.synth(chart) emits it (runs the whole synth and validation). */
export function synthService(chart: Chart, svc: ServiceBase): any {
  const out = Testing.synth(chart);
  const found = out.find((o: any) => o.kind === 'Service' && o.metadata.name === svc.name);
  if (!found) throw new Error(`no Service ${svc.name} in the synthesized chart`);
  return found;
}

/** Every finding of the app `chart` belongs to. */
export function findings(chart: Chart): Finding[] {
  return ServiceValidation.findings(chart);
}

/** The ids of the findings blamed on `svc`. */
export function ruleIdsOf(chart: Chart, svc: ServiceBase): string[] {
  return findings(chart).filter((f) => f.constructPath === svc.apiObject.node.path).map((f) => f.rule);
}

/** A raw Deployment whose pods carry `labels` and declare `ports` (so cross-object rules pass). */
export function workload(chart: Chart, id: string, labels: Record<string, string>, ports: k8s.ContainerPort[] = [{ name: 'http', containerPort: 80 }]): k8s.KubeDeployment {
  return new k8s.KubeDeployment(chart, id, {
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx', ports }] } },
    },
  });
}

/** Keeps the warnings the validation prints out of the test output (they are asserted elsewhere). */
export function quietWarnings(): void {
  beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());
}
