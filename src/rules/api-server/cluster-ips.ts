// RULES.md V10-V12, V24-V27, A1-A10, A12: clusterIPs, IP families, allocation.
// validation.go `ValidateService` / `ValidateServiceClusterIPsRelatedFields` and the registry's
// alloc.go `initIPFamilyFields`, `allocClusterIPs`, `allocHealthCheckNodePort`.
// Rules read the defaulted spec, where A1 has copied clusterIP into an empty clusterIPs.
// IP families (A4-A8) are in ip-families.ts, allocation (A10, A12) in cluster-ip-allocation.ts.
import { ServiceModel } from '../../model/cluster-model';
import { isHeadlessService } from '../../model/defaults';
import { supportedValues } from '../formats';
import { NO_VIOLATIONS, Rule, violation, Violation } from '../rule';
import { API_SERVER, show, INVALID_IP_MESSAGE, IP_FAMILIES, IP_FAMILY_POLICIES, clusterIPOf, clusterIPsOf, ipFamiliesOf, parseIp, policyOf } from './cluster-ip-fields';


// ---------------------------------------------------------------------------------------------
// V10-V12: type-dependent clusterIP checks in ValidateService

/** V10 `spec.clusterIPs[0]`: NodePort and LoadBalancer Services cannot be headless. */
export const headlessNotExternal: Rule = {
  id: 'V10',
  name: 'headless-node-port-or-load-balancer',
  ...API_SERVER,
  summary: 'a NodePort or LoadBalancer Service may not be headless (clusterIP: None)',
  checkService: (svc) => {
    // validation.go `isHeadlessService`: exactly ["None"]; ["None", ip] is V27's alone.
    if ((svc.type !== 'NodePort' && svc.type !== 'LoadBalancer') || !isHeadlessService(svc.spec)) return NO_VIOLATIONS;
    return [violation(svc, 'spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${svc.type} services`,
      `remove clusterIP: None (a ${svc.type} Service needs a cluster IP), or use type: ClusterIP for a headless Service`)];
  },
};

/** V11 `spec.clusterIPs`: an ExternalName Service has no cluster IP (A1 copies clusterIP here, even "None"). */
export const externalNameNoClusterIPs: Rule = {
  id: 'V11',
  name: 'external-name-with-cluster-ip',
  ...API_SERVER,
  summary: 'an ExternalName Service may not set clusterIP or clusterIPs',
  checkService: (svc) => {
    const ips = clusterIPsOf(svc);
    if (svc.type !== 'ExternalName' || ips.length === 0) return NO_VIOLATIONS;
    return [violation(svc, 'spec.clusterIPs', ips, 'may not be set for ExternalName services',
      'remove clusterIP and clusterIPs: an ExternalName Service is a DNS CNAME and gets no cluster IP')];
  },
};

/** V12 `spec.ipFamilies`, `spec.ipFamilyPolicy`: not for ExternalName Services. */
export const externalNameNoFamilies: Rule = {
  id: 'V12',
  name: 'external-name-with-ip-families',
  ...API_SERVER,
  summary: 'an ExternalName Service may not set ipFamilies or ipFamilyPolicy',
  checkService: (svc) => {
    if (svc.type !== 'ExternalName') return NO_VIOLATIONS;
    const out: Violation[] = [];
    const families = ipFamiliesOf(svc);
    if (families.length > 0) {
      out.push(violation(svc, 'spec.ipFamilies', families, 'may not be set for ExternalName services',
        'remove ipFamilies: an ExternalName Service gets no cluster IP, so it has no IP family'));
    }
    const policy = policyOf(svc);
    if (policy !== undefined) {
      out.push(violation(svc, 'spec.ipFamilyPolicy', policy, 'may not be set for ExternalName services',
        'remove ipFamilyPolicy: an ExternalName Service gets no cluster IP, so it has no IP family policy'));
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------
// V24-V27: ValidateServiceClusterIPsRelatedFields (also run by the allocator first, A3)

/** V24 violations: clusterIP and clusterIPs must agree; clusterIPs alone is invalid. */
function clusterIPsSyncProblems(svc: ServiceModel): Violation[] {
  if (svc.type === 'ExternalName') return NO_VIOLATIONS;
  const ip = clusterIPOf(svc);
  const ips = clusterIPsOf(svc);
  if (ip !== '') {
    // The Required branch (clusterIP set, clusterIPs empty) cannot happen: A1 copied it.
    if (ips.length > 0 && ips[0] !== ip) {
      return [violation(svc, 'spec.clusterIPs', ips, 'first value must match `clusterIP`',
        `make clusterIPs[0] equal to clusterIP (${show(ip)}), or remove clusterIPs and keep clusterIP`)];
    }
    return NO_VIOLATIONS;
  }
  if (ips.length > 0) {
    return [violation(svc, 'spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified',
      `also set clusterIP: ${show(ips[0])} (the first clusterIPs value), or remove clusterIPs to let Kubernetes allocate`)];
  }
  return NO_VIOLATIONS;
}

/** V25 violations: ipFamilies entries must be IPv4/IPv6 and not repeat. */
function ipFamiliesProblems(svc: ServiceModel): Violation[] {
  if (svc.type === 'ExternalName') return NO_VIOLATIONS;
  const families = ipFamiliesOf(svc);
  if (families.length === 0) return NO_VIOLATIONS; // most Services: nothing to check, nothing allocated
  const out: Violation[] = [];
  const seen = new Set<unknown>();
  families.forEach((f, i) => {
    const field = `spec.ipFamilies[${i}]`;
    if (!IP_FAMILIES.includes(f as string)) {
      out.push(violation(svc, field, f, `Unsupported value: ${show(f)}: ${supportedValues(IP_FAMILIES)}`,
        'write IPv4 or IPv6 (case-sensitive)'));
    }
    if (seen.has(f)) {
      out.push(violation(svc, field, f, `Duplicate value: ${show(f)}`,
        'list each IP family once: [IPv4], [IPv6], [IPv4, IPv6] or [IPv6, IPv4]'));
    }
    seen.add(f);
  });
  return out;
}

/** V26 violations: ipFamilyPolicy must be a known policy (nil is fine: A2 fills it). */
function ipFamilyPolicyProblems(svc: ServiceModel): Violation[] {
  if (svc.type === 'ExternalName') return NO_VIOLATIONS;
  const policy = policyOf(svc);
  if (policy === undefined || IP_FAMILY_POLICIES.includes(policy as string)) return NO_VIOLATIONS;
  return [violation(svc, 'spec.ipFamilyPolicy', policy, `Unsupported value: ${show(policy)}: ${supportedValues(IP_FAMILY_POLICIES)}`,
    'write SingleStack, PreferDualStack or RequireDualStack, or leave ipFamilyPolicy out (SingleStack)')];
}

/** V27 violations, with the "checks stop here" ordering of validation.go. */
function clusterIPsValueProblems(svc: ServiceModel): Violation[] {
  if (svc.type === 'ExternalName') return NO_VIOLATIONS;
  const ips = clusterIPsOf(svc);
  // Every check below is about a listed IP: none listed (most Services), none to report.
  if (ips.length === 0) return NO_VIOLATIONS;
  const out: Violation[] = [];
  let hasInvalidIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        hasInvalidIPs = true;
        out.push(violation(svc, 'spec.clusterIPs', ips, '\'None\' must be the first and only value',
          'write clusterIP: None alone for a headless Service, or list real IPs only'));
      }
      return;
    }
    if (!parseIp(ip)) {
      hasInvalidIPs = true;
      const fix = typeof ip === 'string' && ip.toLowerCase() === 'none'
        ? (i === 0 ? 'write None with a capital N (clusterIP: None) for a headless Service' : 'None is only valid alone, as clusterIP: None')
        : 'write an IP address such as 10.96.0.10 or fd00::10, or leave clusterIP out to let Kubernetes allocate one';
      out.push(violation(svc, `spec.clusterIPs[${i}]`, ip, INVALID_IP_MESSAGE, fix));
    }
  });
  if (ips.length > 2) {
    // validation.go ValidateServiceClusterIPsRelatedFields ("max two") does not set hasInvalidIPs:
    // three valid IPs still reach the family checks below (RULES.md says they stop; the source wins).
    out.push(violation(svc, 'spec.clusterIPs', ips, 'may only hold up to 2 values',
      'list at most two IPs: one IPv4 and one IPv6'));
  }
  // validation.go: "we stop here if there are errors in clusterIPs validation" (invalid IPs, a misplaced None).
  if (hasInvalidIPs) return out;

  if (ips.length > 1) {
    const fams = ips.map((ip) => parseIp(ip)!.family);
    if (!(fams.includes('IPv4') && fams.includes('IPv6'))) {
      out.push(violation(svc, 'spec.clusterIPs', ips, 'may specify no more than one IP for each IP family',
        'keep one IP, or list one IPv4 and one IPv6 address'));
    }
  }
  const families = ipFamiliesOf(svc);
  if (!isHeadlessService(svc.spec) && ips.length > 0 && families.length > 0) {
    for (let i = 0; i < ips.length && i < families.length; i++) {
      const fam = parseIp(ips[i])!.family;
      if (families[i] === 'IPv4' && fam === 'IPv6') {
        out.push(violation(svc, `spec.clusterIPs[${i}]`, ips[i], `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``,
          `put the IPv4 address at clusterIPs[${i}], or change ipFamilies[${i}] to IPv6`));
      }
      if (families[i] === 'IPv6' && fam !== 'IPv6') {
        out.push(violation(svc, `spec.clusterIPs[${i}]`, ips[i], `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``,
          `put the IPv6 address at clusterIPs[${i}], or change ipFamilies[${i}] to IPv4`));
      }
    }
  }
  return out;
}

/** True when `ValidateServiceClusterIPsRelatedFields` (V24-V27) passes; the allocator (A3) stops otherwise. */
export function clusterIPFieldsValid(svc: ServiceModel): boolean {
  return clusterIPsSyncProblems(svc).length === 0 && ipFamiliesProblems(svc).length === 0
    && ipFamilyPolicyProblems(svc).length === 0 && clusterIPsValueProblems(svc).length === 0;
}

/** V24 `spec.clusterIPs`: must match clusterIP; setting only clusterIPs is invalid (A1 copies one way). */
export const clusterIPsMatchClusterIP: Rule = {
  id: 'V24',
  name: 'cluster-ips-mismatch',
  ...API_SERVER,
  summary: 'clusterIPs[0] must equal clusterIP, and clusterIPs may not be set without clusterIP',
  checkService: (svc) => clusterIPsSyncProblems(svc),
};

/** V25 `spec.ipFamilies[i]`: IPv4 or IPv6, each at most once. */
export const ipFamiliesSupported: Rule = {
  id: 'V25',
  name: 'invalid-ip-families',
  ...API_SERVER,
  summary: 'ipFamilies entries must be IPv4 or IPv6, each at most once',
  checkService: (svc) => ipFamiliesProblems(svc),
};

/** V26 `spec.ipFamilyPolicy`: SingleStack, PreferDualStack or RequireDualStack. */
export const ipFamilyPolicySupported: Rule = {
  id: 'V26',
  name: 'unsupported-ip-family-policy',
  ...API_SERVER,
  summary: 'ipFamilyPolicy must be SingleStack, PreferDualStack or RequireDualStack',
  checkService: (svc) => ipFamilyPolicyProblems(svc),
};

/** V27 `spec.clusterIPs[i]`: valid IPs (sloppy parse), None only alone, at most one per family, matching ipFamilies. */
export const clusterIPsValid: Rule = {
  id: 'V27',
  name: 'invalid-cluster-ips',
  ...API_SERVER,
  summary: 'clusterIPs must be valid IPs (None only alone), at most two, one per family, matching ipFamilies',
  checkService: (svc) => clusterIPsValueProblems(svc),
};

/** V10-V12, V24-V27: the clusterIP fields. */
export const CLUSTER_IPS_RULES: Rule[] = [
  headlessNotExternal,
  externalNameNoClusterIPs,
  externalNameNoFamilies,
  clusterIPsMatchClusterIP,
  ipFamiliesSupported,
  ipFamilyPolicySupported,
  clusterIPsValid,
];

/**
 * Rules of this family that never produce an error, or branches that cannot fire on a create
 * through the API, and why. Their effect is tested through the rules they change.
 */
export const NO_ERROR: Array<{ id: string; reason: string }> = [
  { id: 'A1', reason: 'defaulting (src/model/defaults.ts): clusterIP is copied into an empty clusterIPs, never the reverse, so V24 rejects clusterIPs without clusterIP and its Required branch is unreachable' },
  { id: 'A2', reason: 'defaulting: a nil ipFamilyPolicy becomes RequireDualStack for headless Services without a selector, else SingleStack; it decides whether A4 and A7 fire' },
  { id: 'A3', reason: 'the allocator runs V24-V27 first; they are reported once, under their V ids, and A4-A10 are skipped when they fail' },
  { id: 'A6', reason: 'defaulting: headless Services without a selector get both families even on a single-stack cluster, and skip A7/A8' },
  { id: 'A9', reason: 'defaulting: empty ipFamilies become the primary family (and the second one for dual-stack policies on a dual-stack cluster); PreferDualStack is accepted on a single-stack cluster' },
  { id: 'V24', reason: 'Required branch (clusterIP set, clusterIPs empty): A1 fills clusterIPs first' },
];
