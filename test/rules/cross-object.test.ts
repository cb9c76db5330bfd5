// Cross-object rules X1-X8 (src/rules/cross-object.ts). Each failing case has a passing neighbour.
import { ClusterModel } from '../../src/model/cluster-model';
import { Severity } from '../../src/model/findings';
import { CROSS_OBJECT_RULES } from '../../src/rules/cross-object';
import { checkModel } from '../../src/rules/engine';
import { check, deployment, expectNoRule, expectRule, findingsOf, service } from '../helpers';

const web = { app: 'web' };

function statefulSet(name: string, labels: Record<string, string>, serviceName?: string, extra: any = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, ...(extra.metadata ?? {}) },
    spec: {
      serviceName,
      replicas: 2,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'db', image: 'postgres', ports: [{ name: 'pg', containerPort: 5432 }] }] } },
    },
  };
}

describe('rule table', () => {
  test('ids are X1..X9, unique, each with a one-line summary and a model check', () => {
    expect(CROSS_OBJECT_RULES.map((r) => r.id)).toEqual(['X1', 'X2', 'X3', 'X4', 'X5', 'X6', 'X7', 'X8', 'X9']);
    for (const r of CROSS_OBJECT_RULES) {
      expect(r.category).toBe('cross-object');
      expect(r.summary).not.toMatch(/\n/);
      expect(r.summary.length).toBeGreaterThan(10);
      expect(typeof r.checkModel).toBe('function');
    }
  });
});

describe('X1 selector matches no pod template', () => {
  test('reports a selector with no matching Deployment, with the field and value', () => {
    const f = check([service({ selector: { app: 'wbe' }, ports: [{ port: 80 }] }), deployment('web', web)]);
    const [hit] = expectRule(f, 'X1', 'spec.selector');
    expect(hit.value).toBe('{"app":"wbe"}');
    expect(hit.objectRef).toBe('Service/default/web');
    expect(hit.message).toMatch(/no pod template in namespace "default"/);
  });

  test('accepts the same selector when a Deployment carries the labels (nearest neighbour)', () => {
    expectNoRule(check([service({ selector: web, ports: [{ port: 80 }] }), deployment('web', web)]), 'X1');
  });

  test('a workload in another namespace does not count (E1 scope)', () => {
    const f = check([service({ selector: web, ports: [{ port: 80 }] }), deployment('web', web, undefined, { metadata: { namespace: 'prod' } })]);
    expectRule(f, 'X1', 'spec.selector');
  });

  test.each([
    ['StatefulSet', statefulSet('db', web, 'web')],
    ['DaemonSet', { kind: 'DaemonSet', apiVersion: 'apps/v1', metadata: { name: 'agent' }, spec: { selector: { matchLabels: web }, template: { metadata: { labels: web }, spec: { containers: [] } } } }],
    ['Job', { kind: 'Job', apiVersion: 'batch/v1', metadata: { name: 'j' }, spec: { template: { metadata: { labels: web }, spec: { containers: [] } } } }],
    ['CronJob', { kind: 'CronJob', apiVersion: 'batch/v1', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { metadata: { labels: web }, spec: { containers: [] } } } } } }],
    ['Pod', { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p', labels: web }, spec: { containers: [] } }],
    ['ReplicaSet', { kind: 'ReplicaSet', apiVersion: 'apps/v1', metadata: { name: 'rs' }, spec: { selector: { matchLabels: web }, template: { metadata: { labels: web }, spec: { containers: [] } } } }],
  ])('a %s pod template counts as a match', (_kind, workload) => {
    expectNoRule(check([service({ selector: web, ports: [{ port: 80 }] }), workload]), 'X1');
  });

  test('skips ExternalName and selector-less Services (manual EndpointSlices are legitimate)', () => {
    const f = check([
      service({ type: 'ExternalName', externalName: 'db.example.com', selector: { app: 'nothing' } }),
      service({ ports: [{ port: 80 }] }, { name: 'manual' }),
    ]);
    expectNoRule(f, 'X1');
  });
});

describe('X2 selector matches several workloads', () => {
  const withImage = (d: any, image: string, name?: string) => {
    d.spec.template.spec.containers[0].image = image;
    if (name) d.spec.template.metadata.labels = { ...d.spec.template.metadata.labels, 'app.kubernetes.io/name': name };
    return d;
  };

  test('warns when the workloads run different applications (different app names), naming both', () => {
    const f = check([
      service({ selector: { part: 'shop' }, ports: [{ port: 80 }] }),
      withImage(deployment('web', { part: 'shop', tier: 'web' }), 'shop/web:1', 'web'),
      withImage(deployment('db', { part: 'shop', tier: 'db' }), 'postgres:16', 'postgres'),
    ]);
    const [hit] = expectRule(f, 'X2', 'spec.selector', Severity.WARNING);
    expect(hit.message).toContain('Deployment web');
    expect(hit.message).toContain('Deployment db');
    expect(hit.message).toContain('app "postgres"');
  });

  test('a headless Service over several applications is peer discovery, not spreading: no X2', () => {
    // A memberlist gossip ring: each component's pods carry one membership label; DNS lists them all.
    const workloads = [
      withImage(deployment('distributor', { member: 'true', tier: 'distributor' }), 'tracing/distributor:2', 'distributor'),
      withImage(deployment('ingester', { member: 'true', tier: 'ingester' }), 'tracing/ingester:2', 'ingester'),
    ];
    expectNoRule(check([service({ clusterIP: 'None', selector: { member: 'true' }, ports: [{ port: 7946 }] }), ...workloads]), 'X2');
    // The nearest neighbour, a ClusterIP Service on the same selector, spreads connections: X2.
    expectRule(check([service({ selector: { member: 'true' }, ports: [{ port: 7946 }] }), ...workloads]), 'X2', 'spec.selector', Severity.WARNING);
  });

  test('warns when no app name differs but the containers share no image', () => {
    const f = check([
      service({ selector: { part: 'shop' }, ports: [{ port: 80 }] }),
      withImage(deployment('web', { part: 'shop', tier: 'web' }), 'shop/web:1'),
      withImage(deployment('cache', { part: 'shop', tier: 'cache' }), 'redis:7'),
    ]);
    expectRule(f, 'X2', 'spec.selector', Severity.WARNING);
  });

  test('a version/canary split of one app (same app label, versions differ) is not reported', () => {
    const f = check([
      service({ selector: web, ports: [{ port: 80 }] }),
      withImage(deployment('web', { ...web, track: 'stable' }), 'shop/web:1.0'),
      withImage(deployment('web-canary', { ...web, track: 'canary' }), 'shop/web:1.1'),
    ]);
    expectNoRule(f, 'X2');
  });

  test('a kubectl dump of one Deployment, its ReplicaSet and its Pods is one workload (controller ownerReferences)', () => {
    const labels = { ...web, 'pod-template-hash': '5d4f' };
    const owned = (kind: string, name: string, owner: [string, string], extra: any) => ({
      apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1',
      kind,
      metadata: { name, labels: kind === 'Pod' ? labels : undefined, ownerReferences: [{ apiVersion: 'apps/v1', kind: owner[0], name: owner[1], controller: true, uid: 'u' }] },
      ...extra,
    });
    const f = check([
      service({ selector: { tier: 'x' }, ports: [{ port: 80 }] }),
      withImage(deployment('web', { tier: 'x' }), 'a/web:1'),
      owned('ReplicaSet', 'web-5d4f', ['Deployment', 'web'], { spec: { selector: { matchLabels: { tier: 'x' } }, template: { metadata: { labels: { tier: 'x' } }, spec: { containers: [{ name: 'app', image: 'b/other', ports: [{ containerPort: 80 }] }] } } } }),
    ]);
    expectNoRule(f, 'X2');
    // Without the ownerReference the two are different workloads with no image in common.
    expectRule(check([service({ selector: { tier: 'x' }, ports: [{ port: 80 }] }), withImage(deployment('web', { tier: 'x' }), 'a/web:1'), withImage(deployment('other', { tier: 'x' }), 'b/other')]), 'X2', 'spec.selector', Severity.WARNING);
    void labels;
  });

  test('accepts a selector narrowed to one workload (nearest neighbour)', () => {
    const f = check([
      service({ selector: { ...web, track: 'stable' }, ports: [{ port: 80 }] }),
      deployment('web', { ...web, track: 'stable' }),
      deployment('web-canary', { ...web, track: 'canary' }),
    ]);
    expectNoRule(f, 'X2');
  });
});

describe('X3 named targetPort does not resolve (SEMANTICS E4)', () => {
  test('reports a name no container declares, naming the workload', () => {
    const f = check([service({ selector: web, ports: [{ port: 80, targetPort: 'http' }] }), deployment('web', web, [{ name: 'web', containerPort: 8080 }])]);
    const [hit] = expectRule(f, 'X3', 'spec.ports[0].targetPort');
    expect(hit.value).toBe('"http"');
    expect(hit.message).toContain('Deployment web');
  });

  test('accepts the name when the container declares it (nearest neighbour)', () => {
    const f = check([service({ selector: web, ports: [{ port: 80, targetPort: 'http' }] }), deployment('web', web, [{ name: 'http', containerPort: 8080 }])]);
    expectNoRule(f, 'X3');
  });

  test('reports a name declared only with another protocol (E4 matches name AND protocol)', () => {
    const f = check([
      service({ selector: web, ports: [{ port: 53, targetPort: 'dns', protocol: 'UDP' }] }),
      deployment('web', web, [{ name: 'dns', containerPort: 53, protocol: 'TCP' }]),
    ]);
    const [hit] = expectRule(f, 'X3', 'spec.ports[0].targetPort');
    expect(hit.message).toMatch(/declares "dns" only as TCP, not UDP/);
  });

  test('resolves through a sidecar initContainer with restartPolicy Always, not a plain init container', () => {
    const tpl = (restartPolicy?: string) => {
      const d = deployment('web', web, []);
      d.spec.template.spec.initContainers = [{ name: 'proxy', image: 'envoy', restartPolicy, ports: [{ name: 'http', containerPort: 15001 }] }];
      return d;
    };
    const svc = service({ selector: web, ports: [{ port: 80, targetPort: 'http' }] });
    expectNoRule(check([svc, tpl('Always')]), 'X3');
    expectRule(check([svc, tpl(undefined)]), 'X3', 'spec.ports[0].targetPort');
  });

  test('reports only the workloads that miss the name when several are selected', () => {
    const f = check([
      service({ selector: web, ports: [{ port: 80, targetPort: 'http' }] }),
      deployment('good', { ...web, v: '1' }, [{ name: 'http', containerPort: 80 }]),
      deployment('bad', { ...web, v: '2' }, [{ containerPort: 80 }]),
    ]);
    const [hit] = expectRule(f, 'X3', 'spec.ports[0].targetPort');
    expect(hit.message).toContain('Deployment bad');
    expect(hit.message).not.toContain('Deployment good');
  });
});

describe('X4 numeric targetPort no container declares', () => {
  test('warns on a targetPort that looks like a typo of a declared port (swapped digits), naming it', () => {
    const f = check([service({ selector: web, ports: [{ port: 80, targetPort: 8008 }] }), deployment('web', web, [{ containerPort: 8080 }])]);
    const [hit] = expectRule(f, 'X4', 'spec.ports[0].targetPort', Severity.WARNING);
    expect(hit.message).toContain('typo of the declared 8080');
    expect(hit.fix).toContain('set targetPort to 8080');
  });

  test('warns on a dropped digit, and when the Service port is the declared one but targetPort differs', () => {
    expectRule(check([service({ selector: web, ports: [{ port: 80, targetPort: 808 }] }), deployment('web', web, [{ containerPort: 8080 }])]), 'X4', 'spec.ports[0].targetPort', Severity.WARNING);
    const [hit] = expectRule(check([service({ selector: web, ports: [{ port: 8080, targetPort: 9000 }] }), deployment('web', web, [{ containerPort: 8080 }])]), 'X4', 'spec.ports[0].targetPort', Severity.WARNING);
    expect(hit.message).toContain('the Service port 8080 is the declared one');
  });

  test('accepts the targetPort a container declares (nearest neighbour)', () => {
    expectNoRule(check([service({ selector: web, ports: [{ port: 80, targetPort: 8080 }] }), deployment('web', web, [{ containerPort: 8080 }])]), 'X4');
  });

  test('container ports are informational: an unrelated undeclared number, a neighbouring port, or no declared ports is no finding', () => {
    expectNoRule(check([service({ selector: web, ports: [{ port: 80, targetPort: 9999 }] }), deployment('web', web, [{ containerPort: 8080 }])]), 'X4');
    expectNoRule(check([service({ selector: web, ports: [{ port: 80 }] }), deployment('web', web, [{ containerPort: 8080 }])]), 'X4');
    expectNoRule(check([service({ selector: web, ports: [{ port: 80, targetPort: 8080 }, { name: 'm', port: 8081, targetPort: 8081 }] }), deployment('web', web, [{ containerPort: 8080 }])]), 'X4');
    expectNoRule(check([service({ selector: web, ports: [{ port: 80, targetPort: 8008 }] }), deployment('web', web, [])]), 'X4');
  });

  test('a typo of a port another Service port already targets is not reported', () => {
    expectNoRule(check([service({ selector: web, ports: [{ name: 'a', port: 80, targetPort: 8080 }, { name: 'b', port: 81, targetPort: 8008 }] }), deployment('web', web, [{ containerPort: 8080 }])]), 'X4');
  });
});

describe('X9 workload the API server refuses', () => {
  const ds = (spec: any) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { ...spec, template: { metadata: { labels: web }, spec: { containers: [] } } } });

  test('reports a missing selector and a selector that does not match the template; such a workload is no selection target', () => {
    // ValidateDaemonSetSpec: an absent selector matches nothing, so the template labels are at fault.
    const missing = check([service({ selector: web, ports: [{ port: 80 }] }), ds({})]);
    expectRule(missing, 'X9', 'spec.template.metadata.labels');
    expectRule(missing, 'X1', 'spec.selector');
    // ValidateDeploymentSpec: spec.selector is required, and an empty one is refused.
    const bare = deployment('web', web) as any;
    delete bare.spec.selector;
    expectRule(check([bare]), 'X9', 'spec.selector');
    const empty = deployment('web', web) as any;
    empty.spec.selector = {};
    const [e] = expectRule(check([empty]), 'X9', 'spec.selector');
    expect(e.message).toContain('empty selector is invalid for deployment');
    const mismatch = check([ds({ selector: { matchLabels: { app: 'other' } } })]);
    const [hit] = expectRule(mismatch, 'X9', 'spec.template.metadata.labels');
    expect(hit.message).toContain('selector` does not match template `labels');
  });

  test('accepts a selector the template satisfies, with matchExpressions (nearest neighbour)', () => {
    const f = check([service({ selector: web, ports: [{ port: 80 }] }), ds({ selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] } })]);
    expectNoRule(f, 'X9');
    expectNoRule(f, 'X1');
  });
});

describe('controller labels and operator workloads in selection', () => {
  test('a per-pod Service of a StatefulSet (statefulset.kubernetes.io/pod-name) selects it; a pod ordinal past the replicas does not', () => {
    const objs = [statefulSet('db', web, 'db')];
    expectNoRule(check([service({ selector: { 'statefulset.kubernetes.io/pod-name': 'db-0' }, ports: [{ port: 80 }] }), ...objs]), 'X1');
    expectRule(check([service({ selector: { 'statefulset.kubernetes.io/pod-name': 'db-99' }, ports: [{ port: 80 }] }), ...objs]), 'X1', 'spec.selector');
  });

  test('pod-template-hash and job-name select their workload (value unknowable / the Job name)', () => {
    const job = { kind: 'Job', apiVersion: 'batch/v1', metadata: { name: 'migrate' }, spec: { template: { metadata: { labels: { app: 'm' } }, spec: { containers: [] } } } };
    expectNoRule(check([service({ selector: { ...web, 'pod-template-hash': 'abc123' }, ports: [{ port: 80 }] }), deployment('web', web)]), 'X1');
    expectNoRule(check([service({ selector: { 'batch.kubernetes.io/job-name': 'migrate' }, ports: [{ port: 80 }] }), job]), 'X1');
    expectRule(check([service({ selector: { 'job-name': 'migrte' }, ports: [{ port: 80 }] }), job]), 'X1', 'spec.selector');
    // A Job name unlike any in the manifests: the Job may be created elsewhere, a warning.
    expectRule(check([service({ selector: { 'job-name': 'other' }, ports: [{ port: 80 }] }), job]), 'X1', 'spec.selector', Severity.WARNING);
  });

  test('an Argo Rollout and a prometheus-operator Prometheus run pods the model knows', () => {
    const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r' }, spec: { template: { metadata: { labels: { app: 'r' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } } } };
    const prom = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: 'k8s', namespace: 'mon' }, spec: {} };
    expectNoRule(check([service({ selector: { app: 'r' }, ports: [{ port: 80 }] }), rollout]), 'X1');
    expectNoRule(check([service({ selector: { 'app.kubernetes.io/name': 'prometheus', 'prometheus': 'k8s' }, ports: [{ port: 9090 }] }, { namespace: 'mon' }), prom]), 'X1');
  });

  test('the containers a Prometheus operator builds are unknown: a named targetPort is no X3 there, but is for a Rollout whose template lacks it', () => {
    const prom = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: 'k8s', namespace: 'mon' }, spec: {} };
    expectNoRule(check([service({ selector: { prometheus: 'k8s' }, ports: [{ port: 9090, targetPort: 'web' }] }, { namespace: 'mon' }), prom]), 'X3');
    const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r' }, spec: { template: { metadata: { labels: { app: 'r' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } } } };
    expectRule(check([service({ selector: { app: 'r' }, ports: [{ port: 80, targetPort: 'web' }] }), rollout]), 'X3', 'spec.ports[0].targetPort');
  });

  test('X1 is a hint, saying why, in a namespace holding custom resources that may create pods; an error otherwise', () => {
    const cr = { apiVersion: 'example.io/v1', kind: 'Cache', metadata: { name: 'c' }, spec: {} };
    const [hit] = expectRule(check([service({ selector: { app: 'cache' }, ports: [{ port: 80 }] }), cr]), 'X1', 'spec.selector', Severity.INFO);
    expect(hit.message).toContain('custom resources');
    expectRule(check([service({ selector: { app: 'wbe' }, ports: [{ port: 80 }] }), deployment('web', { app: 'web' })]), 'X1', 'spec.selector', Severity.ERROR);
  });

  test('X1 is a hint when a selector key is a vendor\'s label (an operator\'s pods); an error for Kubernetes\' own prefixes', () => {
    const eck = service({ selector: { 'elasticsearch.k8s.elastic.co/cluster-name': 'es' }, ports: [{ port: 9200 }] });
    const [hit] = expectRule(check([eck, deployment('web', { app: 'web' })]), 'X1', 'spec.selector', Severity.INFO);
    expect(hit.message).toContain('elasticsearch.k8s.elastic.co/cluster-name is a vendor\'s label');
    const own = service({ selector: { 'app.kubernetes.io/name': 'cache' }, ports: [{ port: 80 }] });
    expectRule(check([own, deployment('web', { 'app.kubernetes.io/name': 'cahce' })]), 'X1', 'spec.selector', Severity.ERROR);
  });

  test('X1 is a hint when the manifests hold no workload at all (a Service checked alone); an error beside any workload', () => {
    const lone = service({ selector: { app: 'cache' }, ports: [{ port: 80 }] });
    const [hit] = expectRule(check([lone]), 'X1', 'spec.selector', Severity.INFO);
    expect(hit.message).toContain('no workload at all');
    expectRule(check([lone, deployment('web', { app: 'cahce' })]), 'X1', 'spec.selector', Severity.ERROR);
  });

  test('a user-declared custom workload (podTemplatePath) is a selection target', () => {
    const cr = { apiVersion: 'example.io/v1', kind: 'Cache', metadata: { name: 'c' }, spec: { pod: { metadata: { labels: { app: 'cache' } }, spec: {} } } };
    const model = ClusterModel.fromObjects([service({ selector: { app: 'cache' }, ports: [{ port: 80 }] }), cr], { customWorkloads: [{ kind: 'Cache', apiGroup: 'example.io', podTemplatePath: 'spec.pod' }] });
    expect(model.templatesOf(model.services[0]).map((t) => t.owner.name)).toEqual(['c']);
    const without = ClusterModel.fromObjects([service({ selector: { app: 'cache' }, ports: [{ port: 80 }] }), cr]);
    expect(without.templatesOf(without.services[0])).toEqual([]);
  });
});

describe('X5 nodePort used by two Services', () => {
  const np = (name: string, nodePort: number, type = 'NodePort', metadata: any = {}) =>
    service({ type, selector: web, ports: [{ port: 80, nodePort }] }, { name, ...metadata });

  test('reports both Services, each naming the other', () => {
    const f = check([np('a', 30080), np('b', 30080, 'LoadBalancer', { namespace: 'other' }), deployment('web', web)]);
    const hits = expectRule(f, 'X5', 'spec.ports[0].nodePort');
    expect(hits.map((h) => h.objectRef).sort()).toEqual(['Service/default/a', 'Service/other/b']);
    expect(hits.find((h) => h.objectRef === 'Service/default/a')!.message).toContain('Service other/b');
  });

  test('accepts different nodePorts (nearest neighbour)', () => {
    expectNoRule(check([np('a', 30080), np('b', 30081), deployment('web', web)]), 'X5');
  });

  test('a Service refused for a validation error before the valid one holds no nodePort (its allocation is rolled back)', () => {
    const bad = service({ type: 'NodePort', selector: web, ports: [{ port: 70000, nodePort: 30080 }] }, { name: 'bad' });
    const f = check([bad, np('good', 30080), deployment('web', web)]);
    expectNoRule(f, 'X5');
    expect(f.map((x) => x.rule)).toContain('V16');
    // After the valid one, it asks for a taken port (allocation runs before validation): X5 on both.
    const later = check([np('good', 30080), bad, deployment('web', web)]);
    expect(later.filter((x) => x.rule === 'X5').map((x) => x.objectRef).sort()).toEqual(['Service/default/bad', 'Service/default/good']);
  });

  test('does not report a nodePort repeated within one Service (A11/V31 cover it)', () => {
    const svc = service({ type: 'NodePort', selector: web, ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }] });
    expectNoRule(check([svc, deployment('web', web)]), 'X5');
  });

  test('a healthCheckNodePort counts (same allocator, A12)', () => {
    const lb = service({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 30080, selector: web, ports: [{ port: 80 }] }, { name: 'lb' });
    expectRule(check([lb, np('a', 30080), deployment('web', web)]), 'X5', 'spec.healthCheckNodePort');
  });
});

describe('X1 beside workloads unlike its selector', () => {
  // The error is kept for what the manifests prove: a selector that is meant for a workload of
  // the namespace (it shares a label with it, or a key or value is a typo of one of its labels)
  // and matches none of its pods. A selector unlike every workload there (a chart's exporter
  // beside the app's own Deployment) is meant for pods deployed some other way: a warning.
  test('unlike every workload of the namespace: a warning that says the pods may come from elsewhere', () => {
    const [hit] = expectRule(check([service({ selector: { 'app.kubernetes.io/name': 'gpu-exporter' }, ports: [{ port: 9400 }] }), deployment('web', web)]),
      'X1', 'spec.selector', Severity.WARNING);
    expect(hit.message).toMatch(/no workload there has labels like these/);
  });

  test.each([
    ['its own name', 'api-gateway', { app: 'api-gateway' }],
    ['the app its name is made of', 'gpu-exporter-service', { 'app.kubernetes.io/name': 'gpu-exporter' }],
  ])('a selector that names %s (Services kept apart from their workloads, spring-petclinic-cloud): a hint', (_what, name, selector) => {
    const [hit] = expectRule(check([service({ selector, ports: [{ port: 80 }] }, { name }), deployment('web', web)]), 'X1', 'spec.selector', Severity.INFO);
    expect(hit.message).toMatch(/the selector names the Service's own app/);
  });

  test('the nearest neighbour: a selector that only starts like the name, without the dash, stays a warning', () => {
    expectRule(check([service({ selector: { app: 'api' }, ports: [{ port: 80 }] }, { name: 'apis' }), deployment('web', web)]), 'X1', 'spec.selector', Severity.WARNING);
  });

  test.each([
    ['a typo of a value', { app: 'wbe' }, { app: 'web' }],
    ['a typo of a key', { ap: 'web' }, { app: 'web' }],
    ['one shared label and one that no pod has', { app: 'web', tier: 'front' }, { app: 'web', tier: 'backend' }],
  ])('%s: an error', (_, selector, labels) => {
    expectRule(check([service({ selector, ports: [{ port: 80 }] }), deployment('web', labels)]), 'X1', 'spec.selector', Severity.ERROR);
  });

  test('the labels of a workload the API server refuses count (its pods never run: an error)', () => {
    const refused = deployment('web', web) as any;
    refused.spec.selector = { matchLabels: { app: 'other' } };
    expectRule(check([service({ selector: web, ports: [{ port: 80 }] }), refused]), 'X1', 'spec.selector', Severity.ERROR);
  });
});

describe('X1 in a namespace the input holds no workload of', () => {
  const exporter = () => service({ selector: { app: 'gpu-exporter' }, ports: [{ port: 9400 }] }, { name: 'gpu-metrics', namespace: 'gke-managed-system' });

  test('a hint: the pods are deployed there by something else (a cloud agent, another chart)', () => {
    const [hit] = expectRule(check([exporter(), deployment('web', web)]), 'X1', 'spec.selector', Severity.INFO);
    expect(hit.message).toMatch(/no workload in namespace "gke-managed-system"/);
  });

  test('an error when a workload of another namespace carries the labels: the Service is in the wrong namespace', () => {
    const [hit] = expectRule(check([exporter(), deployment('gpu-exporter', { app: 'gpu-exporter' })]), 'X1', 'spec.selector', Severity.ERROR);
    expect(hit.message).toContain('but the pods of Deployment default/gpu-exporter in namespace "default" carry these labels');
    expect(hit.fix).toBe('put the Service in the workload\'s namespace: metadata.namespace: default');
  });

  test('a Service that names no namespace, beside its workload in a named one: the message says where it lands (linkerd-examples)', () => {
    const viz = service({ selector: { name: 'viz' }, ports: [{ port: 3000 }] }, { name: 'viz' });
    const [hit] = expectRule(check([viz, deployment('viz', { name: 'viz' }, [{ containerPort: 3000 }], { metadata: { name: 'viz', namespace: 'linkerd' } })]), 'X1', 'spec.selector', Severity.ERROR);
    expect(hit.message).toContain('(it names no namespace, so it lands in "default" unless applied with -n linkerd)');
    expect(hit.fix).toBe('put the Service in the workload\'s namespace: metadata.namespace: linkerd');
  });

  test('an error when the namespace holds a workload that the selector misses (a typo, nearest neighbour)', () => {
    const typo = service({ selector: { app: 'wbe' }, ports: [{ port: 80 }] });
    expectRule(check([typo, deployment('web', web)]), 'X1', 'spec.selector', Severity.ERROR);
  });
});

describe('X1 on the pods a kubeadm cluster runs in kube-system (static control-plane pods, CoreDNS, kube-proxy)', () => {
  const inKubeSystem = (selector: Record<string, string>, namespace = 'kube-system') =>
    service({ clusterIP: 'None', selector, ports: [{ name: 'https-metrics', port: 10257 }] }, { name: 'kcm-discovery', namespace });
  // A workload in kube-system that the selector is unlike: alone, that would be a warning.
  const other = deployment('metrics-server', { 'k8s-app': 'metrics-server' }, [{ containerPort: 10250 }], { metadata: { name: 'metrics-server', namespace: 'kube-system' } });

  test.each([
    [{ component: 'kube-controller-manager' }, 'kube-controller-manager static pods'],
    [{ component: 'kube-scheduler', tier: 'control-plane' }, 'kube-scheduler static pods'],
    [{ 'k8s-app': 'kube-dns' }, 'cluster DNS pods'],
    [{ 'k8s-app': 'kube-proxy' }, 'kube-proxy pods'],
  ])('%j: a hint naming what runs them', (selector, what) => {
    const [hit] = expectRule(check([inKubeSystem(selector), other]), 'X1', 'spec.selector', Severity.INFO);
    expect(hit.message).toContain(what);
    expect(hit.message).toContain('a managed control plane');
  });

  test('the same selector outside kube-system, or with a label those pods lack, is not a cluster component (nearest neighbours)', () => {
    const elsewhere = deployment('metrics-server', { 'k8s-app': 'metrics-server' }, [{ containerPort: 10250 }], { metadata: { name: 'metrics-server', namespace: 'monitoring' } });
    const [outside] = expectRule(check([inKubeSystem({ component: 'kube-controller-manager' }, 'monitoring'), elsewhere]), 'X1', 'spec.selector', Severity.WARNING);
    expect(outside.message).not.toContain('kubeadm');
    const [extra] = expectRule(check([inKubeSystem({ component: 'kube-controller-manager', app: 'x' }), other]), 'X1', 'spec.selector', Severity.WARNING);
    expect(extra.message).not.toContain('kubeadm');
  });
});

describe('X6 duplicate Service name in a namespace', () => {
  test('reports both Services with the same name', () => {
    const f = check([service({ selector: web, ports: [{ port: 80 }] }), service({ selector: web, ports: [{ port: 81 }] }), deployment('web', web, [{ containerPort: 80 }, { containerPort: 81 }])]);
    expect(expectRule(f, 'X6', 'metadata.name', Severity.WARNING)).toHaveLength(2);
  });

  test('names where the others are, once each, without nested parentheses', () => {
    const model = ClusterModel.fromSourced([
      { object: service({ selector: web, ports: [{ port: 80 }] }), source: { file: 'a.yaml', line: 1 } },
      { object: service({ selector: web, ports: [{ port: 81 }] }), source: { file: 'b.yaml', line: 9 } },
      { object: deployment('web', web, [{ containerPort: 80 }, { containerPort: 81 }]) },
    ]);
    const [inA] = expectRule(checkModel(model), 'X6', 'metadata.name', Severity.WARNING);
    expect(inA.message).toBe('2 Services are named "web" in namespace "default" (the other: b.yaml:9); applying them leaves only the last one');
    expect(inA.fix).toMatch(/unique name/);
  });

  test('a byte-identical copy is named as the same manifest given twice (a folder read twice)', () => {
    const svc = service({ selector: web, ports: [{ port: 80 }] });
    const model = ClusterModel.fromSourced([
      { object: svc, source: { file: 'dist/app.k8s.yaml', line: 1 } },
      { object: structuredClone(svc), source: { file: 'dist/harness/manifests.k8s.yaml', line: 1 } },
      { object: deployment('web', web, [{ containerPort: 80 }]) },
    ]);
    // A hint: applying the same object twice loses nothing.
    const [first] = expectRule(checkModel(model), 'X6', 'metadata.name', Severity.INFO);
    expect(first.message).toBe('the same Service "web" in namespace "default" is given 2 times (the other: dist/harness/manifests.k8s.yaml:1); applying them leaves only the last one');
    expect(first.fix).toMatch(/^give each manifest once: leave the copy out/);
  });

  test('files that each define the same objects are variants of one app (a folder of alternatives): a hint', () => {
    const variant = (file: string, port: number) => [
      { object: service({ selector: web, ports: [{ port }] }), source: { file, line: 20 } },
      { object: deployment('web', web, [{ containerPort: port }]), source: { file, line: 1 } },
    ];
    const model = ClusterModel.fromSourced([...variant('gpu-a100.yaml', 80), ...variant('gpu-h100.yaml', 81), ...variant('tpu.yaml', 82)]);
    const found = expectRule(checkModel(model), 'X6', 'metadata.name', Severity.INFO);
    expect(found).toHaveLength(3);
    expect(found[0].message).toContain('in 3 files that each also define the objects it belongs to: variants of one app');
    expect(found[0].fix).toBe('verify each variant on its own (npx cdk8s-services verify gpu-a100.yaml), or, if they are meant to run side by side, give each Service a unique name');
  });

  test('a Service duplicated into a file that defines other objects too is a warning (nearest neighbour of variants)', () => {
    const model = ClusterModel.fromSourced([
      { object: service({ selector: web, ports: [{ port: 80 }] }), source: { file: 'web.yaml', line: 20 } },
      { object: deployment('web', web, [{ containerPort: 80 }, { containerPort: 81 }]), source: { file: 'web.yaml', line: 1 } },
      { object: service({ selector: web, ports: [{ port: 81 }] }), source: { file: 'admin.yaml', line: 1 } },
    ]);
    expect(expectRule(checkModel(model), 'X6', 'metadata.name', Severity.WARNING)).toHaveLength(2);
  });

  test('a long list of the others is cut after three', () => {
    const objects = Array.from({ length: 7 }, (_, i) => ({ object: service({ selector: web, ports: [{ port: 80 + i }] }), source: { file: 'all.yaml', line: 10 * i + 1 } }));
    const [first] = expectRule(checkModel(ClusterModel.fromSourced([...objects, { object: deployment('web', web) }])), 'X6', 'metadata.name', Severity.WARNING);
    expect(first.message).toBe('7 Services are named "web" in namespace "default" (the others: all.yaml:11, all.yaml:21, all.yaml:31 and 3 more); applying them leaves only the last one');
  });

  test('accepts the same name in two namespaces (nearest neighbour)', () => {
    const f = check([service({ selector: web, ports: [{ port: 80 }] }), service({ selector: web, ports: [{ port: 80 }] }, { namespace: 'prod' }), deployment('web', web)]);
    expectNoRule(f, 'X6');
  });

  test('accepts two Services with one generateName: each create gets its own random name', () => {
    const gen = () => service({ selector: web, ports: [{ port: 80 }] }, { name: undefined, generateName: 'web-' });
    expectNoRule(check([gen(), gen(), deployment('web', web)]), 'X6');
  });
});

describe('X7 StatefulSet serviceName', () => {
  const headless = (selector: any = { app: 'db' }) => service({ clusterIP: 'None', selector, ports: [{ port: 5432, targetPort: 'pg' }] }, { name: 'db' });

  // A warning (issue 11 severity policy): the StatefulSet is accepted and its pods serve; only
  // their <pod>.<service> DNS names are missing.
  test('reports a serviceName that names no Service, blaming the StatefulSet', () => {
    const [hit] = expectRule(check([statefulSet('db', { app: 'db' }, 'db')]), 'X7', 'spec.serviceName', Severity.WARNING);
    expect(hit.objectRef).toBe('StatefulSet/default/db');
  });

  test('accepts a headless Service that selects the pods (nearest neighbour)', () => {
    expectNoRule(check([statefulSet('db', { app: 'db' }, 'db'), headless()]), 'X7');
  });

  test('reports a serviceName that names a non-headless Service', () => {
    const svc = service({ selector: { app: 'db' }, ports: [{ port: 5432, targetPort: 'pg' }] }, { name: 'db' });
    const [hit] = expectRule(check([statefulSet('db', { app: 'db' }, 'db'), svc]), 'X7', 'spec.serviceName', Severity.WARNING);
    expect(hit.message).toMatch(/not headless/);
  });

  test('a non-headless Service of a one-replica StatefulSet is a hint: no peer needs the per-pod name', () => {
    const svc = service({ selector: { app: 'db' }, ports: [{ port: 5432, targetPort: 'pg' }] }, { name: 'db' });
    const one = statefulSet('db', { app: 'db' }, 'db');
    one.spec.replicas = 1;
    const [hit] = expectRule(check([one, svc]), 'X7', 'spec.serviceName', Severity.INFO);
    expect(hit.message).toMatch(/with 1 replica no peer/);
    // A missing Service stays a warning at one replica: the name points at nothing.
    expectRule(check([one]), 'X7', 'spec.serviceName', Severity.WARNING);
  });

  test('reports a headless Service that does not select the StatefulSet pods', () => {
    const [hit] = expectRule(check([statefulSet('db', { app: 'db' }, 'db'), headless({ app: 'other' }), deployment('o', { app: 'other' })]), 'X7', 'spec.serviceName', Severity.WARNING);
    expect(hit.message).toMatch(/does not select/);
  });

  test('a Service of that name in another namespace does not count', () => {
    const svc = service({ clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] }, { name: 'db', namespace: 'prod' });
    expectRule(check([statefulSet('db', { app: 'db' }, 'db'), svc]), 'X7', 'spec.serviceName', Severity.WARNING);
  });
});

describe('X8 Service port contradicts the container port', () => {
  test('reports a UDP Service port whose numeric target is declared only as TCP', () => {
    const f = check([service({ selector: web, ports: [{ port: 53, protocol: 'UDP' }] }), deployment('web', web, [{ containerPort: 53, protocol: 'TCP' }])]);
    const [hit] = expectRule(f, 'X8', 'spec.ports[0].protocol', Severity.WARNING);
    expect(hit.value).toBe('"UDP"');
  });

  test('a hint when the container port has no protocol written (TCP only by default; syslog servers on 514 often leave it out)', () => {
    const f = check([service({ selector: web, ports: [{ port: 514, protocol: 'UDP' }] }), deployment('web', web, [{ containerPort: 514 }])]);
    const [hit] = expectRule(f, 'X8', 'spec.ports[0].protocol', Severity.INFO);
    expect(hit.message).toMatch(/without a protocol/);
    expect(hit.fix).toMatch(/write protocol: UDP on containerPort 514/);
  });

  test('accepts the UDP port when the container declares 53/UDP as well (nearest neighbour)', () => {
    const f = check([
      service({ selector: web, ports: [{ port: 53, protocol: 'UDP' }] }),
      deployment('web', web, [{ name: 'dns-tcp', containerPort: 53 }, { name: 'dns-udp', containerPort: 53, protocol: 'UDP' }]),
    ]);
    expectNoRule(f, 'X8');
  });

  test('reports appProtocol https that resolves to a container port named http', () => {
    const f = check([
      service({ selector: web, ports: [{ port: 443, targetPort: 'http', appProtocol: 'https' }] }),
      deployment('web', web, [{ name: 'http', containerPort: 8080 }, { name: 'https', containerPort: 8443 }]),
    ]);
    expectRule(f, 'X8', 'spec.ports[0].appProtocol', Severity.WARNING);
  });

  test('accepts appProtocol https that resolves to a container port named https (nearest neighbour)', () => {
    const f = check([
      service({ selector: web, ports: [{ port: 443, targetPort: 'https', appProtocol: 'https' }] }),
      deployment('web', web, [{ name: 'http', containerPort: 8080 }, { name: 'https', containerPort: 8443 }]),
    ]);
    expectNoRule(f, 'X8');
  });

  test('without appProtocol, the Service port name prefix is compared (https-web -> http-alt)', () => {
    const bad = check([service({ selector: web, ports: [{ name: 'https-web', port: 443, targetPort: 8080 }] }), deployment('web', web, [{ name: 'http-alt', containerPort: 8080 }])]);
    expectRule(bad, 'X8', 'spec.ports[0].name', Severity.WARNING);
    const good = check([service({ selector: web, ports: [{ name: 'https-web', port: 443, targetPort: 8443 }] }), deployment('web', web, [{ name: 'https-alt', containerPort: 8443 }])]);
    expectNoRule(good, 'X8');
  });

  test('a LoadBalancer that terminates TLS (certificate annotation) may route https to http; without it, it is reported', () => {
    const lb = (annotations: Record<string, string>) => service(
      { type: 'LoadBalancer', selector: web, ports: [{ name: 'https', port: 443, targetPort: 'http' }] },
      { annotations: { 'cdk8s-services.io/public-load-balancer': 'true', ...annotations } });
    const pods = deployment('web', web, [{ name: 'http', containerPort: 8080 }]);
    expectNoRule(check([lb({ 'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': 'arn:aws:acm:eu-west-1:123:certificate/x' }), pods]), 'X8');
    const [hit] = expectRule(check([lb({}), pods]), 'X8', 'spec.ports[0].name', Severity.WARNING);
    expect(hit.fix).toContain('service.beta.kubernetes.io/aws-load-balancer-ssl-cert');
    // The annotation only concerns load balancers: a ClusterIP Service with it is still reported.
    const clusterIp = service({ selector: web, ports: [{ name: 'https', port: 443, targetPort: 'http' }] },
      { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': 'arn:x' } });
    expectRule(check([clusterIp, pods]), 'X8', 'spec.ports[0].name', Severity.WARNING);
  });

  test('names outside the TLS/plaintext sets are not compared (grpc -> metrics)', () => {
    const f = check([service({ selector: web, ports: [{ port: 80, targetPort: 'metrics', appProtocol: 'grpc' }] }), deployment('web', web, [{ name: 'metrics', containerPort: 80 }])]);
    expectNoRule(f, 'X8');
  });
});

// At scale, for correctness: speed is measured in bench/ (ours / raw at N = 5,000), not here.
describe('at scale', () => {
  test('5,000 Service+Deployment pairs: each Service is wired to its own Deployment, no cross-object finding', () => {
    const objs: any[] = [];
    for (let i = 0; i < 5000; i++) {
      objs.push(service({ selector: { app: `a${i}` }, ports: [{ port: 80, targetPort: 'http' }] }, { name: `s${i}` }));
      objs.push(deployment(`d${i}`, { app: `a${i}` }, [{ name: 'http', containerPort: 80 }]));
    }
    const model = ClusterModel.fromObjects(objs);
    const f = checkModel(model, {}, CROSS_OBJECT_RULES);
    for (const id of ['X1', 'X2', 'X3', 'X4', 'X5', 'X6', 'X7', 'X8']) expect(findingsOf(f, id)).toEqual([]);
  }, 60000);
});
