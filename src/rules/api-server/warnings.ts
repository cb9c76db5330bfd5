// RULES.md W1-W5: warnings kube-apiserver returns on create (pkg/api/service/warnings.go
// GetWarningsForService; its own getWarningsForIP / getWarningsForCIDR through 1.32, from 1.33
// k8s.io/apimachinery pkg/util/validation/ip.go GetWarningsForIP / GetWarningsForCIDR).
// The API server sends warnings only when the create succeeds, so an entry that already fails
// validation (V27, V28, V33) gets its error and no warning here.
import { ServiceModel } from '../../model/cluster-model';
import { RuleCategory, Severity } from '../../model/findings';
import { parseCidrSloppy, parseIpSloppy } from '../../model/ip';
import { formatIp } from '../../model/ip-math';
import { netipParseAddr, netipParsePrefix } from '../../model/ip-strict';
import { NO_VIOLATIONS, Rule, violation, Violation } from '../rule';
import { TOPOLOGY_AWARE_HINTS, TOPOLOGY_MODE } from './metadata';

const API_SERVER_WARNING = { category: RuleCategory.API_SERVER, severity: Severity.WARNING };


/** IPv4-mapped IPv6 (`::ffff:a.b.c.d`), netip's `Is4In6`, from its canonical text. */
function is4In6(canonical: string): boolean {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(canonical);
}

/**
 * The IP warning of a value the sloppy parser accepted. Through 1.32 warnings.go's own
 * `getWarningsForIP`; from 1.33 k8s.io/apimachinery pkg/util/validation/ip.go `GetWarningsForIP`
 * (rewritten with StrictIPCIDRValidation; the texts changed whatever the gate says).
 */
function ipWarning(svc: ServiceModel, field: string, text: string, minor: number): Violation[] {
  const r = netipParseAddr(text);
  const sloppy = parseIpSloppy(text);
  if (minor >= 33) {
    const canonical = sloppy ? formatIp(sloppy) : text;
    if (!r.ok || (r.is6 && is4In6(r.canonical ?? ''))) {
      return [violation(svc, field, text, `non-standard IP address ${JSON.stringify(text)} will be considered invalid in a future Kubernetes release: use ${JSON.stringify(canonical)}`,
        `write ${canonical}`)];
    }
    if (r.is6 && r.canonical !== text) {
      return [violation(svc, field, text, `IPv6 address ${JSON.stringify(text)} should be in RFC 5952 canonical format (${JSON.stringify(r.canonical)})`, `write ${r.canonical}`)];
    }
    return NO_VIOLATIONS;
  }
  if (!r.ok) {
    const canonical = sloppy ? formatIp(sloppy) : undefined;
    return [violation(svc, field, text, `IP address was accepted, but will be invalid in a future Kubernetes release: ${r.error}`,
      canonical ? `write ${canonical}` : 'write a plain IP address such as 10.96.0.10 or fd00::10')];
  }
  if (r.is6 && r.canonical !== text) {
    return [violation(svc, field, text,
      `IPv6 address ${JSON.stringify(text)} is not in RFC 5952 canonical format (${JSON.stringify(r.canonical)}), which may cause controller apply-loops`,
      `write ${r.canonical}`)];
  }
  return NO_VIOLATIONS;
}

/** W1 `metadata.annotations[service.kubernetes.io/topology-aware-hints]`: deprecated in 1.27. */
export const topologyAwareHintsDeprecated: Rule = {
  id: 'W1',
  name: 'deprecated-topology-hints-annotation',
  ...API_SERVER_WARNING,
  summary: 'the service.kubernetes.io/topology-aware-hints annotation is deprecated; use service.kubernetes.io/topology-mode',
  checkService: (svc) => {
    if (!Object.prototype.hasOwnProperty.call(svc.annotations, TOPOLOGY_AWARE_HINTS)) return NO_VIOLATIONS;
    const value = svc.annotations[TOPOLOGY_AWARE_HINTS];
    return [violation(svc, `metadata.annotations[${TOPOLOGY_AWARE_HINTS}]`, value,
      `annotation ${TOPOLOGY_AWARE_HINTS} is deprecated, please use ${TOPOLOGY_MODE} instead`,
      `replace it with ${TOPOLOGY_MODE}: ${value === '' ? 'Auto' : value} (and remove the old annotation)`)];
  },
};

/** W2 `spec.clusterIPs[i]`: an IP netip rejects (e.g. leading zeros) or a non-canonical IPv6, when clusterIP is set. */
export const clusterIPsCanonical: Rule = {
  id: 'W2',
  name: 'non-canonical-cluster-ip',
  ...API_SERVER_WARNING,
  summary: 'clusterIPs accepted now but not canonical: IPv4 with leading zeros (invalid in a future release) or IPv6 not in RFC 5952 form',
  checkService: (svc, ctx) => {
    const ip = svc.spec?.clusterIP;
    // helper.IsServiceIPSet: clusterIP neither "" nor None.
    if (typeof ip !== 'string' || ip === '' || ip === 'None') return NO_VIOLATIONS;
    const list = Array.isArray(svc.spec?.clusterIPs) ? svc.spec.clusterIPs : [];
    return list.flatMap((text: unknown, i: number) =>
      typeof text === 'string' && parseIpSloppy(text) ? ipWarning(svc, `spec.clusterIPs[${i}]`, text, ctx.settings.kubernetesVersion) : []);
  },
};

/** W3 `spec.externalIPs[i]`: the same check as W2. */
export const externalIPsCanonical: Rule = {
  id: 'W3',
  name: 'non-canonical-external-ip',
  ...API_SERVER_WARNING,
  summary: 'externalIPs accepted now but not canonical: IPv4 with leading zeros or IPv6 not in RFC 5952 form',
  checkService: (svc, ctx) => {
    const list = Array.isArray(svc.spec?.externalIPs) ? svc.spec.externalIPs : [];
    return list.flatMap((text: unknown, i: number) =>
      typeof text === 'string' && parseIpSloppy(text) ? ipWarning(svc, `spec.externalIPs[${i}]`, text, ctx.settings.kubernetesVersion) : []);
  },
};

/** W4 `spec.loadBalancerIP`: the only check 1.27 makes on this field (any type; "not-an-ip" is accepted with this warning). */
export const loadBalancerIPCanonical: Rule = {
  id: 'W4',
  name: 'non-canonical-load-balancer-ip',
  ...API_SERVER_WARNING,
  summary: 'loadBalancerIP is never validated in 1.27, only warned about when it is not a canonical IP',
  checkService: (svc, ctx) => {
    const v = svc.spec?.loadBalancerIP;
    if (typeof v !== 'string' || v === '') return NO_VIOLATIONS;
    // 1.33+: GetWarningsForIP logs and returns nothing for a value ParseIPSloppy rejects.
    if (ctx.settings.kubernetesVersion >= 33 && !parseIpSloppy(v)) return NO_VIOLATIONS;
    return ipWarning(svc, 'spec.loadBalancerIP', v, ctx.settings.kubernetesVersion);
  },
};

/** W5 `spec.loadBalancerSourceRanges[i]`: a prefix netip rejects (e.g. spaces) or a non-canonical IPv6 prefix. */
export const loadBalancerSourceRangesCanonical: Rule = {
  id: 'W5',
  name: 'non-canonical-source-range',
  ...API_SERVER_WARNING,
  summary: 'loadBalancerSourceRanges accepted now but not canonical: spaces or leading zeros (invalid in a future release) or IPv6 not in RFC 5952 form',
  checkService: (svc, ctx) => {
    const list = Array.isArray(svc.spec?.loadBalancerSourceRanges) ? svc.spec.loadBalancerSourceRanges : [];
    // When any entry fails V33 the create fails and no warning is sent.
    if (!list.every((e: unknown) => typeof e === 'string' && parseCidrSloppy(e.trim()))) return NO_VIOLATIONS;
    if (ctx.settings.kubernetesVersion >= 33) return list.flatMap((text: string, i: number) => cidrWarnings133(svc, `spec.loadBalancerSourceRanges[${i}]`, text));
    const out: Violation[] = [];
    list.forEach((text: string, i: number) => {
      const field = `spec.loadBalancerSourceRanges[${i}]`;
      const r = netipParsePrefix(text);
      if (!r.ok) {
        const sloppy = parseCidrSloppy(text.trim())!;
        out.push(violation(svc, field, text, `IP prefix was accepted, but will be invalid in a future Kubernetes release: ${r.error}`,
          `write ${formatIp(sloppy.address)}/${sloppy.prefix}`));
      } else if (r.is6 && r.canonical !== text) {
        out.push(violation(svc, field, text,
          `IPv6 prefix ${JSON.stringify(text)} is not in RFC 5952 canonical format (${JSON.stringify(r.canonical)}), which may cause controller apply-loops`,
          `write ${r.canonical}`));
      }
    });
    return out;
  },
};

/**
 * 1.33+: apimachinery pkg/util/validation/ip.go `GetWarningsForCIDR` on the value as written (a
 * value ParseCIDRSloppy rejects, e.g. one with spaces V33 trims, gets none): host bits set
 * ("ambiguous"), then leading zeros or IPv4-mapped IPv6 ("non-standard"), else a non-canonical
 * IPv6 prefix.
 */
function cidrWarnings133(svc: ServiceModel, field: string, text: string): Violation[] {
  const sloppy = parseCidrSloppy(text);
  if (!sloppy) return NO_VIOLATIONS;
  const out: Violation[] = [];
  const network = `${formatIp(sloppy.network)}/${sloppy.prefix}`;
  if (formatIp(sloppy.address) !== formatIp(sloppy.network)) {
    const single = `${formatIp(sloppy.address)}/${sloppy.family === 'IPv4' ? 32 : 128}`;
    out.push(violation(svc, field, text, `CIDR value ${JSON.stringify(text)} is ambiguous in this context (should be ${JSON.stringify(network)} or ${JSON.stringify(single)}?)`,
      `write ${network} for the whole network, or ${single} for the one address`));
  }
  const r = netipParsePrefix(text);
  if (!r.ok || (r.is6 && is4In6((r.canonical ?? '').split('/')[0]))) {
    out.push(violation(svc, field, text, `non-standard CIDR value ${JSON.stringify(text)} will be considered invalid in a future Kubernetes release: use ${JSON.stringify(network)}`,
      `write ${network}`));
  }
  if (out.length === 0 && r.ok && r.is6 && r.canonical !== text) {
    out.push(violation(svc, field, text, `IPv6 CIDR value ${JSON.stringify(text)} should be in RFC 5952 canonical format (${JSON.stringify(r.canonical)})`, `write ${r.canonical}`));
  }
  return out;
}

/** W1-W5: warnings kube-apiserver 1.27 returns on create. */
export const WARNINGS_RULES: Rule[] = [
  topologyAwareHintsDeprecated,
  clusterIPsCanonical,
  externalIPsCanonical,
  loadBalancerIPCanonical,
  loadBalancerSourceRangesCanonical,
];

/** Warnings of later releases that 1.27 does not send: none left out (W6 is in releases.ts, since 1.28). */
export const NOT_IN_1_27: Array<{ id: string; reason: string }> = [];
