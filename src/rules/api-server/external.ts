// RULES.md V13, V28, V33, V34, V36: externalName, externalIPs, load balancer fields
// (validation.go ValidateService, ValidateNonSpecialIP, validateLoadBalancerClassField;
// pkg/api/service/util.go GetLoadBalancerSourceRanges). V35 is listed in traffic.ts UNREACHABLE.
import { RuleCategory, Severity } from '../../model/findings';
import { parseCidrSloppy, parseIpSloppy } from '../../model/ip';
import { isLinkLocalMulticast, isLinkLocalUnicast, isLoopback, isUnspecified } from '../../model/ip-math';
import { dns1123Subdomain, qualifiedName } from '../formats';
import { NO_VIOLATIONS, Rule, violation, Violation } from '../rule';
import { INVALID_IP_MESSAGE } from './cluster-ip-fields';

const API_SERVER = { category: RuleCategory.API_SERVER, severity: Severity.ERROR };

/** `core.AnnotationLoadBalancerSourceRangesKey` (V33). */
export const LB_SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
/** `defaultLoadBalancerSourceRanges`: what an empty annotation means (V33). */
const DEFAULT_SOURCE_RANGES = '0.0.0.0/0';

/** V13 `spec.externalName`: for ExternalName, one trailing dot trimmed, then a lower-case DNS-1123 subdomain. */
export const externalNameValid: Rule = {
  id: 'V13',
  name: 'invalid-external-name',
  ...API_SERVER,
  summary: 'an ExternalName Service needs externalName: a lower-case DNS name (one trailing dot allowed)',
  checkService: (svc) => {
    if (svc.type !== 'ExternalName') return NO_VIOLATIONS;
    const raw = svc.spec?.externalName;
    const name = typeof raw === 'string' ? raw : '';
    // validation.go: strings.TrimSuffix(externalName, ".") trims ONE dot.
    const cname = name.endsWith('.') ? name.slice(0, -1) : name;
    if (cname === '') {
      return [violation(svc, 'spec.externalName', raw ?? '', 'an ExternalName Service needs externalName: Required value',
        'set externalName to the DNS name clients should reach, e.g. db.example.com')];
    }
    // What the author most likely meant: lower case, without a scheme, port, path or extra trailing dots.
    const candidate = cname.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/[:/].*$/, '').replace(/\.+$/, '');
    const suggestion = candidate !== '' && candidate !== cname && dns1123Subdomain(candidate).length === 0
      ? `write externalName: ${candidate} (a bare DNS name: lower case, no scheme, port or path, at most one trailing dot)`
      : undefined;
    return dns1123Subdomain(cname).map((m) => violation(svc, 'spec.externalName', cname, m,
      suggestion ?? 'write a bare DNS name in lower case, such as db.example.com: no scheme, port, path, underscore or spaces'));
  },
};

/** V28 `spec.externalIPs[i]`: a valid IP (sloppy parse) that is not unspecified, loopback or link-local; every type. */
export const externalIPsValid: Rule = {
  id: 'V28',
  name: 'invalid-external-ips',
  ...API_SERVER,
  summary: 'externalIPs must be IP addresses, not unspecified, loopback or link-local (checked for every type)',
  checkService: (svc) => {
    const list = svc.spec?.externalIPs;
    if (!Array.isArray(list)) return NO_VIOLATIONS;
    const out: Violation[] = [];
    list.forEach((text: unknown, i: number) => {
      const field = `spec.externalIPs[${i}]`;
      const ip = typeof text === 'string' ? parseIpSloppy(text) : undefined;
      if (!ip) {
        const fix = typeof text === 'string' && parseCidrSloppy(text)
          ? 'write a single address without the /prefix, e.g. 203.0.113.10'
          : 'write an IP address of a node or load balancer that routes to the cluster, e.g. 203.0.113.10';
        out.push(violation(svc, field, text, INVALID_IP_MESSAGE, fix));
        return;
      }
      const fix = 'use a routable address that reaches a node, e.g. 203.0.113.10';
      // ValidateNonSpecialIP: each test is its own cause.
      if (isUnspecified(ip)) out.push(violation(svc, field, text, `may not be unspecified (${text})`, fix));
      if (isLoopback(ip)) out.push(violation(svc, field, text, 'may not be in the loopback range (127.0.0.0/8, ::1/128)', fix));
      if (isLinkLocalUnicast(ip)) out.push(violation(svc, field, text, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)', fix));
      if (isLinkLocalMulticast(ip)) out.push(violation(svc, field, text, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)', fix));
    });
    return out;
  },
};

/** `utilnet.ParseIPNets`: every entry TrimSpace'd, then ParseCIDRSloppy; returns the entries that fail. */
function notCidrs(entries: string[]): string[] {
  return entries.filter((e) => parseCidrSloppy(e.trim()) === undefined);
}

/**
 * V33 `spec.LoadBalancerSourceRanges` (capital L, the literal 1.27 path) or the
 * source-ranges annotation: only for LoadBalancer, and a list of CIDRs. The field, when
 * non-empty, wins: the annotation is then ignored entirely.
 */
export const loadBalancerSourceRanges: Rule = {
  id: 'V33',
  name: 'invalid-load-balancer-source-ranges',
  ...API_SERVER,
  summary: 'loadBalancerSourceRanges (or its annotation) only on LoadBalancer Services, and only CIDRs such as 10.0.0.0/8',
  source: 'pkg/apis/core/validation/validation.go ValidateService (load balancer source ranges; per-entry paths from 1.30)',
  checkService: (svc, ctx) => {
    const field: unknown[] = Array.isArray(svc.spec?.loadBalancerSourceRanges) ? svc.spec.loadBalancerSourceRanges : [];
    const hasAnnotation = Object.prototype.hasOwnProperty.call(svc.annotations, LB_SOURCE_RANGES_ANNOTATION);
    if (field.length === 0 && !hasAnnotation) return NO_VIOLATIONS;
    const useField = field.length > 0;
    const path = useField ? 'spec.LoadBalancerSourceRanges' : `metadata.annotations[${LB_SOURCE_RANGES_ANNOTATION}]`;
    const value = useField ? field : svc.annotations[LB_SOURCE_RANGES_ANNOTATION];
    const what = useField ? 'loadBalancerSourceRanges' : `the ${LB_SOURCE_RANGES_ANNOTATION} annotation`;
    const out: Violation[] = [];
    if (svc.type !== 'LoadBalancer') {
      out.push(violation(svc, path, value, 'may only be used when `type` is \'LoadBalancer\'',
        `remove ${what}, or make the Service type: LoadBalancer; to limit who reaches a ${svc.type} Service, use a NetworkPolicy`));
    }
    let bad: string[];
    if (useField) {
      bad = notCidrs(field as string[]); // strings: T1 rejects other JSON types first
    } else {
      const text = (svc.annotations[LB_SOURCE_RANGES_ANNOTATION] ?? '').trim();
      bad = notCidrs((text === '' ? DEFAULT_SOURCE_RANGES : text).split(','));
    }
    if (bad.length > 0 && ctx.settings.kubernetesVersion >= 30) {
      // 1.30+: validation.go ValidateService checks each entry on its own with apimachinery
      // pkg/util/validation IsValidCIDR (added in 1.30, apimachinery commit "Add
      // validation.IsValidCIDR"): the field's error path carries the index,
      // spec.LoadBalancerSourceRanges[i]; the annotation gets one error per bad entry at its key.
      const entries: unknown[] = useField ? field : (svc.annotations[LB_SOURCE_RANGES_ANNOTATION] ?? '').trim().split(',');
      entries.forEach((e, i) => {
        if (typeof e === 'string' && parseCidrSloppy(e.trim()) === undefined) {
          out.push(violation(svc, useField ? `spec.LoadBalancerSourceRanges[${i}]` : path, useField ? e : e.trim(),
            'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
            useField ? 'write the entry as a CIDR, e.g. 203.0.113.0/24, or 203.0.113.7/32 for a single address'
              : 'write comma-separated CIDRs, e.g. "203.0.113.0/24,198.51.100.0/24" (a single address needs /32), or use spec.loadBalancerSourceRanges'));
        }
      });
    } else if (bad.length > 0) {
      // The API server names no entry; we do, so the author knows which one to fix.
      out.push(violation(svc, path, value, `must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 (not a CIDR: ${bad.map((b) => JSON.stringify(b)).join(', ')})`,
        useField
          ? 'write each entry as a CIDR, e.g. 203.0.113.0/24, or 203.0.113.7/32 for a single address'
          : 'write comma-separated CIDRs, e.g. "203.0.113.0/24,198.51.100.0/24" (a single address needs /32), or use spec.loadBalancerSourceRanges'));
    }
    return out;
  },
};

/** V34 `spec.allocateLoadBalancerNodePorts`: only for LoadBalancer, even when false. */
export const allocateLoadBalancerNodePortsOnlyForLB: Rule = {
  id: 'V34',
  name: 'allocate-node-ports-outside-load-balancer',
  ...API_SERVER,
  summary: 'allocateLoadBalancerNodePorts (true or false) only on LoadBalancer Services',
  checkService: (svc) => {
    const v = svc.spec?.allocateLoadBalancerNodePorts;
    if (svc.type === 'LoadBalancer' || v === undefined || v === null) return NO_VIOLATIONS;
    return [violation(svc, 'spec.allocateLoadBalancerNodePorts', v, 'may only be used when `type` is \'LoadBalancer\'',
      `remove allocateLoadBalancerNodePorts: a ${svc.type} Service has no load balancer`)];
  },
};

/** V36 `spec.loadBalancerClass`: a qualified name, only for LoadBalancer. */
export const loadBalancerClassValid: Rule = {
  id: 'V36',
  name: 'invalid-load-balancer-class',
  ...API_SERVER,
  summary: 'loadBalancerClass only on LoadBalancer Services, and a qualified name such as example.com/internal',
  checkService: (svc) => {
    const v = svc.spec?.loadBalancerClass;
    if (v === undefined || v === null) return NO_VIOLATIONS;
    if (svc.type !== 'LoadBalancer') {
      return [violation(svc, 'spec.loadBalancerClass', v, 'may only be used when `type` is \'LoadBalancer\'',
        'remove loadBalancerClass, or make the Service type: LoadBalancer')];
    }
    const problems = qualifiedName(v); // a string: T1 rejects other JSON types first
    return problems.map((m) => violation(svc, 'spec.loadBalancerClass', v, m,
      'write the class your load balancer controller watches, a qualified name such as example.com/internal-lb, or leave it out for the default controller'));
  },
};

/** V13, V28, V33, V34, V36: externalName, externalIPs, load balancer fields. */
export const EXTERNAL_RULES: Rule[] = [
  externalNameValid,
  externalIPsValid,
  loadBalancerSourceRanges,
  allocateLoadBalancerNodePortsOnlyForLB,
  loadBalancerClassValid,
];
