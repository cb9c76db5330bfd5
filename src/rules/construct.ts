// Construct-level rules: mistakes in construct props that the synthesized manifest cannot show
// (a matchExpressions selector cdk8s-plus would silently drop, a MultiPortService with one port).
// They are reported through the same validation run, format, strict mode and disabledRules as
// the manifest rules (src/validation/); ids are C1.. (README rule table).
import { RuleCategory, Severity } from '../model/findings';

/** A construct-level rule: data only; the constructs report its violations. */
export interface ConstructRule {
  id: string;
  /** Readable kebab-case name, unique among every rule (see `Rule.name`). */
  name: string;
  /** What the rule follows: cdk8s-plus behaviour or the Kubernetes source (docs/rules.md prints it). */
  source?: string;
  category: RuleCategory;
  severity: Severity;
  /** One line for the README rule table. */
  summary: string;
}

/** C1: a MultiPortService needs at least two ports. */
export const MULTI_PORT_MIN_PORTS: ConstructRule = {
  id: 'C1',
  name: 'multi-port-too-few-ports',
  source: 'cdk8s-services MultiPortService: a Service of two or more named ports',
  category: RuleCategory.BEST_PRACTICE,
  severity: Severity.ERROR,
  summary: 'A MultiPortService declares at least two ports',
};

/** C2: a Service selector is a plain label map; matchExpressions cannot be expressed. */
export const SELECTOR_EXPRESSIONS: ConstructRule = {
  id: 'C2',
  name: 'selector-match-expressions',
  source: 'core/v1 types.go ServiceSpec.Selector is map[string]string: no matchExpressions; cdk8s-plus drops them when it renders a Service',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.ERROR,
  summary: 'The selector uses matchExpressions, which a Service selector cannot express',
};

/** C3: a Service only selects pods in its own namespace. */
export const SELECTOR_NAMESPACE: ConstructRule = {
  id: 'C3',
  name: 'selector-other-namespace',
  source: 'Kubernetes: pkg/controller/endpointslice syncService lists pods in the Service\'s own namespace only',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.ERROR,
  summary: "The selector selects pods in another namespace than the Service's",
};

/**
 * C4: a selector must name pod labels. `Selector.fromApiObject` of an object without pod
 * template labels, or `Selector.labels({})`, would emit no selector (O7: `{}` selects nothing).
 */
export const SELECTOR_NO_POD_LABELS: ConstructRule = {
  id: 'C4',
  name: 'selector-no-pod-labels',
  source: 'Kubernetes: pkg/controller/endpointslice syncService skips a Service with no selector; an empty selector selects nothing',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.ERROR,
  summary: 'The selector names no pod labels: the selected ApiObject is not a workload with pod template labels, or Selector.labels({}) is empty',
};

/** C5: a HeadlessService can only govern a StatefulSet. */
export const GOVERN_NOT_STATEFULSET: ConstructRule = {
  id: 'C5',
  name: 'govern-not-statefulset',
  source: 'Kubernetes: apps/v1 StatefulSetSpec.ServiceName; only a StatefulSet has a governing Service',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.ERROR,
  summary: 'HeadlessService.governStatefulSet was given something that is not a StatefulSet',
};

/** C6: an ExternalName Service has no endpoints, so a selector does nothing. */
export const EXTERNAL_NAME_SELECTOR: ConstructRule = {
  id: 'C6',
  name: 'external-name-selector',
  source: 'Kubernetes: pkg/controller/endpointslice syncService ignores ExternalName Services',
  category: RuleCategory.BEST_PRACTICE,
  severity: Severity.WARNING,
  summary: 'An ExternalNameService has a selector, which Kubernetes ignores',
};

/** C7: a MultiPortService type must be ClusterIP, NodePort or LoadBalancer. */
export const MULTI_PORT_TYPE: ConstructRule = {
  id: 'C7',
  name: 'multi-port-unsupported-type',
  source: 'cdk8s-services MultiPortService: an ExternalName Service has no ports to route',
  category: RuleCategory.BEST_PRACTICE,
  severity: Severity.ERROR,
  summary: 'A MultiPortService is ClusterIP, NodePort or LoadBalancer',
};

/**
 * C8: selectors of one Service are combined as an AND of labels, so two that require different
 * values of one label can match no pod (e.g. `select()` of two cdk8s-plus workloads, each
 * selected by its own `cdk8s.io/metadata.addr`).
 */
export const SELECTOR_CONFLICT: ConstructRule = {
  id: 'C8',
  name: 'selector-label-conflict',
  source: 'Kubernetes: a Service selector is an AND of label equalities (labels.SelectorFromSet)',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.ERROR,
  summary: 'Two selectors of one Service require different values of the same pod label',
};

/** C9: Kubernetes drops sessionAffinityConfig unless sessionAffinity is ClientIP (RULES.md DF3). */
export const AFFINITY_TIMEOUT_WITHOUT_CLIENT_IP: ConstructRule = {
  id: 'C9',
  name: 'affinity-timeout-without-client-ip',
  source: 'Kubernetes: pkg/apis/core/v1/defaults.go SetDefaults_Service clears sessionAffinityConfig when sessionAffinity is None',
  category: RuleCategory.BEST_PRACTICE,
  severity: Severity.ERROR,
  summary: 'sessionAffinityTimeout is set while sessionAffinity is None, so Kubernetes drops the timeout',
};

/** Every construct-level rule. */
export const CONSTRUCT_RULES: ConstructRule[] = [
  MULTI_PORT_MIN_PORTS,
  SELECTOR_EXPRESSIONS,
  SELECTOR_NAMESPACE,
  SELECTOR_NO_POD_LABELS,
  GOVERN_NOT_STATEFULSET,
  EXTERNAL_NAME_SELECTOR,
  MULTI_PORT_TYPE,
  SELECTOR_CONFLICT,
  AFFINITY_TIMEOUT_WITHOUT_CLIENT_IP,
];

/** One violation of a construct rule, reported by a construct. */
export interface ConstructViolation {
  rule: ConstructRule;
  field: string;
  value?: unknown;
  message: string;
  fix: string;
}
