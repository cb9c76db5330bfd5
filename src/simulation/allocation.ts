// Allocation as the API server's registry does it on create (RULES.md A10, A11, A12, K5, K7, K9):
// ClusterIPs from --service-cluster-ip-range (one range per IP family: a dual-stack cluster gives
// a PreferDualStack or RequireDualStack Service one address per family), NodePorts from
// --service-node-port-range. Whether a Service is created, and in which families, is decided once,
// by the rules (src/rules/allocation.ts `createDecision`); this module only hands out values.
// Requested values are reserved first (in manifest order); the rest are allocated
// deterministically (a stable hash of the Service's name, probing upward) instead of at random,
// so the same input gives the same IPs.
import { fnv32 } from './placement';
import { ServiceModel } from '../model/cluster-model';
import { IpCidr, IpFamily, parseCidrSloppy, parseIpSloppy } from '../model/ip';
import { cidrSize, formatIp, nthAddress } from '../model/ip-math';
import { at } from '../model/json';
import { ServicePortSpec, ServiceSpec } from '../model/service-spec';

/** A Service after allocation. */
export interface SimService {
  model: ServiceModel;
  /** False when the API server would refuse the create. */
  accepted: boolean;
  rejection?: string;
  /** The rule that refused it (A10, A11, A12, A5, X5, or the validation rule that failed). */
  rejectionRule?: string;
  /** The field blamed. */
  rejectionField?: string;
  /** What to write instead (the refusing rule's fix). */
  rejectionFix?: string;
  /** One per IP family of the Service, primary first (`['None']` when headless). */
  clusterIPs: string[];
  /** `spec.ipFamilies` as the API server defaults it (A6, A9), primary first; [] for ExternalName. */
  ipFamilies: IpFamily[];
  /** Per `spec.ports` index. */
  nodePorts: (number | undefined)[];
  healthCheckNodePort?: number;
  loadBalancerIngress: string[];
}

/** What allocation needs from the options. */
export interface AllocationSettings {
  /**
   * The CIDR of each IP family the cluster serves, primary first: where dynamic IPs come from,
   * and (in the primary) the addresses the cluster's own Services hold.
   */
  serviceCidrs: string[];
  nodePortRange: { min: number; max: number };
  loadBalancerIngress: Record<string, string>;
}

/** What the API server does with a Service on create (src/rules/allocation.ts `createDecision`). */
export interface CreatePlan {
  /** Why the API server refuses it; undefined when it is created. */
  refusal?: Refusal;
  /** The IP families of its cluster IPs, primary first. */
  families: IpFamily[];
}

/** Why the API server refuses a Service: the rule, the field, the message and the fix. */
export interface Refusal {
  rule: string;
  field: string;
  message: string;
  fix: string;
}

/**
 * Allocates every Service of the model; returns them in model order. `plans` says which
 * Services are created and in which IP families (a Service without a plan is created in the
 * primary family); a refused one takes no IP and no port.
 */
export function allocate(services: ServiceModel[], settings: AllocationSettings, plans: Map<ServiceModel, CreatePlan> = new Map()): SimService[] {
  const cidrs = new Map<IpFamily, IpCidr>();
  for (const text of settings.serviceCidrs) {
    const cidr = parseCidrSloppy(text);
    if (!cidr) throw new Error(`service CIDR "${text}" is not a CIDR: write it as address/prefix, e.g. "10.96.0.0/12"`);
    if (!cidrs.has(cidr.family)) cidrs.set(cidr.family, cidr);
  }
  const primary = parseCidrSloppy(settings.serviceCidrs[0] ?? '');
  if (!primary) throw new Error('the simulated cluster needs a service CIDR');
  const { min, max } = settings.nodePortRange;
  const usedIps = new Set<string>();
  const usedPorts = new Set<number>();
  // A13: the first address is `kubernetes.default`; kubeadm gives kube-dns the tenth. Only the
  // simulation knows these (the rules check the first when the range is given, A10).
  const reserved = new Map<string, string>();
  reserved.set(formatIp(nthAddress(primary, 1)!), 'the built-in Service default/kubernetes holds the first address of the range');
  if (cidrSize(primary) > 11n) reserved.set(formatIp(nthAddress(primary, 10)!), 'the cluster\'s kube-dns Service holds it (kubeadm and kind give it the tenth address of the range)');
  for (const ip of reserved.keys()) usedIps.add(ip);

  const out: SimService[] = services.map((model) => {
    const s: SimService = {
      model, accepted: true, clusterIPs: [], ipFamilies: [], nodePorts: portsOf(model.spec).map(() => undefined), loadBalancerIngress: [],
    };
    const refusal = plans.get(model)?.refusal;
    if (refusal) refuse(s, refusal);
    return s;
  });
  const familiesOf = (s: SimService): IpFamily[] => {
    const f = plans.get(s.model)?.families;
    return f && f.length > 0 ? f : [primary.family];
  };
  for (const s of out) if (s.accepted && s.model.type !== 'ExternalName') s.ipFamilies = familiesOf(s);

  // Pass 1: requested values, in manifest order (conflicts are the rules' to decide).
  for (const s of out) {
    if (!s.accepted) continue;
    const spec = s.model.spec;
    if (needsClusterIp(s.model)) {
      const requested = (Array.isArray(spec.clusterIPs) ? spec.clusterIPs : []).filter((x: any) => typeof x === 'string' && x !== '');
      const texts = requested.map((raw: string) => parseIpSloppy(raw)).map((ip: any) => (ip ? formatIp(ip) : undefined));
      const i = texts.findIndex((t: string | undefined) => t !== undefined && reserved.has(t));
      if (i >= 0) {
        refuse(s, {
          rule: 'A10',
          field: 'spec.clusterIPs',
          message: `failed to allocate IP ${requested[i]}: provided IP is already allocated (${reserved.get(texts[i]!)})`,
          fix: 'choose another free address in the range, or leave clusterIP out to let Kubernetes allocate one',
        });
        continue;
      }
      for (const t of texts) if (t !== undefined) usedIps.add(t);
      s.clusterIPs = texts.filter((t: string | undefined): t is string => t !== undefined);
    }
    if (s.model.type === 'NodePort' || s.model.type === 'LoadBalancer') {
      const byPort = new Map<number | null | undefined, number>(); // port -> nodePort (accepted Services have port numbers, V16)
      portsOf(spec).forEach((p, i) => {
        const np = p?.nodePort;
        if (typeof np !== 'number' || np === 0) return;
        // A11: ports with the same `port` number share one nodePort.
        if (!byPort.has(p.port)) byPort.set(p.port, np);
        usedPorts.add(np);
        s.nodePorts[i] = np;
      });
      const hc = spec.healthCheckNodePort;
      if (needsHealthCheck(s.model) && typeof hc === 'number' && hc !== 0) {
        usedPorts.add(hc);
        s.healthCheckNodePort = hc;
      }
    }
  }

  // Pass 2: everything not requested.
  for (const s of out) {
    if (!s.accepted) continue;
    const spec = s.model.spec;
    const key = `${s.model.namespace}/${s.model.name}`;
    if (needsClusterIp(s.model)) {
      // alloc.go `allocClusterIPs`: one address per family; a requested one keeps its place.
      s.clusterIPs = s.ipFamilies.map((family, i) => {
        if (s.clusterIPs[i] !== undefined) return s.clusterIPs[i];
        const cidr = cidrs.get(family);
        if (!cidr) throw new Error(`the simulated cluster has no ${family} service CIDR for Service ${key}`);
        return nextIp(cidr, usedIps, i === 0 ? key : `${key}/${family}`);
      });
    }
    if (s.model.headless) s.clusterIPs = ['None'];
    const allocatesNodePorts = s.model.type === 'NodePort' || (s.model.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
    if (allocatesNodePorts) {
      const byPort = new Map<number | null | undefined, number>(); // port -> nodePort (accepted Services have port numbers, V16)
      portsOf(spec).forEach((p, i) => {
        if (s.nodePorts[i] !== undefined && !byPort.has(p.port)) byPort.set(p.port, s.nodePorts[i]!);
      });
      portsOf(spec).forEach((p, i) => {
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
        const status = at(s.model.raw, 'status', 'loadBalancer', 'ingress');
        if (Array.isArray(status)) s.loadBalancerIngress = status.map((x: any) => x?.ip ?? x?.hostname).filter((x: any) => typeof x === 'string' && x !== '');
      }
    }
  }
  return out;
}

/** Marks a Service refused: it holds nothing. */
function refuse(s: SimService, r: Refusal): void {
  s.accepted = false;
  s.rejection = r.message;
  s.rejectionRule = r.rule;
  s.rejectionField = r.field;
  s.rejectionFix = r.fix;
  s.clusterIPs = [];
  s.nodePorts = s.nodePorts.map(() => undefined);
  s.healthCheckNodePort = undefined;
}

/** `spec.ports`, or none when it is not a list. */
export function portsOf(spec: ServiceSpec): ServicePortSpec[] {
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
  // IPv4: no broadcast; IPv6: the allocator's bitmap holds at most 65536 (ipallocator/bitmap.go `New`).
  const last = cidr.family === 'IPv4' ? size - 2n : (size - 1n < 65535n ? size - 1n : 65535n);
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
