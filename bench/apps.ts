// The apps the benchmarks synthesize: N Deployment+Service pairs, written four ways.
//
//   raw       cdk8s KubeDeployment + KubeService: no checks at all (the baseline)
//   ours      KubeDeployment + ClusterIpService with Selector.fromApiObject(deployment): the same
//             objects as `raw`, plus every rule of the library (api-server, cross-object, security)
//   plus      cdk8s-plus-27 Deployment + deployment.exposeViaService(), with cdk8s-plus' defaults
//             as a cdk8s-plus user gets them (it adds a securityContext and resource requests and
//             limits to every pod, so its manifests are larger)
//   oursPlus  cdk8s-plus-27 Deployment + ClusterIpService (information only, not budgeted)
//   rawL2     `raw` with each KubeService inside a plain Construct at id `Resource`: the shape of
//             an L2 construct (AWS Construct Library guidelines, cdk8s-plus), no checks. What
//             that shape alone costs cdk8s (information only)
//   rawRender `rawL2` plus one validation on the app that renders every ApiObject once (toJson)
//             and checks nothing: the floor of any synth-time check that reads the objects'
//             JSON, since cdk8s renders them again for the YAML and no public API of cdk8s lets
//             a library share that rendering (information only; issue 14)
//
// Every pair: Deployment `web-i` (3 replicas, pod label app=web-i, one container port 8080 named
// http) and Service `web-i` (port 80 -> targetPort 8080). `ours` and `raw` emit the same objects
// except that our Service states `type: ClusterIP` (the API server's default).
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ClusterIpService, Selector, ServiceValidation, TargetPort } from '../src';

/** The ways of writing the app. */
export type Variant = 'raw' | 'ours' | 'plus' | 'oursPlus' | 'rawL2' | 'rawRender';

export const VARIANTS: Variant[] = ['raw', 'ours', 'plus', 'oursPlus', 'rawL2', 'rawRender'];

/** What each variant is, for the table and the README. */
export const DESCRIPTIONS: Record<Variant, string> = {
  raw: 'KubeDeployment + KubeService (cdk8s, no checks)',
  ours: 'KubeDeployment + ClusterIpService (all rules on)',
  plus: 'kplus.Deployment + exposeViaService (cdk8s-plus-27)',
  oursPlus: 'kplus.Deployment + ClusterIpService (all rules on)',
  rawL2: 'KubeDeployment + Construct owning a KubeService (no checks)',
  rawRender: 'rawL2 + every ApiObject rendered once at validation (no checks)',
};

/** Pod replicas of every Deployment (issue 4 simulates three-replica Deployments). */
export const REPLICAS = 3;

function kubeDeployment(chart: Chart, i: number): k8s.KubeDeployment {
  const labels = { app: `web-${i}` };
  return new k8s.KubeDeployment(chart, `d${i}`, {
    metadata: { name: `web-${i}` },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: 'nginx:1.25', ports: [{ name: 'http', containerPort: 8080 }] }] },
      },
    },
  });
}

function kplusDeployment(chart: Chart, i: number): kplus.Deployment {
  return new kplus.Deployment(chart, `d${i}`, {
    metadata: { name: `web-${i}` },
    replicas: REPLICAS,
    containers: [{
      name: 'app',
      image: 'nginx:1.25',
      ports: [{ name: 'http', number: 8080 }],
    }],
  });
}

/** Adds pair `i` of `variant` to `chart`. */
function addPair(variant: Variant, chart: Chart, i: number): void {
  const name = `web-${i}`;
  switch (variant) {
    case 'raw': {
      kubeDeployment(chart, i);
      new k8s.KubeService(chart, `s${i}`, {
        metadata: { name },
        spec: { selector: { app: name }, ports: [{ port: 80, targetPort: k8s.IntOrString.fromNumber(8080) }] },
      });
      return;
    }
    case 'ours': {
      const deployment = kubeDeployment(chart, i);
      new ClusterIpService(chart, `s${i}`, {
        metadata: { name },
        selector: Selector.fromApiObject(deployment),
        ports: [{ port: 80, targetPort: TargetPort.number(8080) }],
      });
      return;
    }
    case 'rawL2':
    case 'rawRender': {
      kubeDeployment(chart, i);
      new k8s.KubeService(new Construct(chart, `s${i}`), 'Resource', {
        metadata: { name },
        spec: { selector: { app: name }, ports: [{ port: 80, targetPort: k8s.IntOrString.fromNumber(8080) }] },
      });
      return;
    }
    case 'plus': {
      const deployment = kplusDeployment(chart, i);
      deployment.exposeViaService({ name, ports: [{ port: 80, targetPort: 8080 }] });
      return;
    }
    case 'oursPlus': {
      const deployment = kplusDeployment(chart, i);
      new ClusterIpService(chart, `s${i}`, {
        metadata: { name },
        selector: deployment,
        ports: [{ port: 80, targetPort: TargetPort.number(8080) }],
      });
      return;
    }
  }
}

/** Builds the app of one variant with `n` Deployment+Service pairs, synthesizing into `outdir`. */
export function buildApp(variant: Variant, n: number, outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  const chart = new Chart(app, 'bench');
  for (let i = 0; i < n; i++) addPair(variant, chart, i);
  if (variant === 'rawRender') {
    // Once per app: each benchmark app is synthesized once (App.synth validates once per chart too).
    let rendered = false;
    app.node.addValidation({
      validate: () => {
        if (!rendered) for (const c of app.node.findAll()) if (ApiObject.isApiObject(c)) c.toJson();
        rendered = true;
        return [];
      },
    });
  }
  return app;
}

/**
 * Checks that the comparison is fair before anything is timed: `ours` emits exactly `raw`'s
 * objects (its Services also state `type: ClusterIP`), and the apps with our constructs have no
 * finding (a benchmark of the error path would measure something else). Returns the problems.
 */
export function checkApps(): string[] {
  const problems: string[] = [];
  const render = (variant: Variant) => buildApp(variant, 3).charts[0].toJson();
  const raw = render('raw');
  const ours = render('ours').map((o: any) => {
    if (o.kind !== 'Service') return o;
    const { type, ...spec } = o.spec;
    if (type !== 'ClusterIP') problems.push(`ours: Service ${o.metadata.name} has type ${type}`);
    return { ...o, spec };
  });
  if (JSON.stringify(ours) !== JSON.stringify(raw)) problems.push('ours does not emit the same objects as raw (besides type: ClusterIP)');
  if (JSON.stringify(render('rawL2')) !== JSON.stringify(raw)) problems.push('rawL2 does not emit the same objects as raw');
  if (JSON.stringify(render('rawRender')) !== JSON.stringify(raw)) problems.push('rawRender does not emit the same objects as raw');
  for (const variant of ['ours', 'oursPlus'] as Variant[]) {
    const findings = ServiceValidation.findings(buildApp(variant, 3));
    if (findings.length > 0) problems.push(`${variant}: ${findings.length} finding(s), e.g. ${findings[0].rule}: ${findings[0].message}`);
  }
  return problems;
}
