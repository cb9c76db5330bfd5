// Security posture rules (DESIGN.md "What validate at synth time covers" 3).
import { NO_VIOLATIONS, Rule, Violation, violation } from './rule';
import { ServiceModel } from '../model/cluster-model';
import { RuleCategory, Severity } from '../model/findings';
import { parseCidrSloppy } from '../model/ip';
import { netipParseAddr } from '../model/ip-strict';

/**
 * The annotation that opts a Service into `externalIPs` (rule S1). The constructs set it
 * when `allowExternalIPs: true` is passed; YAML authors add it by hand.
 */
export const ALLOW_EXTERNAL_IPS_ANNOTATION = 'cdk8s-services.io/allow-external-ips';

/**
 * The annotation that states a LoadBalancer is meant to be reachable from anywhere (rule S2).
 */
export const PUBLIC_LOAD_BALANCER_ANNOTATION = 'cdk8s-services.io/public-load-balancer';

/** The cloud-provider annotation that is read when `spec.loadBalancerSourceRanges` is empty. */
export const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/** Provider annotations that make a LoadBalancer internal (not reachable from the internet). */
const INTERNAL_LB_ANNOTATIONS: Record<string, (v: string) => boolean> = {
  'service.beta.kubernetes.io/aws-load-balancer-internal': (v) => v === 'true' || v === '0.0.0.0/0',
  'service.beta.kubernetes.io/aws-load-balancer-scheme': (v) => v === 'internal',
  'networking.gke.io/load-balancer-type': (v) => v === 'internal',
  'cloud.google.com/load-balancer-type': (v) => v === 'internal',
  'service.beta.kubernetes.io/azure-load-balancer-internal': (v) => v === 'true',
  'service.beta.kubernetes.io/oci-load-balancer-internal': (v) => v === 'true',
};

function isTrue(v: string | undefined): boolean {
  return typeof v === 'string' && v.trim().toLowerCase() === 'true';
}

/** S1 (CVE-2020-8554): externalIPs let a Service capture traffic to any IP, so they need an explicit opt-in. */
export const externalIpsNeedOptIn: Rule = {
  id: 'S1',
  name: 'external-ips-without-opt-in',
  source: 'CVE-2020-8554 (kubernetes/kubernetes issue 97076): any user who may create Services can capture traffic to an external IP; the DenyServiceExternalIPs admission plugin is the cluster-wide fix',
  category: RuleCategory.SECURITY,
  severity: Severity.WARNING, // docs/severity.md: the API server accepts it; a risk, not a refusal
  summary: `externalIPs without the opt-in annotation ${ALLOW_EXTERNAL_IPS_ANNOTATION}: "true" (CVE-2020-8554).`,
  checkService: (svc) => {
    const ips = svc.spec.externalIPs;
    if (!Array.isArray(ips) || ips.length === 0 || isTrue(svc.annotations[ALLOW_EXTERNAL_IPS_ANNOTATION])) return NO_VIOLATIONS;
    return [violation(svc, 'spec.externalIPs', ips,
      'externalIPs make every node route traffic for these IPs to this Service, so a Service can intercept traffic meant for other hosts (CVE-2020-8554)',
      'remove externalIPs (use a LoadBalancer or NodePort instead); if you own these IPs and mean it, pass allowExternalIPs: true to the construct, '
      + `or in YAML add the annotation ${ALLOW_EXTERNAL_IPS_ANNOTATION}: "true"`)];
  },
};

/** True for a CIDR with prefix length 0 (0.0.0.0/0, ::/0): every address of its family (parsed as V33 does). */
function isOpenCidr(cidr: unknown): boolean {
  return typeof cidr === 'string' && parseCidrSloppy(cidr.trim())?.prefix === 0;
}

function isInternalLoadBalancer(svc: ServiceModel): boolean {
  return Object.entries(INTERNAL_LB_ANNOTATIONS)
    .some(([k, test]) => svc.annotations[k] !== undefined && test(svc.annotations[k].trim().toLowerCase()));
}

/**
 * The ports of a public web site: HTTP on 80 and HTTPS on 443. A LoadBalancer that serves only
 * these is the front door of a web app in most public examples (GKE's, AKS's and Azure's
 * quickstarts put the store front, the guestbook and hello-app there), so being open to the
 * internet is its purpose: S2 is a hint for it. Any other port (an admin UI on 15672, a
 * notebook on 8888, a model server on 8000, a database) stays a warning.
 */
const WEB_PORTS = new Set([80, 443]);

function servesOnlyWebPorts(svc: ServiceModel): boolean {
  const ports = svc.spec.ports ?? [];
  return ports.length > 0 && ports.every((p) => WEB_PORTS.has(p.port as number) && (p.protocol ?? 'TCP') === 'TCP');
}

/**
 * S2: a LoadBalancer without source ranges, or with 0.0.0.0/0 or ::/0, is open to the internet.
 * The field wins over the annotation when both are set (cloud-provider `GetLoadBalancerSourceRanges`).
 */
export const openLoadBalancer: Rule = {
  id: 'S2',
  name: 'public-load-balancer',
  source: 'k8s.io/cloud-provider service/helpers GetLoadBalancerSourceRanges: the field wins over the annotation, and none means 0.0.0.0/0',
  category: RuleCategory.SECURITY,
  severity: Severity.WARNING,
  summary: `A LoadBalancer open to the internet (no loadBalancerSourceRanges, or 0.0.0.0/0 or ::/0) unless ${PUBLIC_LOAD_BALANCER_ANNOTATION}: "true" says it is meant; a hint when it serves only ports 80 and 443.`,
  checkService: (svc, ctx) => {
    if (svc.type !== 'LoadBalancer' || ctx.settings.allowPublicLoadBalancers) return NO_VIOLATIONS;
    if (isTrue(svc.annotations[PUBLIC_LOAD_BALANCER_ANNOTATION]) || isInternalLoadBalancer(svc)) return NO_VIOLATIONS;
    const fix = 'list the client CIDRs in loadBalancerSourceRanges (e.g. ["203.0.113.0/24"]); if the LoadBalancer is meant to be public, '
      + `pass allowPublicAccess: true to LoadBalancerService (it takes several named ports too), or add the annotation ${PUBLIC_LOAD_BALANCER_ANNOTATION}: "true" `
      + '(addAnnotation on any service construct, or in YAML) '
      + '(the allowPublicLoadBalancers option does it for the whole app)';
    const web = servesOnlyWebPorts(svc);
    const severity = web ? Severity.INFO : undefined;
    const why = web ? ' (a hint: it serves only ports 80 and 443, where a public web site is the usual intent)' : '';
    const ranges = svc.spec.loadBalancerSourceRanges;
    const out: Violation[] = [];
    if (Array.isArray(ranges) && ranges.length > 0) {
      ranges.forEach((r: unknown, i: number) => {
        if (isOpenCidr(r)) {
          out.push(violation(svc, `spec.loadBalancerSourceRanges[${i}]`, r, `lets every address reach the LoadBalancer${why}`, fix, severity));
        }
      });
      return out;
    }
    const annotation = svc.annotations[SOURCE_RANGES_ANNOTATION];
    if (annotation !== undefined && annotation.trim() !== '') {
      const field = `metadata.annotations[${SOURCE_RANGES_ANNOTATION}]`; // the path form V7 and V33 use
      if (annotation.split(',').some(isOpenCidr)) {
        out.push(violation(svc, field, annotation, `lets every address reach the LoadBalancer${why}`, fix, severity));
      }
      return out;
    }
    return [violation(svc, 'spec.loadBalancerSourceRanges', undefined,
      `is not set, so the cloud load balancer accepts connections from any address on the internet${why}`, fix, severity)];
  },
};

/** An IPv4 address as CoreDNS's Go (>= 1.17) net.ParseIP reads it: like netip, no leading zeros. */
function isIPv4(s: string): boolean {
  const r = netipParseAddr(s);
  return r.ok && !r.is6;
}

/**
 * S3 (SEMANTICS.md D5): CoreDNS answers an ExternalName that is an IP with NXDOMAIN, yet the API
 * server accepts IPv4 literals (RULES.md V13). IPv6 literals are rejected by V13 already.
 */
export const externalNameIsIp: Rule = {
  id: 'S3',
  name: 'external-name-is-ip',
  source: 'CoreDNS kubernetes plugin: an ExternalName Service answers a CNAME to externalName, and an IP is no host name; kube-apiserver accepts IPv4 literals (pkg/apis/core/validation ValidateService)',
  category: RuleCategory.SECURITY,
  severity: Severity.ERROR,
  summary: 'An ExternalName Service whose externalName is an IP address (CoreDNS answers NXDOMAIN).',
  checkService: (svc) => {
    const name = svc.spec.externalName;
    if (svc.type !== 'ExternalName' || typeof name !== 'string') return NO_VIOLATIONS;
    if (!isIPv4(name.replace(/\.$/, ''))) return NO_VIOLATIONS;
    return [violation(svc, 'spec.externalName', name,
      'is an IP address; the API server accepts it but cluster DNS answers NXDOMAIN, because ExternalName only makes a CNAME to a host name',
      `use a DNS name for the host, or for a fixed IP use a selector-less ClusterIP Service with an EndpointSlice holding ${name}`)];
  },
};

/** S4 (kube-score service-type): a NodePort opens a port on every node; a hint (docs/severity.md), strict mode leaves it one. */
export const nodePortInStrictMode: Rule = {
  id: 'S4',
  name: 'node-port-service',
  source: 'kube-score service-type; kube-proxy opens a NodePort on every node (pkg/proxy)',
  category: RuleCategory.SECURITY,
  severity: Severity.INFO,
  summary: 'A NodePort Service opens a port on every node (a hint: often intended).',
  checkService: (svc) => {
    if (svc.type !== 'NodePort') return NO_VIOLATIONS;
    return [violation(svc, 'spec.type', svc.type,
      'opens the port on every node of the cluster, bypassing any load balancer in front of it (kube-score service-type)',
      'use a ClusterIP Service behind an Ingress or Gateway, or a LoadBalancer; if the node ports are meant, nothing is needed '
      + '(it is a hint), or say so on the Service: cdk8s-services.io/ignore: "S4: why"')];
  },
};

/** Security rules. */
export const SECURITY_RULES: Rule[] = [externalIpsNeedOptIn, openLoadBalancer, externalNameIsIp, nodePortInStrictMode];
