// Plain-manifest scenarios for the emitted harness (the seeds' Services, one shape each).

/** A Deployment whose pods carry `labels` and run one container with `ports`. */
function deployment(name: string, namespace: string | undefined, labels: Record<string, string>, replicas: number, ports: any[], image = 'httpd:2.4'): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: namespace ? { name, namespace } : { name },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image, ports }] } },
    },
  };
}

/** A Deployment of agnhost porter, which serves plain HTTP on every port given as SERVE_PORT_<n>. */
function porter(name: string, namespace: string, labels: Record<string, string>, replicas: number, ports: any[]): any {
  const d = deployment(name, namespace, labels, replicas, ports, 'registry.k8s.io/e2e-test-images/agnhost:2.39');
  const c = d.spec.template.spec.containers[0];
  c.args = ['porter'];
  c.env = ports.map((p) => ({ name: `SERVE_PORT_${p.containerPort}`, value: p.name }));
  return d;
}

/** Seed 000: the httpd Deployment (2 replicas) behind a ClusterIP and a NodePort 30008 Service. */
export function seedHttpd(): any[] {
  const labels = { name: 'deployment' };
  return [
    deployment('httpd-deployments', 'httpd-namespace', labels, 2, [{ containerPort: 80 }]),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpd-service', namespace: 'httpd-namespace' }, spec: { type: 'ClusterIP', selector: labels, ports: [{ port: 80, targetPort: 80 }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpd-nodeport', namespace: 'httpd-namespace' }, spec: { type: 'NodePort', selector: labels, ports: [{ port: 80, targetPort: 80, nodePort: 30008 }] } },
  ];
}

/** A multi-port NodePort Service (31080 http, 31443 https) over named container ports. */
export function multiPortNodePort(): any[] {
  const labels = { app: 'shop' };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    porter('shop', 'shop', labels, 3, [{ name: 'http', containerPort: 8080 }, { name: 'https', containerPort: 8443 }]),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'shop', namespace: 'shop' },
      spec: {
        type: 'NodePort',
        selector: labels,
        ports: [
          { name: 'http', port: 80, targetPort: 'http', nodePort: 31080 },
          { name: 'https', port: 443, targetPort: 'https', nodePort: 31443 },
        ],
      },
    },
  ];
}

/** A headless Service for a 3-replica StatefulSet (DNS: one A per ready pod). */
export function headlessStatefulSet(): any[] {
  const labels = { app: 'db' };
  return [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: labels, ports: [{ name: 'web', port: 80 }] } },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        replicas: 3,
        serviceName: 'db',
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ name: 'web', containerPort: 80 }] }] } },
      },
    },
  ];
}

/** An ExternalName Service (DNS: a CNAME; nothing proxied). */
export function externalName(): any[] {
  return [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'payments', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'api.payments.example.com' } },
  ];
}

/**
 * Edge cases: a ClusterIP whose selector matches no pod (connections refused, K4), a NodePort
 * with externalTrafficPolicy Local and an unpinned nodePort, an http port by appProtocol.
 */
export function edgeCases(): any[] {
  const labels = { app: 'api' };
  return [
    deployment('api', undefined, labels, 2, [{ name: 'web', containerPort: 80 }]),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'orphan' }, spec: { selector: { app: 'nothing' }, ports: [{ port: 80 }] } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api' },
      spec: {
        type: 'NodePort',
        externalTrafficPolicy: 'Local',
        selector: labels,
        ports: [{ name: 'web', port: 80, targetPort: 'web', appProtocol: 'http', nodePort: 30080 }],
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api-auto' }, spec: { type: 'NodePort', selector: labels, ports: [{ name: 'web', port: 8080, targetPort: 'web' }] } },
  ];
}

/** Every scenario by name. */
export const SCENARIOS: Record<string, () => any[]> = {
  'seed-httpd': seedHttpd,
  'multi-port-nodeport': multiPortNodePort,
  'headless-statefulset': headlessStatefulSet,
  'external-name': externalName,
  'edge-cases': edgeCases,
};
