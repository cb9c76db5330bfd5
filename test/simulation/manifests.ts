// Terse manifest builders for the LocalCluster tests (plain objects, no constructs).

/** A Service manifest. */
export function svc(name: string, spec: any, metadata: any = {}): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, ...metadata }, spec };
}

/** A Deployment whose pods carry `labels` and run one container with `ports`. */
export function deploy(
  name: string, labels: Record<string, string>, replicas = 1, ports: any[] = [{ containerPort: 80 }], metadata: any = {}, podSpec: any = {},
): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...metadata },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx', ports }], ...podSpec } },
    },
  };
}

/** A StatefulSet with `serviceName`. */
export function statefulSet(name: string, serviceName: string, labels: Record<string, string>, replicas = 3, ports: any[] = [{ containerPort: 80, name: 'web' }]): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas,
      serviceName,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx', ports }] } },
    },
  };
}

/** A recorded Pod (as `kubectl get pod -o yaml` shows it). */
export function recordedPod(name: string, labels: Record<string, string>, opts: {
  namespace?: string;
  nodeName?: string;
  ip?: string;
  ips?: string[];
  phase?: string;
  ready?: boolean;
  deleting?: boolean;
  containers?: any[];
  initContainers?: any[];
  hostname?: string;
  subdomain?: string;
} = {}): any {
  const ips = opts.ips ?? (opts.ip ? [opts.ip] : []);
  const status: any = { phase: opts.phase ?? 'Running', conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] };
  if (ips.length > 0) {
    status.podIP = ips[0];
    status.podIPs = ips.map((ip) => ({ ip }));
  }
  const spec: any = { containers: opts.containers ?? [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80, name: 'http' }] }] };
  if (opts.initContainers) spec.initContainers = opts.initContainers;
  if (opts.nodeName) spec.nodeName = opts.nodeName;
  if (opts.hostname) spec.hostname = opts.hostname;
  if (opts.subdomain) spec.subdomain = opts.subdomain;
  const metadata: any = { name, labels };
  if (opts.namespace) metadata.namespace = opts.namespace;
  if (opts.deleting) metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec, status };
}

/** A Node with a zone and an InternalIP. */
export function node(name: string, zone: string, ip: string): any {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'topology.kubernetes.io/zone': zone } },
    status: { addresses: [{ type: 'InternalIP', address: ip }] },
  };
}
