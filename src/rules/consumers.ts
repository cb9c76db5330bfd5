// Consumer rules (issue 16): the objects that send traffic to a Service name it by name and
// port, and a typo there fails just as a wrong selector does. N1-N2 Ingress backends, N3-N5
// Gateway API route backendRefs, N6 hand-written endpoints of a selector-less Service.
// Severities (docs/severity.md): an error where the Service is in the manifests and the
// reference provably reaches no port of it (or the API server refuses the route); a warning
// where the referenced object may come from elsewhere (another chart, another team's namespace).
import { NO_VIOLATIONS, Rule, Violation, violation } from './rule';
import { ClusterModel, ModelObject, ServiceModel } from '../model/cluster-model';
import { RuleCategory, Severity } from '../model/findings';
import { GATEWAY_GROUP, ReferenceGrantModel, RouteBackendRef } from '../model/network';
import { closeMatches } from '../model/text';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

const byNameCache = new WeakMap<ClusterModel, Map<string, ServiceModel>>();

/** The Services of the model by `namespace/name` (the first, when X6 reports a duplicate). */
function serviceIndex(model: ClusterModel): Map<string, ServiceModel> {
  let hit = byNameCache.get(model);
  if (!hit) {
    hit = new Map();
    for (const s of model.services) if (!hit.has(`${s.namespace}/${s.name}`)) hit.set(`${s.namespace}/${s.name}`, s);
    byNameCache.set(model, hit);
  }
  return hit;
}

function servicesIn(model: ClusterModel, namespace: string): string[] {
  return model.services.filter((s) => s.namespace === namespace).map((s) => s.name);
}

function didYouMean(candidates: string[], name: string): string {
  const near = closeMatches(name, candidates);
  return near.length > 0 ? ` (did you mean ${near.map((n) => `"${n}"`).join(' or ')}?)` : '';
}

/**
 * Whether a reference to a missing Service is provably meant for one of the manifests: its name
 * is a typo of a Service of the namespace, or a Service of that name is in another namespace.
 * Otherwise the Service may come from elsewhere (an earlier step of a tutorial, another chart):
 * a hint, as X1 is for a selector unlike every workload (docs/severity.md).
 */
function meantForManifests(model: ClusterModel, namespace: string, name: string): boolean {
  return closeMatches(name, servicesIn(model, namespace)).length > 0 || otherNamespaceService(model, namespace, name) !== undefined;
}

/** A Service named `name` in a namespace other than `namespace`. */
function otherNamespaceService(model: ClusterModel, namespace: string, name: string): ServiceModel | undefined {
  return model.services.find((s) => s.name === name && s.namespace !== namespace);
}

/** ` (a Service "name" is in namespace "other")` when one of that name is; '' otherwise. */
function inOtherNamespace(model: ClusterModel, namespace: string, name: string): string {
  const other = otherNamespaceService(model, namespace, name);
  return other ? ` (a Service "${name}" is in namespace "${other.namespace}")` : '';
}

function portList(svc: ServiceModel): string {
  return svc.ports.map((p) => (p.p.name ? `${p.p.name}=${p.p.port}` : String(p.p.port))).join(', ') || 'none';
}

const INGRESS_SOURCE = 'networking.k8s.io/v1 IngressServiceBackend: `name` is a Service in the Ingress\'s namespace, `port.number` or `port.name` one of its ports; '
  + 'ingress-nginx internal/ingress/controller/controller.go answers 503 for a backend whose Service or port it cannot find';

/** N1: an Ingress backend names a Service that is not in the manifests. */
export const ingressBackendNoService: Rule = {
  id: 'N1',
  name: 'ingress-backend-service-missing',
  source: INGRESS_SOURCE,
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.WARNING,
  summary: 'An Ingress backend names a Service that is not in the Ingress\'s namespace: a warning where the name is a typo of a Service there or the Service is in another namespace, a hint otherwise (it may come from other manifests).',
  checkModel: ({ model }) => {
    if (model.network.ingresses.length === 0) return NO_VIOLATIONS;
    const index = serviceIndex(model);
    const out: Violation[] = [];
    for (const ing of model.network.ingresses) {
      for (const b of ing.backends) {
        const ns = ing.object.namespace;
        if (index.has(`${ns}/${b.name}`)) continue;
        const meant = meantForManifests(model, ns, b.name);
        out.push(violation(ing.object, `${b.field}.name`, b.name,
          `there is no Service "${b.name}" in namespace "${ns}"${didYouMean(servicesIn(model, ns), b.name)}${inOtherNamespace(model, ns, b.name)}, so the controller answers 503 for this backend`
          + (meant ? '' : ' (a hint: no Service of the manifests has a name like it, so it may come from manifests checked elsewhere)'),
          'name a Service of the same namespace (an Ingress cannot point to another namespace), or check the manifests that create it together with this one',
          meant ? undefined : Severity.INFO));
      }
    }
    return out;
  },
};

/** N2: an Ingress backend's port is no port of the Service it names. */
export const ingressBackendNoPort: Rule = {
  id: 'N2',
  name: 'ingress-backend-port-missing',
  source: INGRESS_SOURCE,
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.ERROR,
  summary: 'An Ingress backend\'s port.number or port.name is no port of the Service it names.',
  checkModel: ({ model }) => {
    if (model.network.ingresses.length === 0) return NO_VIOLATIONS;
    const index = serviceIndex(model);
    const out: Violation[] = [];
    for (const ing of model.network.ingresses) {
      for (const b of ing.backends) {
        const svc = index.get(`${ing.object.namespace}/${b.name}`);
        // ExternalName: the controller proxies to the external host at the number given; there are no ports to match.
        if (!svc || svc.type === 'ExternalName') continue;
        if (b.portNumber !== undefined && !svc.ports.some((p) => p.p.port === b.portNumber)) {
          out.push(violation(ing.object, `${b.field}.port.number`, b.portNumber,
            `Service ${svc.namespace}/${svc.name} has no port ${b.portNumber} (its ports: ${portList(svc)}), so no request of this backend reaches a pod`,
            'use the Service port (spec.ports[].port), not the container port'));
        } else if (b.portName !== undefined && !svc.ports.some((p) => p.p.name === b.portName)) {
          out.push(violation(ing.object, `${b.field}.port.name`, b.portName,
            `Service ${svc.namespace}/${svc.name} has no port named "${b.portName}"${didYouMean(svc.ports.map((p) => String(p.p.name ?? '')).filter((n) => n !== ''), b.portName)} (its ports: ${portList(svc)})`,
            'use the name of a Service port (spec.ports[].name), not a container port name'));
        }
      }
    }
    return out;
  },
};

const ROUTE_SOURCE = 'Gateway API (gateway.networking.k8s.io) BackendObjectReference: group "" and kind Service by default, namespace the route\'s own, '
  + 'port required for a Service (CEL rule "Must have port for Service reference"); an unresolved reference sets ResolvedRefs=False (BackendNotFound) '
  + 'and HTTP requests to it get 500';

function isServiceRef(r: RouteBackendRef): boolean {
  return r.group === '' && r.kind === 'Service';
}

/** N3: a route backendRef names a Service that is not in the manifests. */
export const routeBackendNoService: Rule = {
  id: 'N3',
  name: 'route-backend-service-missing',
  source: ROUTE_SOURCE,
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.WARNING,
  summary: 'A Gateway API route (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, UDPRoute) backendRef names a Service that is not in the manifests: a warning where the name is a typo of a Service there or the Service is in another namespace, a hint otherwise.',
  checkModel: ({ model }) => {
    if (model.network.routes.length === 0) return NO_VIOLATIONS;
    const index = serviceIndex(model);
    const out: Violation[] = [];
    for (const route of model.network.routes) {
      for (const r of route.backendRefs) {
        if (!isServiceRef(r) || index.has(`${r.namespace}/${r.name}`)) continue;
        const meant = meantForManifests(model, r.namespace, r.name);
        out.push(violation(route.object, `${r.field}.name`, r.name,
          `there is no Service "${r.name}" in namespace "${r.namespace}"${didYouMean(servicesIn(model, r.namespace), r.name)}${inOtherNamespace(model, r.namespace, r.name)}: the route's ResolvedRefs condition is False (BackendNotFound)`
          + (meant ? '' : ' (a hint: no Service of the manifests has a name like it, so it may come from manifests checked elsewhere)'),
          'name an existing Service (set backendRefs[].namespace for another namespace), or check the manifests that create it together with this route',
          meant ? undefined : Severity.INFO));
      }
    }
    return out;
  },
};

/** N4: a route backendRef to a Service gives no port, or a port the Service does not have. */
export const routeBackendNoPort: Rule = {
  id: 'N4',
  name: 'route-backend-port-missing',
  source: ROUTE_SOURCE,
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.ERROR,
  summary: 'A Gateway API route backendRef to a Service has no port (the API server refuses it) or a port the Service does not have.',
  checkModel: ({ model }) => {
    if (model.network.routes.length === 0) return NO_VIOLATIONS;
    const index = serviceIndex(model);
    const out: Violation[] = [];
    for (const route of model.network.routes) {
      for (const r of route.backendRefs) {
        if (!isServiceRef(r)) continue;
        if (r.port === undefined) {
          out.push(violation(route.object, `${r.field}.port`, undefined,
            'a backendRef to a Service must give the port: the Gateway API CRD refuses the route ("Must have port for Service reference")',
            'add port: the Service port (spec.ports[].port) to send to'));
          continue;
        }
        const svc = index.get(`${r.namespace}/${r.name}`);
        if (!svc || svc.type === 'ExternalName' || svc.ports.some((p) => p.p.port === r.port)) continue;
        out.push(violation(route.object, `${r.field}.port`, r.port,
          `Service ${svc.namespace}/${svc.name} has no port ${r.port} (its ports: ${portList(svc)}), so no request of this backend reaches a pod`,
          'use the Service port (spec.ports[].port), not the container port'));
      }
    }
    return out;
  },
};

/**
 * Gateway API ReferenceGrant (apis/v1beta1/referencegrant_types.go, GEP-709): a reference from
 * `kind` in `fromNamespace` to a Service `name` in the grant's namespace is allowed when a grant
 * in that namespace lists the route's group, kind and namespace in `from` and the core group,
 * kind Service and (if set) the name in `to`.
 */
function granted(grants: ReferenceGrantModel[], route: ModelObject, r: RouteBackendRef): boolean {
  return grants.some((g) => g.object.namespace === r.namespace
    && g.from.some((f) => f.group === GATEWAY_GROUP && f.kind === route.kind && f.namespace === route.namespace)
    && g.to.some((t) => t.group === '' && t.kind === 'Service' && (t.name === undefined || t.name === '' || t.name === r.name)));
}

/** N5: a route backendRef crosses namespaces and no ReferenceGrant of the manifests allows it. */
export const routeBackendNotGranted: Rule = {
  id: 'N5',
  name: 'route-backend-not-granted',
  source: 'Gateway API ReferenceGrant (apis/v1beta1/referencegrant_types.go; GEP-709 Cross Namespace References): a backendRef to another namespace is '
    + 'allowed only when a ReferenceGrant in that namespace names the route\'s kind and namespace in from and the Service in to; otherwise ResolvedRefs=False (RefNotPermitted)',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.WARNING,
  summary: 'A Gateway API route backendRef points to a Service in another namespace and no ReferenceGrant there allows it.',
  checkModel: ({ model }) => {
    if (model.network.routes.length === 0) return NO_VIOLATIONS;
    const out: Violation[] = [];
    for (const route of model.network.routes) {
      for (const r of route.backendRefs) {
        if (!isServiceRef(r) || r.namespace === route.object.namespace || granted(model.network.referenceGrants, route.object, r)) continue;
        out.push(violation(route.object, `${r.field}.namespace`, r.namespace,
          `the backend ${r.namespace}/${r.name} is in another namespace and no ReferenceGrant in "${r.namespace}" allows ${route.object.kind}s of "${route.object.namespace}" to refer to it: `
          + 'the reference is not permitted (RefNotPermitted) and the backend gets no traffic',
          `add a ReferenceGrant in namespace "${r.namespace}" with from: [{group: ${GATEWAY_GROUP}, kind: ${route.object.kind}, namespace: ${route.object.namespace}}] and to: [{group: "", kind: Service, name: ${r.name}}]`));
      }
    }
    return out;
  },
};

/** The port names of a hand-written EndpointSlice or (legacy) Endpoints object. */
function endpointPortNames(o: ModelObject): string[] {
  const raw = o.raw ?? {};
  const names = (ports: any) => (Array.isArray(ports) ? ports : []).map((p: any) => (typeof p?.name === 'string' ? p.name : ''));
  if (o.kind === 'EndpointSlice') return names(raw.ports);
  return (Array.isArray(raw.subsets) ? raw.subsets : []).flatMap((s: any) => names(s?.ports));
}

/** N6: the hand-written endpoints of a selector-less Service carry none of a Service port's name. */
export const endpointPortNamesMismatch: Rule = {
  id: 'N6',
  name: 'endpoint-port-name-mismatch',
  source: 'kube-proxy pkg/proxy/endpointslicecache.go joins a Service port to EndpointSlice ports by port name (SEMANTICS.md K2); '
    + 'the EndpointSliceMirroring controller copies an Endpoints object\'s port names unchanged (pkg/controller/endpointslicemirroring)',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.ERROR,
  summary: 'The hand-written EndpointSlices or Endpoints of a Service without a selector have no port named as a Service port, so that port has no endpoints.',
  checkModel: ({ model }) => {
    const written = new Map<string, ModelObject[]>();
    for (const o of model.objects) {
      const isSlice = o.kind === 'EndpointSlice' && o.apiVersion.startsWith('discovery.k8s.io/');
      const isEndpoints = o.kind === 'Endpoints' && o.apiVersion === 'v1';
      if (!isSlice && !isEndpoints) continue;
      const svcName = isSlice ? o.labels[SERVICE_NAME_LABEL] : o.name;
      if (!svcName) continue;
      const key = `${o.namespace}/${svcName}`;
      written.set(key, [...(written.get(key) ?? []), o]);
    }
    if (written.size === 0) return NO_VIOLATIONS;
    const out: Violation[] = [];
    for (const svc of model.services) {
      // E1: with a selector (or ExternalName) the controllers write the endpoints; hand-written ones are not read.
      if (svc.selector !== undefined || svc.type === 'ExternalName') continue;
      const objs = written.get(`${svc.namespace}/${svc.name}`);
      if (!objs) continue;
      const names = new Set(objs.flatMap(endpointPortNames));
      for (const p of svc.ports) {
        const name = typeof p.p.name === 'string' ? p.p.name : '';
        if (names.has(name)) continue;
        const seen = [...names].map((n) => (n === '' ? '(unnamed)' : `"${n}"`)).join(', ') || 'none';
        out.push(violation(svc, `spec.ports[${p.index}].name`, name,
          `no port of the hand-written ${objs.map((o) => `${o.kind} ${o.name}`).join(', ')} is named ${name === '' ? '"" (unnamed)' : `"${name}"`} (their port names: ${seen}); `
          + 'kube-proxy joins Service and endpoint ports by name, so this port has no endpoints and connections are refused',
          `name the endpoint port as the Service port (ports[].name: ${name === '' ? '""' : name}), or rename the Service port to match`));
      }
    }
    return out;
  },
};

/** The consumer rules, in report order. */
export const CONSUMER_RULES: Rule[] = [
  ingressBackendNoService, ingressBackendNoPort, routeBackendNoService, routeBackendNoPort, routeBackendNotGranted, endpointPortNamesMismatch,
];
