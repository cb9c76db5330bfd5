// kind.yaml: a kind Cluster with the nodes the simulation assumed and every pinned nodePort
// mapped to the host. kind: "To use port mappings with NodePort, the kind node containerPort and
// the service nodePort needs to be equal" (ANCHORS.md), so containerPort = hostPort = nodePort.
import { HarnessExpectations } from './expectations';
import { toYaml } from './yaml';
import { parseCidrSloppy } from '../model/ip';
import { parseNodePortRange } from '../rules/engine';
import { DEFAULT_NODE_PORT_RANGE } from '../simulation/local-cluster';


/** One host port mapping of the control-plane node. */
export interface PortMapping {
  containerPort: number;
  hostPort: number;
  listenAddress: string;
  protocol: string;
}

/** The pinned nodePorts of every Service, once each, sorted by port then protocol. */
export function nodePortMappings(x: HarnessExpectations): PortMapping[] {
  const seen = new Map<string, PortMapping>();
  for (const s of x.services) {
    for (const p of s.ports) {
      if (p.nodePort === undefined || !p.nodePortPinned) continue;
      const key = `${p.nodePort}/${p.protocol}`;
      if (!seen.has(key)) seen.set(key, { containerPort: p.nodePort, hostPort: p.nodePort, listenAddress: '127.0.0.1', protocol: p.protocol });
    }
  }
  return [...seen.values()].sort((a, b) => a.containerPort - b.containerPort || a.protocol.localeCompare(b.protocol));
}

/** The nodePorts kind cannot map because the manifests leave them to the allocator. */
export function unpinnedNodePorts(x: HarnessExpectations): string[] {
  return x.services.flatMap((s) => s.ports
    .filter((p) => p.nodePort !== undefined && !p.nodePortPinned)
    .map((p) => `${s.namespace}/${s.name} port ${p.port}/${p.protocol}`));
}

/**
 * The kind config. One simulated node gives a single control-plane node (kind leaves it
 * schedulable); N > 1 gives a control-plane plus N workers, so N nodes run the app's pods
 * (kind taints the control-plane of a multi-node cluster), as the simulation placed them.
 */
export function kindConfig(x: HarnessExpectations): string {
  const mappings = nodePortMappings(x);
  const controlPlane: any = { role: 'control-plane' };
  if (mappings.length > 0) controlPlane.extraPortMappings = mappings;
  const workers = x.nodes.length > 1 ? x.nodes.map(() => ({ role: 'worker' })) : [];
  const config = {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name: x.clusterName,
    networking: kindNetworking(x.serviceCidr),
    nodes: [controlPlane, ...workers],
  };
  const range = parseNodePortRange(x.nodePortRange);
  const standard = parseNodePortRange(DEFAULT_NODE_PORT_RANGE);
  if (range.min !== standard.min || range.max !== standard.max) {
    // The simulation allocated from another range: the API server must use the same one, written
    // as kube-apiserver parses it (no spaces).
    (config as any).kubeadmConfigPatches = [
      `kind: ClusterConfiguration\napiServer:\n  extraArgs:\n    service-node-port-range: "${range.min}-${range.max}"\n`,
    ];
  }
  const header = [
    '# kind cluster for the cdk8s-services harness: `kind create cluster --config kind.yaml` (run.sh does it).',
    `# ${x.nodes.length} node(s) run pods, as the simulation assumed; pinned nodePorts are mapped to 127.0.0.1 on the host.`,
    ...unpinnedNodePorts(x).map((u) => `# not mapped (nodePort not pinned in the manifest): ${u}`),
  ];
  return `${header.join('\n')}\n${toYaml([config])}`;
}

/**
 * kind's `networking` for the simulated service CIDRs (comma-separated, primary first): kind's
 * `ipFamily` (ipv4, ipv6 or dual) follows them, with kind's pod subnet of each family.
 */
function kindNetworking(serviceCidrs: string): { ipFamily: string; serviceSubnet: string; podSubnet: string } {
  const families = serviceCidrs.split(',').map((c) => parseCidrSloppy(c)?.family);
  const pods = families.map((f) => (f === 'IPv6' ? 'fd00:10:244::/56' : '10.244.0.0/16')).join(',');
  const ipFamily = families.length > 1 ? 'dual' : families[0] === 'IPv6' ? 'ipv6' : 'ipv4';
  return { ipFamily, serviceSubnet: serviceCidrs, podSubnet: pods };
}
