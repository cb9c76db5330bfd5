// Consumer rules N1-N6 (src/rules/consumers.ts). Each failing case has a passing neighbour.
import { Severity } from '../../src/model/findings';
import { CONSUMER_RULES } from '../../src/rules/consumers';
import { check, deployment, expectNoRule, expectRule, service } from '../helpers';

const web = () => [
  service({ selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] }),
  deployment('web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]),
];

function ingress(backend: any, ns?: string): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'site', ...(ns ? { namespace: ns } : {}) },
    spec: { rules: [{ host: 'example.org', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: backend } }] } }] },
  };
}

function route(kind: string, refs: any[], ns = 'default', apiVersion = 'gateway.networking.k8s.io/v1'): any {
  return { apiVersion, kind, metadata: { name: 'r', namespace: ns }, spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: refs }] } };
}

function grant(ns: string, fromNs: string, kind = 'HTTPRoute', name?: string): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: 'g', namespace: ns },
    spec: { from: [{ group: 'gateway.networking.k8s.io', kind, namespace: fromNs }], to: [{ group: '', kind: 'Service', ...(name ? { name } : {}) }] },
  };
}

const FIELD = 'spec.rules[0].http.paths[0].backend.service';

describe('rule table', () => {
  test('ids N1..N6, cross-object, one-line summaries', () => {
    expect(CONSUMER_RULES.map((r) => r.id)).toEqual(['N1', 'N2', 'N3', 'N4', 'N5', 'N6']);
    for (const r of CONSUMER_RULES) {
      expect(r.category).toBe('cross-object');
      expect(r.summary).not.toMatch(/\n/);
    }
  });
});

describe('N1 ingress backend Service missing', () => {
  test('a backend naming no Service: a warning with a suggestion', () => {
    const [hit] = expectRule(check([...web(), ingress({ name: 'wbe', port: { number: 80 } })]), 'N1', `${FIELD}.name`, Severity.WARNING);
    expect(hit.message).toMatch(/did you mean "web"/);
  });
  test('the Service exists: nothing', () => {
    expectNoRule(check([...web(), ingress({ name: 'web', port: { number: 80 } })]), 'N1');
  });
  test('a Service of the same name in another namespace does not count: a warning that says where it is', () => {
    const [hit] = expectRule(check([...web(), ingress({ name: 'web', port: { number: 80 } }, 'prod')]), 'N1', `${FIELD}.name`, Severity.WARNING);
    expect(hit.message).toContain('(a Service "web" is in namespace "default")');
  });
  test('the defaultBackend is checked too', () => {
    const ing = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'd' }, spec: { defaultBackend: { service: { name: 'webb', port: { number: 80 } } } } };
    expectRule(check([...web(), ing]), 'N1', 'spec.defaultBackend.service.name', Severity.WARNING);
  });
  test('a name unlike every Service of the manifests (a backend a tutorial deploys in another step) is a hint', () => {
    const [hit] = expectRule(check([...web(), ingress({ name: 'kubernetes-dashboard', port: { number: 80 } })]), 'N1', `${FIELD}.name`, Severity.INFO);
    expect(hit.message).toMatch(/no Service of the manifests has a name like it/);
  });
  test('an input with no Service at all (an Ingress beside a chart that ships them) is a hint', () => {
    const workloadOnly = web().filter((o: any) => o.kind !== 'Service');
    expect(workloadOnly.length).toBeGreaterThan(0);
    expectRule(check([...workloadOnly, ingress({ name: 'grafana', port: { number: 80 } })]), 'N1', `${FIELD}.name`, Severity.INFO);
  });
});

describe('N2 ingress backend port missing', () => {
  test('the container port instead of the Service port: an error', () => {
    const [hit] = expectRule(check([...web(), ingress({ name: 'web', port: { number: 8080 } })]), 'N2', `${FIELD}.port.number`);
    expect(hit.message).toMatch(/has no port 8080 \(its ports: http=80\)/);
  });
  test('the Service port by number or by name: nothing', () => {
    expectNoRule(check([...web(), ingress({ name: 'web', port: { number: 80 } })]), 'N2');
    expectNoRule(check([...web(), ingress({ name: 'web', port: { name: 'http' } })]), 'N2');
  });
  test('a port name the Service does not have: an error', () => {
    expectRule(check([...web(), ingress({ name: 'web', port: { name: 'htp' } })]), 'N2', `${FIELD}.port.name`);
  });
  test('an ExternalName Service has no ports to match', () => {
    const ext = service({ type: 'ExternalName', externalName: 'api.example.org' }, { name: 'ext' });
    expectNoRule(check([ext, ingress({ name: 'ext', port: { number: 443 } })]), 'N2');
  });
});

describe('N3 route backend Service missing', () => {
  test('an HTTPRoute to no Service: a warning', () => {
    expectRule(check([...web(), route('HTTPRoute', [{ name: 'wbe', port: 80 }])]), 'N3', 'spec.rules[0].backendRefs[0].name', Severity.WARNING);
  });
  test('to the Service: nothing; to another kind (not a Service): nothing', () => {
    expectNoRule(check([...web(), route('HTTPRoute', [{ name: 'web', port: 80 }])]), 'N3');
    expectNoRule(check([...web(), route('HTTPRoute', [{ group: 'multicluster.x-k8s.io', kind: 'ServiceImport', name: 'other', port: 80 }])]), 'N3');
  });
  test('every route kind and version is read (GRPCRoute v1, TCPRoute v1alpha2)', () => {
    expectRule(check([...web(), route('GRPCRoute', [{ name: 'webs', port: 80 }])]), 'N3', undefined, Severity.WARNING);
    expectRule(check([...web(), route('TCPRoute', [{ name: 'webs', port: 80 }], 'default', 'gateway.networking.k8s.io/v1alpha2')]), 'N3', undefined, Severity.WARNING);
  });
  test('a name unlike every Service of the manifests is a hint (nearest neighbour of the typo)', () => {
    expectRule(check([...web(), route('HTTPRoute', [{ name: 'payments', port: 80 }])]), 'N3', undefined, Severity.INFO);
  });
});

describe('N4 route backend port missing', () => {
  test('a port the Service does not have: an error', () => {
    expectRule(check([...web(), route('HTTPRoute', [{ name: 'web', port: 8080 }])]), 'N4', 'spec.rules[0].backendRefs[0].port');
  });
  test('no port at all: refused by the CRD, an error', () => {
    const [hit] = expectRule(check([...web(), route('HTTPRoute', [{ name: 'web' }])]), 'N4', 'spec.rules[0].backendRefs[0].port');
    expect(hit.message).toMatch(/Must have port for Service reference/);
  });
  test('the Service port: nothing', () => {
    expectNoRule(check([...web(), route('HTTPRoute', [{ name: 'web', port: 80 }])]), 'N4');
  });
});

describe('N5 route backend across namespaces without a ReferenceGrant', () => {
  const prodWeb = () => [service({ selector: { app: 'web' }, ports: [{ port: 80 }] }, { namespace: 'prod' }), deployment('web', { app: 'web' }, [{ containerPort: 80 }], { metadata: { namespace: 'prod' } })];
  test('no grant: a warning naming the grant to write', () => {
    const [hit] = expectRule(check([...prodWeb(), route('HTTPRoute', [{ name: 'web', namespace: 'prod', port: 80 }], 'edge')]), 'N5', 'spec.rules[0].backendRefs[0].namespace', Severity.WARNING);
    expect(hit.fix).toMatch(/ReferenceGrant in namespace "prod"/);
  });
  test('a grant for the route kind and namespace: nothing', () => {
    expectNoRule(check([...prodWeb(), route('HTTPRoute', [{ name: 'web', namespace: 'prod', port: 80 }], 'edge'), grant('prod', 'edge')]), 'N5');
    expectNoRule(check([...prodWeb(), route('HTTPRoute', [{ name: 'web', namespace: 'prod', port: 80 }], 'edge'), grant('prod', 'edge', 'HTTPRoute', 'web')]), 'N5');
  });
  test('a grant for another kind, namespace or Service name does not allow it', () => {
    for (const g of [grant('prod', 'edge', 'GRPCRoute'), grant('prod', 'other'), grant('prod', 'edge', 'HTTPRoute', 'api'), grant('edge', 'edge')]) {
      expectRule(check([...prodWeb(), route('HTTPRoute', [{ name: 'web', namespace: 'prod', port: 80 }], 'edge'), g]), 'N5', undefined, Severity.WARNING);
    }
  });
});

describe('N6 hand-written endpoint port names', () => {
  const slice = (portName: string | undefined) => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'db-1', labels: { 'kubernetes.io/service-name': 'db' } },
    addressType: 'IPv4',
    ports: [{ ...(portName !== undefined ? { name: portName } : {}), port: 5432, protocol: 'TCP' }],
    endpoints: [{ addresses: ['192.0.2.10'] }],
  });
  const db = service({ ports: [{ name: 'pg', port: 5432 }] }, { name: 'db' });
  test('a slice port named otherwise: an error on the Service port', () => {
    const [hit] = expectRule(check([db, slice('postgres')]), 'N6', 'spec.ports[0].name');
    expect(hit.message).toMatch(/their port names: "postgres"/);
  });
  test('the same name: nothing', () => {
    expectNoRule(check([db, slice('pg')]), 'N6');
  });
  test('an unnamed Service port matches an unnamed slice port only', () => {
    const unnamed = service({ ports: [{ port: 5432 }] }, { name: 'db' });
    expectNoRule(check([unnamed, slice(undefined)]), 'N6');
    expectRule(check([unnamed, slice('pg')]), 'N6', 'spec.ports[0].name');
  });
  test('legacy Endpoints are read too', () => {
    const ep = (name: string) => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'db' }, subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ name, port: 5432 }] }] });
    expectRule(check([db, ep('postgres')]), 'N6', 'spec.ports[0].name');
    expectNoRule(check([db, ep('pg')]), 'N6');
  });
  test('a Service with a selector: the controller writes its endpoints, hand-written ones are not read', () => {
    expectNoRule(check([...web(), { ...slice('other'), metadata: { name: 'web-x', labels: { 'kubernetes.io/service-name': 'web' } } }]), 'N6');
  });
});
