// RULES.md A4-A9: the IP families a Service gets, replayed from the registry's alloc.go
// `initIPFamilyFields` on the defaulted spec, and the families the cluster serves.
import { ServiceModel } from '../../model/cluster-model';
import { Severity } from '../../model/findings';
import { IpFamily, parseCidrSloppy } from '../../model/ip';
import { NO_VIOLATIONS, Rule, RuleSettings, violation, Violation } from '../rule';
import { ALLOCATED_TYPES, API_SERVER, show, clusterIPOf, clusterIPsOf, ipFamiliesOf, parseIp, policyOf } from './cluster-ip-fields';
import { clusterIPFieldsValid } from './cluster-ips';

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
export function createdOutcome(svc: ServiceModel, settings: RuleSettings): FamilyOutcome | undefined {
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

/** A4, A5, A7, A8: the families a Service asks for against those the cluster serves. */
export const IP_FAMILY_RULES: Rule[] = [
  singleStackOneFamily,
  clusterIPFamilyConfigured,
  requireDualStackConfigured,
  ipFamilyConfigured,
];
