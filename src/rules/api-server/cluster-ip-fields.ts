// The Service fields the clusterIP, IP family and allocation rules read (cluster-ips.ts,
// ip-families.ts, cluster-ip-allocation.ts), as Go decodes them from the defaulted spec.
import { ServiceModel } from '../../model/cluster-model';
import { RuleCategory, Severity } from '../../model/findings';
import { IpAddress, parseIpSloppy } from '../../model/ip';
import { asText } from '../../model/text';

export const API_SERVER = { category: RuleCategory.API_SERVER, severity: Severity.ERROR };

/** validation.go `supportedServiceIPFamily` (V25). */
export const IP_FAMILIES = ['IPv4', 'IPv6'];
/** validation.go `supportedServiceIPFamilyPolicy` (V26). */
export const IP_FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];
/** apimachinery `IsValidIP` message (V27, V28). */
export const INVALID_IP_MESSAGE = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/** Types the registry allocates cluster IPs for (alloc.go `initIPFamilyFields`). */
export const ALLOCATED_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'];

/** `spec.clusterIPs` of the defaulted spec (after A1), or []. */
export function clusterIPsOf(svc: ServiceModel): unknown[] {
  const ips = svc.spec?.clusterIPs;
  return Array.isArray(ips) ? ips : [];
}

/** `spec.ipFamilies`, or []. */
export function ipFamiliesOf(svc: ServiceModel): unknown[] {
  const f = svc.spec?.ipFamilies;
  return Array.isArray(f) ? f : [];
}

/** `spec.clusterIP` as Go decodes it: absent/null is "". */
export function clusterIPOf(svc: ServiceModel): string {
  const v = svc.spec?.clusterIP;
  return typeof v === 'string' ? v : '';
}

/** `spec.ipFamilyPolicy`, or undefined when nil (absent or null). */
export function policyOf(svc: ServiceModel): unknown {
  const p = svc.spec?.ipFamilyPolicy;
  return p === null ? undefined : p;
}

/** An IP string read by the lenient parser (Go 1.16 net.ParseIP), or undefined. */
export function parseIp(v: unknown): IpAddress | undefined {
  return typeof v === 'string' ? parseIpSloppy(v) : undefined;
}

/** A value as the message shows it: JSON where it can be written, else its text. */
export function show(v: unknown): string {
  return JSON.stringify(v) ?? asText(v);
}
