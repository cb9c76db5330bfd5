// RULES.md A10, A12: allocation as the registry's alloc.go `allocClusterIPs` and
// `allocHealthCheckNodePort` run it, over every Service of the app in order.
import { ServiceModel } from '../../model/cluster-model';
import { IpAddress, IpCidr, parseCidrSloppy } from '../../model/ip';
import { formatCidr, formatIp, ipEquals, isAllocatableIn, nthAddress } from '../../model/ip-math';
import { validationError } from '../refusal';
import { NO_VIOLATIONS, Rule, RuleContext, RuleSettings, RunCache, violation } from '../rule';
import { API_SERVER, clusterIPsOf, parseIp } from './cluster-ip-fields';
import { createdOutcome } from './ip-families';

/** A requested static IP, once the family step passed: the IP and the range of its family. */
interface StaticRequest {
  index: number;
  text: string;
  ip: IpAddress;
  range?: IpCidr;
  /** False when no usable --service-cluster-ip-range is known: only collisions are checked. */
  rangeKnown: boolean;
}

function staticRequests(svc: ServiceModel, settings: RuleSettings): StaticRequest[] | undefined {
  if (clusterIPsOf(svc).length === 0) return undefined; // nothing requested (most Services)
  const outcome = createdOutcome(svc, settings);
  if (!outcome || outcome.errors.length > 0 || svc.headless) return undefined;
  const ranges = settings.serviceClusterIpRanges.map((r) => parseCidrSloppy(r)).filter((r): r is IpCidr => !!r);
  const rangeKnown = ranges.length > 0;
  return clusterIPsOf(svc).map((text, index) => {
    const ip = parseIp(text)!;
    return { index, text: text as string, ip, range: ranges.find((r) => r.family === ip.family), rangeKnown };
  });
}

/** The built-in `default/kubernetes` Service holds the first IP of the primary range (RULES.md §0.2). */
function kubernetesServiceIP(settings: RuleSettings): IpAddress | undefined {
  const primary = settings.serviceClusterIpRanges.map((r) => parseCidrSloppy(r)).find((r) => !!r);
  return primary ? nthAddress(primary, 1) : undefined;
}

/** Per run (one RuleContext): the holder of each canonical IP, and each Service's place in the model. */
interface Holders {
  /** canonical IP -> the first Service of the model that requests it in range and is created. */
  byIp: Map<string, ServiceModel>;
  order: Map<ServiceModel, number>;
}
const holdersCache = new RunCache<Holders>();

/**
 * Who holds each requested IP: the first Service, in manifest order, that requests it in range,
 * but not one the API server refuses for a validation error: that create rolls its allocation
 * back (RULES.md §1), so the address stays free for the next Service.
 */
function firstHolders(ctx: RuleContext): Holders {
  return holdersCache.get(ctx, () => {
    const holders: Holders = { byIp: new Map(), order: new Map() };
    ctx.model.services.forEach((o, i) => {
      holders.order.set(o, i);
      const requests = staticRequests(o, ctx.settings);
      if (!requests || validationError(o, ctx)) return;
      for (const q of requests) {
        const key = formatIp(q.ip);
        const inRange = !q.rangeKnown || (q.range !== undefined && isAllocatableIn(q.range, q.ip));
        if (inRange && !holders.byIp.has(key)) holders.byIp.set(key, o);
      }
    });
    return holders;
  });
}

/**
 * A10 `spec.clusterIPs`: a requested clusterIP must be free: not requested by an earlier Service
 * of the model and, with a known `--service-cluster-ip-range`, not the `kubernetes` Service's
 * IP and inside the range of its family (not the network or IPv4 broadcast address).
 */
export const clusterIPAllocatable: Rule = {
  id: 'A10',
  name: 'cluster-ip-not-allocatable',
  ...API_SERVER,
  summary: 'a requested clusterIP must be free (no other Service requests it) and, when the range is given, inside --service-cluster-ip-range',
  checkService: (svc, ctx: RuleContext) => {
    const requests = staticRequests(svc, ctx.settings);
    if (!requests) return NO_VIOLATIONS;
    const ips = clusterIPsOf(svc);
    const kubeIP = kubernetesServiceIP(ctx.settings);
    const isKubernetesService = svc.namespace === 'default' && svc.name === 'kubernetes';
    const holders = firstHolders(ctx);
    // allocIPs returns the first failure alone.
    for (const r of requests) {
      const prefix = `failed to allocate IP ${r.text}`;
      if (r.rangeKnown && (!r.range || !isAllocatableIn(r.range, r.ip))) {
        const valid = r.range ? formatCidr(r.range) : '(none)';
        return [violation(svc, 'spec.clusterIPs', ips,
          `${prefix}: the provided IP (${formatIp(r.ip)}) is not in the valid range. The range of valid IPs is ${valid}`,
          r.range
            ? `choose a free address inside ${valid} other than its network${r.range.family === 'IPv4' ? ' and broadcast addresses' : ' address (and, for IPv6, within its first 65535 addresses: the allocator goes no further)'}, or leave clusterIP out to let Kubernetes allocate one`
            : 'leave clusterIP out to let Kubernetes allocate one')];
      }
      if (kubeIP && !isKubernetesService && ipEquals(kubeIP, r.ip)) {
        return [violation(svc, 'spec.clusterIPs', ips,
          `${prefix}: provided IP is already allocated (the built-in Service default/kubernetes holds ${formatIp(kubeIP)}, the first address of the range)`,
          'choose another free address in the range, or leave clusterIP out to let Kubernetes allocate one')];
      }
      // A Service before its holder got the address first (then lost it to its own validation error).
      const holder = holders.byIp.get(formatIp(r.ip));
      if (holder && holder !== svc && holders.order.get(holder)! < holders.order.get(svc)!) {
        return [violation(svc, 'spec.clusterIPs', ips,
          `${prefix}: provided IP is already allocated (${holder.ref} requests ${formatIp(r.ip)} too)`,
          'give each Service its own clusterIP, or leave clusterIP out on one of them to let Kubernetes allocate one')];
      }
    }
    return NO_VIOLATIONS;
  },
};

// ---------------------------------------------------------------------------------------------
// A12: healthCheckNodePort allocation (a 500, not a 422)

/**
 * A12 `spec.healthCheckNodePort`: for LoadBalancer + externalTrafficPolicy Local, a requested
 * healthCheckNodePort must be inside the node port range and not one of the Service's own
 * nodePorts. The API server answers HTTP 500 InternalError, with no field cause.
 */
export const healthCheckNodePortAllocatable: Rule = {
  id: 'A12',
  name: 'health-check-node-port-not-allocatable',
  ...API_SERVER,
  summary: 'a requested healthCheckNodePort (LoadBalancer, externalTrafficPolicy Local) must be free and inside the node port range; else HTTP 500',
  checkService: (svc, ctx) => {
    if (svc.type !== 'LoadBalancer' || svc.spec?.externalTrafficPolicy !== 'Local') return NO_VIOLATIONS;
    const hc = svc.spec?.healthCheckNodePort;
    if (typeof hc !== 'number' || hc === 0) return NO_VIOLATIONS;
    const { min, max } = ctx.settings.nodePortRange;
    const prefix = `the API server answers HTTP 500 InternalError (not a 422 field error): failed to allocate requested HealthCheck NodePort ${hc}`;
    if (hc < min || hc > max) {
      return [violation(svc, 'spec.healthCheckNodePort', hc,
        `${prefix}: provided port is not in the valid range. The range of valid ports is ${min}-${max}`,
        `leave healthCheckNodePort out to let Kubernetes pick one, or choose a free port in ${min}-${max}`)];
    }
    const ports: any[] = Array.isArray(svc.spec?.ports) ? svc.spec.ports : [];
    const taken = ports.findIndex((p) => p && p.nodePort === hc);
    if (taken >= 0) {
      return [violation(svc, 'spec.healthCheckNodePort', hc,
        `${prefix}: provided port is already allocated (spec.ports[${taken}].nodePort holds it)`,
        'choose a healthCheckNodePort different from every nodePort, or leave it out to let Kubernetes pick one')];
    }
    return NO_VIOLATIONS;
  },
};

/** A10, A12: a requested cluster IP or healthCheckNodePort that cannot be allocated. */
export const ALLOCATION_RULES: Rule[] = [
  clusterIPAllocatable,
  healthCheckNodePortAllocatable,
];
