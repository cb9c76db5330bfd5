// Rules that exist only in some Kubernetes releases (1.28-1.35): each carries `since`/`until`
// (Rule in src/rules/rule.ts) and cites the Kubernetes source it follows. The table of what
// changes per release, with these ids, is docs/kubernetes-versions.md.
import { ServiceModel } from '../../model/cluster-model';
import { RuleCategory, Severity } from '../../model/findings';
import { supportedValues } from '../formats';
import { NO_VIOLATIONS, Rule, violation, Violation } from '../rule';

const API_SERVER_ERROR = { category: RuleCategory.API_SERVER, severity: Severity.ERROR };
const API_SERVER_WARNING = { category: RuleCategory.API_SERVER, severity: Severity.WARNING };

/** `ServiceTrafficDistributionPreferClose` and the values PreferSameTrafficDistribution adds. */
export const PREFER_CLOSE = 'PreferClose';
export const PREFER_SAME_ZONE = 'PreferSameZone';
export const PREFER_SAME_NODE = 'PreferSameNode';

/**
 * The trafficDistribution values validation.go `validateServiceTrafficDistribution` accepts in
 * release 1.`minor` with default gates: PreferClose from 1.31 (ServiceTrafficDistribution beta,
 * on); PreferSameZone and PreferSameNode from 1.34 (PreferSameTrafficDistribution: alpha and off
 * in 1.33, beta and on in 1.34, GA in 1.35; pkg/features/kube_features.go).
 */
export function trafficDistributionValues(minor: number): string[] {
  if (minor < 31) return [];
  return minor >= 34 ? [PREFER_CLOSE, PREFER_SAME_ZONE, PREFER_SAME_NODE] : [PREFER_CLOSE];
}

function has(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/**
 * W6: two warnings GetWarningsForService sends from 1.28 (PR 119310): externalIPs on an
 * ExternalName Service, and externalName on a Service of another type, are ignored.
 */
export const ignoredByType: Rule = {
  id: 'W6',
  name: 'type-ignores-field',
  ...API_SERVER_WARNING,
  summary: 'externalIPs on an ExternalName Service, or externalName on any other type, is ignored (Kubernetes 1.28+)',
  since: 28,
  source: 'pkg/api/service/warnings.go GetWarningsForService (PR 119310)',
  checkService: (svc) => {
    const out: Violation[] = [];
    const externalIPs = svc.spec?.externalIPs;
    if (svc.type === 'ExternalName' && Array.isArray(externalIPs) && externalIPs.length > 0) {
      out.push(violation(svc, 'spec.externalIPs', externalIPs, 'spec.externalIPs is ignored when spec.type is "ExternalName"',
        'remove externalIPs: an ExternalName Service is a DNS alias (CNAME) and has no addresses of its own'));
    }
    const externalName = svc.spec?.externalName;
    if (svc.type !== 'ExternalName' && typeof externalName === 'string' && externalName !== '') {
      out.push(violation(svc, 'spec.externalName', externalName, 'spec.externalName is ignored when spec.type is not "ExternalName"',
        `remove externalName, or make the Service type: ExternalName to alias ${externalName}`));
    }
    return out.length > 0 ? out : NO_VIOLATIONS;
  },
};

/**
 * W7: headless Services (type ClusterIP, clusterIP None) ignore loadBalancerIP, externalIPs and
 * a sessionAffinity other than None; GetWarningsForService says so from 1.34 (isHeadlessService).
 * The affinity message spells the field `spec.SessionAffinity`, as the source does.
 */
export const ignoredByHeadless: Rule = {
  id: 'W7',
  name: 'headless-ignores-field',
  ...API_SERVER_WARNING,
  summary: 'a headless Service ignores loadBalancerIP, externalIPs and sessionAffinity (Kubernetes 1.34+)',
  since: 34,
  source: 'pkg/api/service/warnings.go GetWarningsForService, isHeadlessService',
  checkService: (svc) => {
    if (svc.type !== 'ClusterIP' || svc.spec?.clusterIP !== 'None') return NO_VIOLATIONS;
    const out: Violation[] = [];
    const lbIP = svc.spec?.loadBalancerIP;
    if (typeof lbIP === 'string' && lbIP !== '') {
      out.push(violation(svc, 'spec.loadBalancerIP', lbIP, 'spec.loadBalancerIP is ignored for headless services',
        'remove loadBalancerIP: a headless Service has no virtual IP and no load balancer'));
    }
    const externalIPs = svc.spec?.externalIPs;
    if (Array.isArray(externalIPs) && externalIPs.length > 0) {
      out.push(violation(svc, 'spec.externalIPs', externalIPs, 'spec.externalIPs is ignored for headless services',
        'remove externalIPs, or give the Service a cluster IP (leave clusterIP out) so kube-proxy routes them'));
    }
    // DF1 has defaulted "" to None, so only an explicit ClientIP (or an invalid value V21 refuses) is left.
    const affinity = svc.spec?.sessionAffinity;
    if (has(affinity) && affinity !== 'None') {
      out.push(violation(svc, 'spec.sessionAffinity', affinity, 'spec.SessionAffinity is ignored for headless services',
        'remove sessionAffinity: clients of a headless Service pick a pod IP from DNS themselves, kube-proxy does not balance them'));
    }
    return out.length > 0 ? out : NO_VIOLATIONS;
  },
};

/**
 * V43 `spec.trafficDistribution`: from 1.31 (ServiceTrafficDistribution beta, on) validation.go
 * `validateServiceTrafficDistribution` accepts only the values of `trafficDistributionValues`.
 * In 1.30 the gate is off and strategy.go `dropServiceDisabledFields` clears the field on create
 * before validation, so nothing is refused there (W8 says it is dropped).
 */
export const trafficDistributionValid: Rule = {
  id: 'V43',
  name: 'traffic-distribution-invalid',
  ...API_SERVER_ERROR,
  summary: 'trafficDistribution is PreferClose (1.31+), or PreferSameZone / PreferSameNode (1.34+)',
  since: 31,
  source: 'pkg/apis/core/validation/validation.go validateServiceTrafficDistribution; pkg/features/kube_features.go ServiceTrafficDistribution, PreferSameTrafficDistribution',
  checkService: (svc, ctx) => {
    const v = svc.spec?.trafficDistribution;
    if (!has(v)) return NO_VIOLATIONS;
    const allowed = trafficDistributionValues(ctx.settings.kubernetesVersion);
    // Not decoded (an unknown field through 1.29, T2): any JSON value may be here.
    if (allowed.includes(v as string)) return NO_VIOLATIONS;
    const newer = v === PREFER_SAME_ZONE || v === PREFER_SAME_NODE;
    return [violation(svc, 'spec.trafficDistribution', v, `Unsupported value: ${JSON.stringify(v)}: ${supportedValues(allowed)}`,
      newer
        ? `${v} needs Kubernetes 1.34 or newer; on 1.${ctx.settings.kubernetesVersion} write trafficDistribution: ${PREFER_CLOSE} (zone preference), or remove it`
        : `write one of ${allowed.join(', ')} (case-sensitive), or remove trafficDistribution`)];
  },
};

/**
 * W8 (ours, not an API-server warning): in 1.30 the ServiceTrafficDistribution gate is alpha
 * and off, so strategy.go `dropServiceDisabledFields` (PrepareForCreate) silently drops
 * `spec.trafficDistribution`: the create succeeds and the preference is lost.
 */
export const trafficDistributionDropped: Rule = {
  id: 'W8',
  name: 'traffic-distribution-dropped',
  ...API_SERVER_WARNING,
  summary: 'trafficDistribution is dropped on create in Kubernetes 1.30 (ServiceTrafficDistribution gate off)',
  since: 30,
  until: 30,
  source: 'pkg/registry/core/service/strategy.go dropServiceDisabledFields; pkg/features/kube_features.go ServiceTrafficDistribution (alpha in 1.30)',
  checkService: (svc) => {
    const v = svc.spec?.trafficDistribution;
    if (!has(v)) return NO_VIOLATIONS;
    return [violation(svc, 'spec.trafficDistribution', v,
      'Kubernetes 1.30 drops trafficDistribution on create (the ServiceTrafficDistribution feature gate is alpha and off by default), so it has no effect',
      'remove it, enable the ServiceTrafficDistribution gate on the API server and the controllers, or target 1.31+, where it is on by default')];
  },
};

/** W9 `spec.trafficDistribution: PreferClose`: deprecated in favour of PreferSameZone (1.35). */
export const preferCloseDeprecated: Rule = {
  id: 'W9',
  name: 'traffic-distribution-deprecated',
  ...API_SERVER_WARNING,
  summary: 'trafficDistribution PreferClose is deprecated; use PreferSameZone (Kubernetes 1.35)',
  since: 35,
  source: 'pkg/api/service/warnings.go GetWarningsForService',
  checkService: (svc) => {
    if (svc.spec?.trafficDistribution !== PREFER_CLOSE) return NO_VIOLATIONS;
    return [violation(svc, 'spec.trafficDistribution', PREFER_CLOSE, `spec.trafficDistribution: "${PREFER_CLOSE}" is deprecated; use "${PREFER_SAME_ZONE}"`,
      `write trafficDistribution: ${PREFER_SAME_ZONE} (the same behaviour under its clearer name)`)];
  },
};

/** A field of v1.Service and the first minor release whose API knows it. */
interface NewField {
  path: string;
  since: number;
  read: (raw: any) => unknown[];
}

/** Fields added to v1.Service after 1.27 (staging/src/k8s.io/api/core/v1/types.go). */
const NEW_FIELDS: NewField[] = [
  { path: 'spec.trafficDistribution', since: 30, read: (raw) => (raw?.spec && has(raw.spec.trafficDistribution) ? [raw.spec.trafficDistribution] : []) },
  {
    path: 'status.loadBalancer.ingress[].ipMode',
    since: 29,
    read: (raw) => (Array.isArray(raw?.status?.loadBalancer?.ingress) ? raw.status.loadBalancer.ingress : [])
      .filter((i: any) => i && typeof i === 'object' && has(i.ipMode)).map((i: any) => i.ipMode),
  },
];

/**
 * T2: a field the release's v1.Service does not have is an unknown field. kubectl sends creates
 * with field validation Strict by default (`--validate=strict`, kubectl 1.25+, KEP-2885), and the
 * API server then refuses the object (`strict decoding error: unknown field`); a plain create
 * without strict validation would drop it with a warning.
 */
export const unknownField: Rule = {
  id: 'T2',
  name: 'field-unknown-in-release',
  ...API_SERVER_ERROR,
  summary: 'a field the target Kubernetes release does not know (e.g. spec.trafficDistribution before 1.30) is refused by strict field validation',
  until: 29,
  source: 'staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go (fieldValidation Strict); kubectl --validate default strict',
  checkService: (svc: ServiceModel, ctx) => {
    const minor = ctx.settings.kubernetesVersion;
    const out: Violation[] = [];
    for (const f of NEW_FIELDS) {
      if (minor >= f.since) continue;
      for (const value of f.read(svc.raw)) {
        out.push(violation(svc, f.path, value, `strict decoding error: unknown field "${f.path}": Kubernetes 1.${minor} has no such field (it was added in 1.${f.since})`,
          `remove the field, or target Kubernetes 1.${f.since} or newer (kubernetesVersion)`));
      }
    }
    return out.length > 0 ? out : NO_VIOLATIONS;
  },
};

/** The release-dependent errors: unknown fields (decode, before validation), then V43. */
export const RELEASE_ERROR_RULES: Rule[] = [unknownField, trafficDistributionValid];

/** The release-dependent warnings, after W1-W5 (the order GetWarningsForService sends them). */
export const RELEASE_WARNING_RULES: Rule[] = [ignoredByHeadless, ignoredByType, trafficDistributionDropped, preferCloseDeprecated];
