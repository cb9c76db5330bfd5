// The objects that decide who reaches a Service and how traffic is sent to it (issue 16):
// networking.k8s.io/v1 NetworkPolicy and Ingress, Gateway API routes and ReferenceGrants
// (gateway.networking.k8s.io v1, v1beta1, v1alpha2), and Namespace labels. Read from any
// manifest (cdk8s-plus NetworkPolicy and Ingress synthesize to these kinds).
import type { ModelObject } from './cluster-model';
import { asList, asMap, asString, at, JsonMap } from './json';

/**
 * The label the API server sets on every namespace, valued with its name (Kubernetes docs,
 * "Well-Known Labels, Annotations and Taints": kubernetes.io/metadata.name, set by the control
 * plane on all namespaces since 1.21, GA in 1.22 as NamespaceDefaultLabelName).
 */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The Gateway API group. */
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** The route kinds of the Gateway API whose rules carry `backendRefs`. */
export const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute'];

/** The Gateway API versions whose objects the model reads. */
const GATEWAY_VERSIONS = ['v1', 'v1beta1', 'v1alpha2', 'v1alpha3'];

/** A backendRef of a route rule, defaulted as the Gateway API does (group core, kind Service, own namespace). */
export interface RouteBackendRef {
  /** `spec.rules[i].backendRefs[j]` (or the filter's path for a mirror). */
  field: string;
  /** `''` for the core group. */
  group: string;
  kind: string;
  name: string;
  /** The namespace the ref points at (the route's own when absent). */
  namespace: string;
  /** The Service port; undefined when absent (refused for a Service: the spec requires it). */
  port?: number;
}

/** A Gateway API route and its backend references. */
export interface RouteModel {
  object: ModelObject;
  backendRefs: RouteBackendRef[];
}

/** An Ingress backend that names a Service (`spec.defaultBackend` or a rule path). */
export interface IngressBackendRef {
  field: string;
  name: string;
  /** `service.port.number`. */
  portNumber?: number;
  /** `service.port.name`. */
  portName?: string;
}

/** A networking.k8s.io/v1 Ingress and the Services its backends name. */
export interface IngressModel {
  object: ModelObject;
  backends: IngressBackendRef[];
}

/** A ReferenceGrant (in the namespace that owns the referenced objects). */
export interface ReferenceGrantModel {
  object: ModelObject;
  /** `spec.from`: group, kind and namespace allowed to refer. */
  from: Array<{ group: string; kind: string; namespace: string }>;
  /** `spec.to`: group, kind and optional name that may be referred to. */
  to: Array<{ group: string; kind: string; name?: string }>;
}

/** The network objects of a model. */
export interface NetworkObjects {
  /** networking.k8s.io/v1 NetworkPolicy objects (the raw spec is read by the evaluator). */
  networkPolicies: ModelObject[];
  ingresses: IngressModel[];
  routes: RouteModel[];
  referenceGrants: ReferenceGrantModel[];
  /** Namespace objects by name. */
  namespaces: Map<string, ModelObject>;
}

/** An empty set of network objects. */
export function emptyNetwork(): NetworkObjects {
  return { networkPolicies: [], ingresses: [], routes: [], referenceGrants: [], namespaces: new Map() };
}

function groupOf(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

function ingressBackend(b: unknown, field: string, out: IngressBackendRef[]) {
  const s = asMap(at(b, 'service'));
  if (!s || typeof s.name !== 'string') return; // `resource` backends name no Service
  const portNumber = at(s, 'port', 'number');
  out.push({ field: `${field}.service`, name: s.name, portNumber: typeof portNumber === 'number' ? portNumber : undefined, portName: asString(at(s, 'port', 'name')) });
}

function routeRefs(o: ModelObject): RouteBackendRef[] {
  const out: RouteBackendRef[] = [];
  const push = (ref: unknown, field: string) => {
    const r = asMap(ref);
    if (!r || typeof r.name !== 'string') return;
    // Gateway API BackendObjectReference: group defaults to "" (core), kind to "Service", namespace to the route's.
    out.push({
      field,
      group: asString(r.group) ?? '',
      kind: asString(r.kind) ?? 'Service',
      name: r.name,
      namespace: asString(r.namespace) ?? o.namespace,
      port: typeof r.port === 'number' ? r.port : undefined,
    });
  };
  asList(at(o.raw, 'spec', 'rules')).forEach((rule, i) => {
    asList(at(rule, 'backendRefs')).forEach((r, j) => push(r, `spec.rules[${i}].backendRefs[${j}]`));
    // HTTPRoute/GRPCRoute RequestMirror filters carry a backendRef too.
    asList(at(rule, 'filters')).forEach((f, j) => push(at(f, 'requestMirror', 'backendRef'), `spec.rules[${i}].filters[${j}].requestMirror.backendRef`));
  });
  return out;
}

/**
 * Adds `o` to `net` when it is one of the network kinds; returns whether it was.
 */
export function collectNetworkObject(net: NetworkObjects, o: ModelObject): boolean {
  const { group, version } = groupOf(o.apiVersion);
  if (o.kind === 'Namespace' && group === '') {
    net.namespaces.set(o.name, o);
    return true;
  }
  if (group === 'networking.k8s.io' && o.kind === 'NetworkPolicy') {
    net.networkPolicies.push(o);
    return true;
  }
  if (group === 'networking.k8s.io' && o.kind === 'Ingress' && version === 'v1') {
    const backends: IngressBackendRef[] = [];
    const spec: JsonMap = asMap(o.raw?.spec) ?? {};
    ingressBackend(spec.defaultBackend, 'spec.defaultBackend', backends);
    asList(spec.rules).forEach((r, i) => asList(at(r, 'http', 'paths')).forEach((p, j) => ingressBackend(at(p, 'backend'), `spec.rules[${i}].http.paths[${j}].backend`, backends)));
    net.ingresses.push({ object: o, backends });
    return true;
  }
  if (group !== GATEWAY_GROUP || !GATEWAY_VERSIONS.includes(version)) return false;
  if (ROUTE_KINDS.includes(o.kind)) {
    net.routes.push({ object: o, backendRefs: routeRefs(o) });
    return true;
  }
  if (o.kind === 'ReferenceGrant') {
    const spec: JsonMap = asMap(o.raw?.spec) ?? {};
    net.referenceGrants.push({
      object: o,
      from: asList(spec.from).map((f) => ({ group: asString(at(f, 'group')) ?? '', kind: asString(at(f, 'kind')) ?? '', namespace: asString(at(f, 'namespace')) ?? '' })),
      to: asList(spec.to).map((t) => ({ group: asString(at(t, 'group')) ?? '', kind: asString(at(t, 'kind')) ?? '', name: asString(at(t, 'name')) })),
    });
    return true;
  }
  return false;
}

/**
 * The labels of a namespace as the API server holds them: those of its Namespace object (if
 * the manifests carry one) plus `kubernetes.io/metadata.name: <name>`, which the API server
 * sets on every namespace and which no one can change.
 */
export function namespaceLabels(net: NetworkObjects, name: string): Record<string, string> {
  const o = net.namespaces.get(name);
  return { ...(o?.labels ?? {}), [NAMESPACE_NAME_LABEL]: name };
}
