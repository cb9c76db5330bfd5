// Allocation as the API server's registry does it on create (RULES.md A10, A11, A12, K5, K7, K9):
// ClusterIPs from --service-cluster-ip-range, NodePorts from --service-node-port-range.
// Requested values are reserved first (in manifest order: a conflict refuses the later Service,
// as `kubectl apply` would see); the rest are allocated deterministically (a stable hash of the
// Service's name, probing upward) instead of at random, so the same input gives the same IPs.
import { fnv32 } from './placement';
import { ServiceModel } from '../model/cluster-model';
import { cidrSize, formatIp, IpCidr, isAllocatableIn, nthAddress, parseCidrSloppy, parseIpSloppy } from '../model/ip';

/** A Service after allocation. */
export interface SimService {
  model: ServiceModel;
  /** False when the API server would refuse the create. */
  accepted: boolean;
  rejection?: string;
  /** The rule that refused it (A10, A11, A12, A5, or the validation rule that failed). */
  rejectionRule?: string;
  /** The field blamed. */
  rejectionField?: string;
  clusterIPs: string[];
  /** Per `spec.ports` index. */
  nodePorts: (number | undefined)[];
  healthCheckNodePort?: number;
  loadBalancerIngress: string[];
}

/** What allocation needs from the options. */
export interface AllocationSettings {
  serviceCidr: string;
  /**
   * Refuse static clusterIPs outside `serviceCidr` (A10). Off when the cluster's range is not
   * known (the default CIDR is only where dynamic IPs come from), as the rules skip A10 then.
   */
  enforceServiceCidr: boolean;
  nodePortRange: { min: number; max: number };
  loadBalancerIngress: Record<string, string>;
}

/** Why the API server refuses a Service before it allocates anything: a validation error (422). */
export interface Refusal {
  rule: string;
  field: string;
  message: string;
}

class Refused extends Error {
  constructor(readonly rule: string, readonly field: string, message: string) {
    super(message);
  }
}

/**
 * Allocates every Service of the model; returns them in model order. A Service in `invalid`
 * fails validation, so the API server refuses it before allocating anything: it takes no IP
 * and no port.
 */
export function allocate(services: ServiceModel[], settings: AllocationSettings, invalid: Map<ServiceModel, Refusal> = new Map()): SimService[] {
  const cidr = parseCidrSloppy(settings.serviceCidr);
  if (!cidr || cidr.family !== 'IPv4') {
    throw new Error(`serviceCidr "${settings.serviceCidr}" is not an IPv4 CIDR: write it as address/prefix, e.g. "10.96.0.0/12"`);
  }
  const { min, max } = settings.nodePortRange;
  const usedIps = new Set<string>();
  const usedPorts = new Set<number>();
  // A13: the first address is `kubernetes.default`; kubeadm gives kube-dns the tenth.
  usedIps.add(formatIp(nthAddress(cidr, 1)!));
  if (cidrSize(cidr) > 11n) usedIps.add(formatIp(nthAddress(cidr, 10)!));

  const out: SimService[] = services.map((model) => {
    const s: SimService = { model, accepted: true, clusterIPs: [], nodePorts: portsOf(model.spec).map(() => undefined), loadBalancerIngress: [] };
    const refusal = invalid.get(model);
    if (refusal) {
      s.accepted = false;
      s.rejection = refusal.message;
      s.rejectionRule = refusal.rule;
      s.rejectionField = refusal.field;
    }
    return s;
  });

  // Pass 1: requested values, in manifest order.
  for (const s of out) {
    if (!s.accepted) continue;
    const spec = s.model.spec;
    const takenIps: string[] = [];
    const takenPorts: number[] = [];
    try {
      if (needsClusterIp(s.model)) {
        const families: string[] = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
        if (families.includes('IPv6') || spec.ipFamilyPolicy === 'RequireDualStack') {
          throw new Refused('A5', 'spec.ipFamilies', 'the simulated cluster serves IPv4 only (single-stack), so an IPv6 or RequireDualStack Service is refused');
        }
        const requested: string[] = (Array.isArray(spec.clusterIPs) ? spec.clusterIPs : []).filter((x: any) => typeof x === 'string' && x !== '');
        requested.forEach((raw, i) => {
          const ip = parseIpSloppy(raw);
          const field = `spec.clusterIPs[${i}]`;
          if (!ip || ip.family !== 'IPv4') throw new Refused('A10', field, `failed to allocate IP ${raw}: the simulated cluster serves IPv4 only`);
          const text = formatIp(ip);
          if (settings.enforceServiceCidr && !isAllocatableIn(cidr, ip)) {
            throw new Refused('A10', field, `failed to allocate IP ${raw}: the provided IP (${raw}) is not in the valid range. The range of valid IPs is ${settings.serviceCidr}`);
          }
          if (usedIps.has(text)) throw new Refused('A10', field, `failed to allocate IP ${raw}: provided IP is already allocated`);
          usedIps.add(text);
          takenIps.push(text);
          s.clusterIPs.push(text);
        });
      }
      if (s.model.type === 'NodePort' || s.model.type === 'LoadBalancer') {
        const byPort = new Map<number, number>();
        portsOf(spec).forEach((p: any, i: number) => {
          const np = p?.nodePort;
          if (typeof np !== 'number' || np === 0) return;
          const field = `spec.ports[${i}].nodePort`;
          // A11: ports with the same `port` number share one nodePort.
          if (byPort.get(p.port) === np) {
            s.nodePorts[i] = np;
            return;
          }
          if (np < min || np > max) throw new Refused('A11', field, `provided port is not in the valid range. The range of valid ports is ${min}-${max}`);
          if (usedPorts.has(np)) throw new Refused('A11', field, `provided port ${np} is already allocated`);
          usedPorts.add(np);
          takenPorts.push(np);
          byPort.set(p.port, np);
          s.nodePorts[i] = np;
        });
        const hc = spec.healthCheckNodePort;
        if (needsHealthCheck(s.model) && typeof hc === 'number' && hc !== 0) {
          // A12: a 500, not a field error, on a real API server.
          if (hc < min || hc > max || usedPorts.has(hc)) {
            throw new Refused('A12', 'spec.healthCheckNodePort', `failed to allocate requested HealthCheck NodePort ${hc}: ${hc < min || hc > max ? `provided port is not in the valid range. The range of valid ports is ${min}-${max}` : 'provided port is already allocated'}`);
          }
          usedPorts.add(hc);
          takenPorts.push(hc);
          s.healthCheckNodePort = hc;
        }
      }
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      // The create fails as one transaction: release what it took.
      for (const ip of takenIps) usedIps.delete(ip);
      for (const p of takenPorts) usedPorts.delete(p);
      s.accepted = false;
      s.rejection = e.message;
      s.rejectionRule = e.rule;
      s.rejectionField = e.field;
      s.clusterIPs = [];
      s.nodePorts = s.nodePorts.map(() => undefined);
      s.healthCheckNodePort = undefined;
    }
  }

  // Pass 2: everything not requested.
  for (const s of out) {
    if (!s.accepted) continue;
    const spec = s.model.spec;
    const key = `${s.model.namespace}/${s.model.name}`;
    if (needsClusterIp(s.model) && s.clusterIPs.length === 0) s.clusterIPs.push(nextIp(cidr, usedIps, key));
    if (s.model.headless) s.clusterIPs = ['None'];
    const allocatesNodePorts = s.model.type === 'NodePort' || (s.model.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
    if (allocatesNodePorts) {
      const byPort = new Map<number, number>();
      portsOf(spec).forEach((p: any, i: number) => {
        if (s.nodePorts[i] !== undefined) byPort.set(p.port, s.nodePorts[i]!);
      });
      portsOf(spec).forEach((p: any, i: number) => {
        if (s.nodePorts[i] !== undefined) return;
        const shared = byPort.get(p?.port);
        const np = shared ?? nextPort(min, max, usedPorts, `${key}/${i}`);
        byPort.set(p?.port, np);
        s.nodePorts[i] = np;
      });
    }
    if (needsHealthCheck(s.model) && s.healthCheckNodePort === undefined) s.healthCheckNodePort = nextPort(min, max, usedPorts, `${key}/healthz`);
    if (s.model.type === 'LoadBalancer') {
      // K9: pending unless the test (or the recorded status) provides an address.
      const given = settings.loadBalancerIngress[key] ?? settings.loadBalancerIngress[s.model.name];
      if (given !== undefined) {s.loadBalancerIngress = [given];} else {
        const status = s.model.raw?.status?.loadBalancer?.ingress;
        if (Array.isArray(status)) s.loadBalancerIngress = status.map((x: any) => x?.ip ?? x?.hostname).filter((x: any) => typeof x === 'string' && x !== '');
      }
    }
  }
  return out;
}

/** `spec.ports`, or none when it is not a list. */
export function portsOf(spec: any): any[] {
  return Array.isArray(spec?.ports) ? spec.ports : [];
}

function needsClusterIp(svc: ServiceModel): boolean {
  return svc.type !== 'ExternalName' && !svc.headless;
}

function needsHealthCheck(svc: ServiceModel): boolean {
  return svc.type === 'LoadBalancer' && svc.spec.externalTrafficPolicy === 'Local';
}

/** A free IP, preferring the upper band as the allocator does for dynamic IPs (KEP-3070). */
function nextIp(cidr: IpCidr, used: Set<string>, key: string): string {
  const size = cidrSize(cidr);
  const last = size - 2n; // IPv4: no broadcast
  if (last < 1n) throw new Error(`the service CIDR ${formatIp(cidr.network)}/${cidr.prefix} holds no allocatable address`);
  let lower = size / 16n;
  if (lower < 16n) lower = 16n;
  if (lower > 256n) lower = 256n;
  if (lower >= last) lower = 0n;
  const span = last - lower;
  const start = lower + 1n + (BigInt(fnv32(key)) % span);
  for (let i = 0n; i < last; i++) {
    let off = start + i;
    if (off > last) off = ((off - 1n) % last) + 1n;
    const ip = formatIp(nthAddress(cidr, off)!);
    if (!used.has(ip)) {
      used.add(ip);
      return ip;
    }
  }
  throw new Error(`the service CIDR ${formatIp(cidr.network)}/${cidr.prefix} is full: failed to allocate a serviceIP`);
}

function nextPort(min: number, max: number, used: Set<number>, key: string): number {
  const span = max - min + 1;
  const start = fnv32(key) % span;
  for (let i = 0; i < span; i++) {
    const p = min + ((start + i) % span);
    if (!used.has(p)) {
      used.add(p);
      return p;
    }
  }
  throw new Error(`the nodePort range ${min}-${max} is full: failed to allocate a nodePort`);
}
