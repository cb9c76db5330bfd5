// chainsaw-test.yaml: the same checks as a Kyverno chainsaw Test (declarative; chainsaw needs
// an existing cluster: "Chainsaw won't create one for you", ANCHORS.md). Steps: namespaces,
// manifests, workloads ready, EndpointSlices as simulated (E1-E7), then the probe Jobs with
// the live ClusterIPs and nodePorts, asserted Succeeded; probe logs are collected on failure.
import { HarnessExpectations, runtimeVar } from './expectations';
import { probeJobName, PROBE_LABELS, RUNTIME_CONFIGMAP } from './probes';
import { toYaml } from './yaml';

/** The assert that a workload is ready, by kind. */
function readyAssert(o: any): any | undefined {
  const metadata = { name: o.metadata.name, namespace: o.metadata.namespace ?? 'default' };
  switch (o.kind) {
    case 'Deployment':
    case 'StatefulSet': {
      const replicas = o.spec?.replicas ?? 1;
      // With replicas 0 the controller omits status.readyReplicas, so `readyReplicas: 0` would never match.
      if (replicas === 0) return { 'apiVersion': 'apps/v1', 'kind': o.kind, metadata, '(status.readyReplicas || `0`)': 0 };
      return { apiVersion: 'apps/v1', kind: o.kind, metadata, status: { readyReplicas: replicas } };
    }
    case 'DaemonSet':
      // A new DaemonSet reports 0 of 0 before its controller has run: require a scheduled pod too.
      return {
        'apiVersion': 'apps/v1',
        'kind': o.kind,
        metadata,
        '(status.observedGeneration == metadata.generation && status.desiredNumberScheduled > `0` && status.numberReady == status.desiredNumberScheduled)': true,
      };
    case 'Pod':
      return { 'apiVersion': 'v1', 'kind': 'Pod', metadata, "(status.conditions[?type == 'Ready'] | [0].status)": 'True' };
    default:
      return undefined;
  }
}

/** The sh script that writes the live ClusterIPs and TCP nodePorts into the runtime ConfigMap. */
function runtimeScript(x: HarnessExpectations): string {
  const lines = ['set -eu', 'args=""'];
  for (const s of x.services) {
    if (s.type === 'ExternalName') continue;
    lines.push(`args="$args --from-literal=${runtimeVar(s.index, 'CLUSTER_IP')}=$(kubectl -n ${s.namespace} get service ${s.name} -o jsonpath='{.spec.clusterIP}')"`);
    lines.push(`args="$args $(kubectl -n ${s.namespace} get service ${s.name} -o jsonpath='{range .spec.ports[*]}{.port} {.protocol} {.nodePort}{"\\n"}{end}' | awk '$2 == "TCP" && $3 != "" { printf " --from-literal=SVC_${s.index}_NODE_PORT_%s=%s", $1, $3 }')"`);
  }
  lines.push('# shellcheck disable=SC2086 # $args is a list of words');
  lines.push(`kubectl -n ${x.harnessNamespace} create configmap ${RUNTIME_CONFIGMAP} $args --dry-run=client -o yaml | kubectl apply -f -`);
  return `${lines.join('\n')}\n`;
}

/** The chainsaw Test text. `manifests` are the objects of manifests.k8s.yaml. */
export function chainsawTest(x: HarnessExpectations, manifests: any[]): string {
  const namespaces = [...x.undeclaredNamespaces, x.harnessNamespace].map((name) => ({
    apply: { resource: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } },
  }));
  const ready = manifests.map(readyAssert).filter((a) => a !== undefined).map((resource) => ({ assert: { resource } }));
  const slices = x.services.flatMap((s) => (s.type === 'ExternalName' ? [] : s.endpoints.slices.map((sl) => ({
    assert: {
      resource: {
        'apiVersion': 'discovery.k8s.io/v1',
        'kind': 'EndpointSlice',
        'metadata': { namespace: s.namespace, labels: { 'kubernetes.io/service-name': s.name } },
        'addressType': s.endpoints.addressType,
        '(length(endpoints[?conditions.ready == `true`] || `[]`))': sl.ready,
        '(length(endpoints || `[]`))': sl.endpoints,
        '(sort(ports[*].port || `[]`))': sl.ports.map((p) => Number(p.split('/')[1])).sort((a, b) => a - b),
      },
    },
  }))));
  // The Services' probe Jobs, then the client probes in their workloads' namespaces (issue 16).
  const jobRefs = [
    ...x.services.map((s) => ({ name: probeJobName(s), namespace: x.harnessNamespace })),
    ...x.clients.map((c) => ({ name: c.job, namespace: c.namespace })),
  ];
  const jobs = jobRefs.map((metadata) => ({
    assert: {
      resource: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata,
        status: { succeeded: 1 },
      },
    },
  }));
  const selector = Object.entries(PROBE_LABELS).map(([k, v]) => `${k}=${v}`).join(',');
  const test = {
    apiVersion: 'chainsaw.kyverno.io/v1alpha1',
    kind: 'Test',
    metadata: { name: x.clusterName },
    spec: {
      description: 'The Services route as the cdk8s-services simulation predicted (generated; see README.md).',
      timeouts: { apply: '30s', assert: '180s', exec: '120s' },
      steps: [
        { name: 'namespaces', try: namespaces },
        { name: 'manifests', try: [{ apply: { file: 'manifests.k8s.yaml' } }, ...ready] },
        // The Services the simulation refused: each applied alone, and the API server must refuse it.
        ...(x.refused.length > 0
          ? [{ name: 'refused', try: x.refused.map((r) => ({ apply: { file: r.file, expect: [{ check: { '($error != null)': true } }] } })) }]
          : []),
        ...(slices.length > 0 ? [{ name: 'endpoint-slices', try: slices }] : []),
        {
          name: 'probes',
          try: [
            { script: { content: runtimeScript(x) } },
            { apply: { file: 'probes.k8s.yaml' } },
            ...jobs,
          ],
          catch: [...new Set([x.harnessNamespace, ...x.clients.map((c) => c.namespace)])].map((namespace) => ({ podLogs: { namespace, selector: namespace === x.harnessNamespace ? selector : 'cdk8s-services.io/probe' } })),
        },
      ],
    },
  };
  const header = [
    '# Kyverno chainsaw Test generated by cdk8s-services: `chainsaw test --test-dir .` against the current',
    '# kubectl context (chainsaw does not create a cluster: `kind create cluster --config kind.yaml` first).',
    '# Host nodePort checks are not here: run.sh does them.',
  ];
  return `${header.join('\n')}\n${toYaml([test])}`;
}
