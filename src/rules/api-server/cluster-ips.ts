// RULES.md V10-V12, V24-V27, A1-A10, A12: clusterIPs, IP families, allocation.
// validation.go `ValidateService` / `ValidateServiceClusterIPsRelatedFields` and the registry's
// alloc.go `initIPFamilyFields`, `allocClusterIPs`, `allocHealthCheckNodePort`.
// Rules read the defaulted spec, where A1 has copied clusterIP into an empty clusterIPs.
import { ServiceModel } from '../../model/cluster-model';
import { isHeadlessService } from '../../model/defaults';
import { RuleCategory, Severity } from '../../model/findings';
import {
  formatCidr, formatIp, IpAddress, IpCidr, IpFamily, ipEquals, isAllocatableIn, nthAddress, parseCidrSloppy,
  parseIpSloppy,
} from '../../model/ip';
import { asText } from '../../model/text';
import { supportedValues } from '../formats';
import { validationError } from '../refusal';
import { NO_VIOLATIONS, Rule, RuleContext, RuleSettings, violation, Violation } from '../rule';

const API_SERVER = { category: RuleCategory.API_SERVER, severity: Severity.ERROR };

/** validation.go `supportedServiceIPFamily` (V25). */
export const IP_FAMILIES = ['IPv4', 'IPv6'];
/** validation.go `supportedServiceIPFamilyPolicy` (V26). */
export const IP_FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];
/** apimachinery `IsValidIP` message (V27, V28). */
export const INVALID_IP_MESSAGE = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/** Types the registry allocates cluster IPs for (alloc.go `initIPFamilyFields`). */
const ALLOCATED_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'];

/** `spec.clusterIPs` of the defaulted spec (after A1), or []. */
function clusterIPsOf(svc: ServiceModel): unknown[] {
  const ips = svc.spec?.clusterIPs;
  return Array.isArray(ips) ? ips : [];
}

/** `spec.ipFamilies`, or []. */
function ipFamiliesOf(svc: ServiceModel): unknown[] {
  const f = svc.spec?.ipFamilies;
  return Array.isArray(f) ? f : [];
}

/** `spec.clusterIP` as Go decodes it: absent/null is "". */
function clusterIPOf(svc: ServiceModel): string {
  const v = svc.spec?.clusterIP;
  return typeof v === 'string' ? v : '';
}

/** `spec.ipFamilyPolicy`, or undefined when nil (absent or null). */
function policyOf(svc: ServiceModel): unknown {
  const p = svc.spec?.ipFamilyPolicy;
  return p === null ? undefined : p;
}

function parseIp(v: unknown): IpAddress | undefined {
  return typeof v === 'string' ? parseIpSloppy(v) : undefined;
}


function show(v: unknown): string {
  return JSON.stringify(v) ?? asText(v);
}

/**
 * The IP families the cluster serves, primary first. When `--service-cluster-ip-range` is
 * known, its CIDRs decide (as in kube-apiserver, where families come from the ranges);
 * otherwise `settings.ipFamilies` (default `['IPv4']`).
 */
export function configuredFamilies(settings: RuleSettings): IpFamily[] {
  let hit = configuredCache.get(settings);
  if (!hit) configuredCache.set(settings, (hit = computeConfiguredFamilies(settings)));
  return hit;
}

/** One answer per settings object (a run), read for every Service. */
const configuredCache = new WeakMap<RuleSettings, IpFamily[]>();

/**
 * True when the author described the cluster's IP families (`clusterIpFamilies`, or the families
 * of `serviceClusterIpRanges`). When not, the default cluster (IPv4 only) is an assumption, not a
 * fact: A5, A7 and A8 are hints, and a Service that needs another family is created on a cluster
 * assumed to serve it (`ASSUMED_FAMILIES`, docs/severity.md "When the cluster is not described").
 */
export function familiesKnown(settings: RuleSettings): boolean {
  return settings.ipFamiliesGiven || settings.serviceClusterIpRanges.some((r) => parseCidrSloppy(r) !== undefined);
}

/**
 * The cluster a Service is created on when it needs a family the default cluster lacks and the
 * cluster was not described: dual-stack, IPv4 primary (kind's `ipFamily: dual`). Only that
 * Service's families come from it; every other Service keeps the default cluster's.
 */
const ASSUMED_FAMILIES: IpFamily[] = Object.freeze(['IPv4', 'IPv6']) as IpFamily[];

function computeConfiguredFamilies(settings: RuleSettings): IpFamily[] {
  const fromRanges = settings.serviceClusterIpRanges.map((r) => parseCidrSloppy(r)?.family).filter((f): f is IpFamily => !!f);
  const list = fromRanges.length > 0 ? fromRanges : settings.ipFamilies.filter((f): f is IpFamily => f === 'IPv4' || f === 'IPv6');
  const out: IpFamily[] = [];
  for (const f of list) if (!out.includes(f)) out.push(f);
  // Shared by every Service of the run: frozen, so no caller can change another's answer.
  return Object.freeze(out.length > 0 ? out : ['IPv4']) as IpFamily[];
}

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

// ---------------------------------------------------------------------------------------------
// A4-A10: alloc.go initIPFamilyFields and allocClusterIPs, replayed per Service

/** What the family step decided for one Service (internal to the A rules). */
interface FamilyOutcome {
  /** Errors of the first stage that failed (A4/A5 together, then A7/A8 together). */
  errors: Array<{ id: 'A4' | 'A5' | 'A7' | 'A8'; v: Violation }>;
  /** The policy after A2. */
  policy: string;
  /** True when the headless+selectorless special case (A6) returned early. */
  headlessSelectorless: boolean;
  /** `spec.ipFamilies` after defaulting (A6, A9), primary first; meaningful only without errors. */
  families: IpFamily[];
}

/**
 * One outcome per Service and run (a run has its own settings object): A4, A5, A7, A8 and A10
 * all read it. A plain Map per run, found through the settings: a WeakMap entry per Service
 * would make every garbage collection of the synth walk thousands of ephemerons.
 */
const familyCache = new WeakMap<RuleSettings, Map<ServiceModel, FamilyOutcome | undefined>>();

/** Replays `initIPFamilyFields` after V24-V27 passed; undefined when it does not run. Memoized. */
function familyOutcome(svc: ServiceModel, settings: RuleSettings): FamilyOutcome | undefined {
  let perRun = familyCache.get(settings);
  if (!perRun) familyCache.set(settings, (perRun = new Map()));
  if (perRun.has(svc)) return perRun.get(svc);
  const outcome = computeFamilyOutcome(svc, configuredFamilies(settings), familiesKnown(settings));
  perRun.set(svc, outcome);
  return outcome;
}

/** The families A5/A7/A8 ask about: they depend on the cluster, A4 does not. */
const CLUSTER_FAMILY_RULES = new Set(['A5', 'A7', 'A8']);

/**
 * The outcome the Service is created with: its own outcome, or, when the cluster was not
 * described and only the cluster-dependent checks (A5, A7, A8) failed, the outcome on the
 * assumed dual-stack cluster (`ASSUMED_FAMILIES`).
 */
function createdOutcome(svc: ServiceModel, settings: RuleSettings): FamilyOutcome | undefined {
  const outcome = familyOutcome(svc, settings);
  if (!outcome || outcome.errors.length === 0 || familiesKnown(settings)) return outcome;
  if (!outcome.errors.every((e) => CLUSTER_FAMILY_RULES.has(e.id))) return outcome;
  return computeFamilyOutcome(svc, ASSUMED_FAMILIES, true);
}

/**
 * A5/A7/A8's violation: an error when the cluster was described (`known`); otherwise a hint,
 * since only the assumed default cluster lacks the family, and the fix says how to check it.
 */
function familyViolation(svc: ServiceModel, known: boolean, field: string, value: unknown, message: string, fix: string): Violation {
  if (known) return violation(svc, field, value, message, fix);
  return {
    ...violation(svc, field, value, `${message.replace('this cluster', 'the default cluster (IPv4 only)')}; the cluster was not described, so the checks and LocalCluster assume one that serves it`,
      `if your cluster serves only IPv4: ${fix}; otherwise give its families (clusterIpFamilies, verify --ip-family IPv4 --ip-family IPv6) to check this as its API server would`),
    severity: Severity.INFO,
  };
}

function computeFamilyOutcome(svc: ServiceModel, configured: IpFamily[], known: boolean): FamilyOutcome | undefined {
  if (!ALLOCATED_TYPES.includes(svc.type) || !clusterIPFieldsValid(svc)) return undefined;
  const dualStackCluster = configured.length > 1;
  const headlessSelectorless = clusterIPOf(svc) === 'None' && svc.selector === undefined;
  // A2: nil policy becomes RequireDualStack for headless+selectorless, else SingleStack.
  const policy = (policyOf(svc) as string | undefined) ?? (headlessSelectorless ? 'RequireDualStack' : 'SingleStack');
  const ips = clusterIPsOf(svc);
  const families = [...ipFamiliesOf(svc)];
  const errors: FamilyOutcome['errors'] = [];

  // A4: SingleStack with two IPs or two families (validation.go leaves this to the allocator).
  if (policy === 'SingleStack') {
    if (ips.length > 1) {
      errors.push({
        id: 'A4',
        v: violation(svc, 'spec.ipFamilyPolicy', policy, 'must be \'RequireDualStack\' or \'PreferDualStack\' when multiple cluster IPs are specified',
          'set ipFamilyPolicy: PreferDualStack (or RequireDualStack) to keep two cluster IPs, or keep one IP'),
      });
    }
    if (families.length > 1) {
      errors.push({
        id: 'A4',
        v: violation(svc, 'spec.ipFamilyPolicy', policy, 'must be \'RequireDualStack\' or \'PreferDualStack\' when multiple IP families are specified',
          'set ipFamilyPolicy: PreferDualStack (or RequireDualStack) to keep two IP families, or list one family'),
      });
    }
  }
  // A5: infer ipFamilies from clusterIPs; an IP of an unconfigured family with no ipFamilies entry fails.
  for (let i = 0; i < ips.length; i++) {
    if (ips[i] === 'None') break;
    const fam = parseIp(ips[i])!.family;
    if (i >= families.length) {
      if (!configured.includes(fam)) {
        errors.push({
          id: 'A5',
          v: familyViolation(svc, known, `spec.clusterIPs[${i}]`, ips[i], `${fam} is not configured on this cluster`,
            `use an ${configured.join(' or ')} address, or leave clusterIP out to let Kubernetes allocate one (the cluster serves ${configured.join(', ')})`),
        });
      } else {
        families.push(fam);
      }
    }
  }
  if (errors.length > 0) return { errors, policy, headlessSelectorless, families: families as IpFamily[] };
  // A6: headless+selectorless skips every family check below; its families default as below,
  // except that RequireDualStack adds the second family even on a single-stack cluster.
  if (headlessSelectorless) {
    return { errors, policy, headlessSelectorless, families: defaultFamilies(families as IpFamily[], policy === 'RequireDualStack' || (policy === 'PreferDualStack' && dualStackCluster), configured) };
  }

  // A7: RequireDualStack on a single-stack cluster.
  if (policy === 'RequireDualStack' && !dualStackCluster) {
    errors.push({
      id: 'A7',
      v: familyViolation(svc, known, 'spec.ipFamilyPolicy', policy, 'this cluster is not configured for dual-stack services',
        `use ipFamilyPolicy: PreferDualStack (accepted with one family here) or SingleStack; the cluster serves only ${configured[0]}`),
    });
  }
  // A8: every requested family must be configured.
  families.forEach((f, i) => {
    if (!configured.includes(f as IpFamily)) {
      errors.push({
        id: 'A8',
        v: familyViolation(svc, known, `spec.ipFamilies[${i}]`, f, 'not configured on this cluster',
          `remove ${show(f)} from ipFamilies; the cluster serves ${configured.join(', ')}`),
      });
    }
  });
  // A9: a dual-stack policy on a dual-stack cluster gets the second family.
  return { errors, policy, headlessSelectorless, families: defaultFamilies(families as IpFamily[], policy !== 'SingleStack' && dualStackCluster, configured) };
}

/**
 * alloc.go `initIPFamilyFields`, its last step: empty ipFamilies become the cluster's primary
 * family, and `addSecond` appends the other family to a single one.
 */
function defaultFamilies(requested: IpFamily[], addSecond: boolean, configured: IpFamily[]): IpFamily[] {
  const out = requested.length > 0 ? [...requested] : [configured[0]];
  if (addSecond && out.length === 1) out.push(out[0] === 'IPv4' ? 'IPv6' : 'IPv4');
  return out;
}

/**
 * The IP families a Service's cluster IPs are allocated in, primary first, after the API
 * server's defaulting (alloc.go `initIPFamilyFields`, A6, A9): `[IPv4]` on a single-stack
 * cluster; both for PreferDualStack and RequireDualStack on a dual-stack one. Undefined when
 * no family is set: an ExternalName Service, invalid cluster-IP fields (V24-V27), or a family
 * error (A4, A5, A7, A8, which the rules report).
 */
export function serviceIpFamilies(svc: ServiceModel, settings: RuleSettings): IpFamily[] | undefined {
  const outcome = createdOutcome(svc, settings);
  return outcome && outcome.errors.length === 0 ? outcome.families : undefined;
}

function familyRule(id: 'A4' | 'A5' | 'A7' | 'A8', name: string, summary: string): Rule {
  return {
    id,
    name,
    ...API_SERVER,
    summary,
    checkService: (svc, ctx) => {
      const errors = familyOutcome(svc, ctx.settings)?.errors;
      if (!errors || errors.length === 0) return NO_VIOLATIONS;
      return errors.filter((e) => e.id === id).map((e) => e.v);
    },
  };
}

/** A4 `spec.ipFamilyPolicy`: SingleStack may not carry two clusterIPs or two ipFamilies (allocator, not validation.go). */
export const singleStackOneFamily = familyRule('A4', 'single-stack-two-families',
  'ipFamilyPolicy SingleStack (the default) may not have two clusterIPs or two ipFamilies');
/** A5 `spec.clusterIPs[i]`: the IP's family must be served by the cluster. */
export const clusterIPFamilyConfigured = familyRule('A5', 'cluster-ip-family-not-served',
  'a requested clusterIP must be of an IP family the cluster serves (a hint when its families are not given)');
/** A7 `spec.ipFamilyPolicy`: RequireDualStack needs a dual-stack cluster (headless without selector excepted, A6). */
export const requireDualStackConfigured = familyRule('A7', 'dual-stack-cluster-required',
  'ipFamilyPolicy RequireDualStack needs a dual-stack cluster (except headless Services without a selector; a hint when the families are not given)');
/** A8 `spec.ipFamilies[i]`: every family must be served by the cluster. */
export const ipFamilyConfigured = familyRule('A8', 'ip-family-not-served',
  'each ipFamilies entry must be an IP family the cluster serves (a hint when its families are not given)');

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
const holdersCache = new WeakMap<RuleContext, Holders>();

/**
 * Who holds each requested IP: the first Service, in manifest order, that requests it in range,
 * but not one the API server refuses for a validation error: that create rolls its allocation
 * back (RULES.md §1), so the address stays free for the next Service.
 */
function firstHolders(ctx: RuleContext): Holders {
  let holders = holdersCache.get(ctx);
  if (holders) return holders;
  holders = { byIp: new Map(), order: new Map() };
  ctx.model.services.forEach((o, i) => {
    holders!.order.set(o, i);
    const requests = staticRequests(o, ctx.settings);
    if (!requests || validationError(o, ctx)) return;
    for (const q of requests) {
      const key = formatIp(q.ip);
      const inRange = !q.rangeKnown || (q.range !== undefined && isAllocatableIn(q.range, q.ip));
      if (inRange && !holders!.byIp.has(key)) holders!.byIp.set(key, o);
    }
  });
  holdersCache.set(ctx, holders);
  return holders;
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

/** V10-V12, V24-V27, A4-A10, A12: clusterIPs, IP families, allocation. */
export const CLUSTER_IPS_RULES: Rule[] = [
  headlessNotExternal,
  externalNameNoClusterIPs,
  externalNameNoFamilies,
  clusterIPsMatchClusterIP,
  ipFamiliesSupported,
  ipFamilyPolicySupported,
  clusterIPsValid,
  singleStackOneFamily,
  clusterIPFamilyConfigured,
  requireDualStackConfigured,
  ipFamilyConfigured,
  clusterIPAllocatable,
  healthCheckNodePortAllocatable,
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
