// EndpointSlices and legacy Endpoints as the controllers compute them (SEMANTICS.md E1-E8,
// O1-O12): which pods, with which conditions, on which resolved ports.
import { SimService } from './allocation';
import { ComputedObjectMeta, EndpointAddress, EndpointConditions, EndpointHintName, EndpointHints, EndpointPort, EndpointSlice, LegacyEndpoints, SliceEndpoint, SlicePort } from './endpoint-types';
import { fnv32, Placement, SimNode, SimPod } from './placement';
import { ModelObject } from '../model/cluster-model';
import { ipFamilyOf } from '../model/ip';
import { asList, asMap, asString, at, Draft, JsonMap } from '../model/json';
import { findPort } from '../model/pods';
import { ServicePortSpec } from '../model/service-spec';
import { asText } from '../model/text';
import { PREFER_SAME_NODE, trafficDistributionValues } from '../rules/api-server/releases';

/** E7: `maxEndpointsPerSlice` default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;
/** E7: legacy Endpoints `maxCapacity`. */
export const MAX_LEGACY_ENDPOINTS = 1000;
const MANAGED_BY = 'endpointslice-controller.k8s.io';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const TOLERATE_UNREADY = 'service.alpha.kubernetes.io/tolerate-unready-endpoints';

/** The endpoint objects of one Service. */
export interface ServiceEndpointObjects {
  slices: EndpointSlice[];
  /** Undefined when the controller writes no Endpoints (no selector, ExternalName). */
  legacy?: LegacyEndpoints;
}

function slicePortOf(svcPort: { name?: string | null; protocol?: string; appProtocol?: string | null }, port: number): SlicePort {
  const out: Draft<SlicePort> = { name: svcPort?.name ?? '', port, protocol: svcPort?.protocol ?? 'TCP' };
  if (typeof svcPort?.appProtocol === 'string') out.appProtocol = svcPort.appProtocol; // O12
  return out as SlicePort;
}

/** E6 `ShouldSetHostname` (O3: headless or not). */
function hostnameFor(pod: SimPod, svcName: string, svcNamespace: string): string | undefined {
  return pod.hostname && pod.subdomain === svcName && pod.namespace === svcNamespace ? pod.hostname : undefined;
}

/** E2: terminal pods and pods without an IP never become endpoints. */
function terminal(pod: SimPod): boolean {
  return pod.phase === 'Failed' || pod.phase === 'Succeeded';
}

/** The IP families a Service's endpoints use (from `spec.ipFamilies`; IPv4 by default). */
/** The Service's IP families as the API server defaulted them (allocation.ts): one slice set per family. */
function familiesOf(svc: SimService): string[] {
  return svc.ipFamilies.length > 0 ? svc.ipFamilies : ['IPv4'];
}

function sliceName(svc: SimService, seed: string): string {
  // generateName `<service>-`, cut so the name stays within 63 characters.
  const base = `${svc.model.name}-`.slice(0, 58);
  let h = fnv32(`${svc.model.namespace}/${svc.model.name}/${seed}`);
  let s = '';
  for (let i = 0; i < 5; i++) {
    s += 'bcdfghjklmnpqrstvwxz2456789'[h % 27];
    h = Math.floor(h / 27);
  }
  return base + s;
}

function sliceLabels(svc: SimService): Record<string, string> {
  // E7: the Service's labels plus the controller's.
  const labels: Record<string, string> = { ...svc.model.labels, [SERVICE_NAME_LABEL]: svc.model.name, 'endpointslice.kubernetes.io/managed-by': MANAGED_BY };
  if (svc.model.headless) labels['service.kubernetes.io/headless'] = '';
  return labels;
}

/**
 * Computes the EndpointSlices (E1-E7) and the legacy Endpoints of an accepted Service.
 * `handMade` are EndpointSlice objects of the manifests labelled with this Service's name (K2).
 */
export function computeEndpoints(svc: SimService, placement: Placement, handMade: ModelObject[], minor: number): ServiceEndpointObjects {
  const m = svc.model;
  // E1: ExternalName gets nothing; no selector (O7: `{}` is none) gets nothing from the controller.
  if (!svc.accepted || m.type === 'ExternalName') return { slices: [] };
  if (!m.selector) return { slices: handMade.map(convertHandMade) };
  const pods = placement.selectPods(m.namespace, m.selector);
  const pnra = m.spec.publishNotReadyAddresses === true;
  const svcPorts: ServicePortSpec[] = Array.isArray(m.spec.ports) ? m.spec.ports : [];
  const slices: EndpointSlice[] = [];

  // Each pod's resolved port list (E4), shared by both families.
  const resolved = new Map<SimPod, SlicePort[]>();
  for (const pod of pods) {
    const ports: SlicePort[] = [];
    for (const sp of svcPorts) {
      const n = findPort(pod.spec, sp);
      if (n !== undefined) ports.push(slicePortOf(sp, n)); // E4: only that port is omitted
    }
    resolved.set(pod, ports);
  }

  for (const family of familiesOf(svc)) {
    const groups = new Map<string, { ports: SlicePort[]; endpoints: SliceEndpoint[] }>();
    for (const pod of pods) {
      const basis = endpointBasis(pod, family, placement, pnra);
      if (!basis) continue;
      const node = basis.node;
      const ep: Draft<SliceEndpoint> = { addresses: basis.addresses, conditions: basis.conditions };
      const hostname = hostnameFor(pod, m.name, m.namespace);
      if (hostname !== undefined) ep.hostname = hostname; // E6
      if (pod.nodeName !== undefined) ep.nodeName = pod.nodeName;
      if (node?.zone !== undefined) ep.zone = node.zone;
      const hints = trafficHints(m.spec.trafficDistribution, minor, ep);
      if (hints) ep.hints = hints;
      ep.targetRef = { kind: 'Pod', namespace: pod.namespace, name: pod.name };
      // E4: slices group pods by resolved port set (O1: an empty set is a group of its own).
      const ports = resolved.get(pod)!;
      const key = JSON.stringify(ports);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { ports, endpoints: [] }));
      g.endpoints.push(ep as SliceEndpoint);
    }
    let index = 0;
    for (const g of groups.values()) {
      for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
        slices.push(slice(svc, family, `${family}/${index++}`, g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE), g.ports));
      }
    }
    // E7, O8: no endpoints gives one placeholder slice with no ports.
    if (groups.size === 0) slices.push(slice(svc, family, `${family}/placeholder`, [], []));
  }

  // The legacy Endpoints are computed when read: `verify` reads only the slices.
  let legacy: LegacyEndpoints | undefined;
  return {
    slices,
    get legacy() {
      return (legacy ??= legacyEndpoints(svc, pods, resolved));
    },
  };
}

/** What a pod gives a Service's slices in one family: its addresses there, its node, its conditions. */
interface EndpointBasis {
  addresses: string[];
  node: SimNode | undefined;
  conditions: EndpointConditions;
}

/**
 * What `pod` gives the Service's slices in `family`, or undefined when it is no endpoint there.
 * E2: a terminal pod, a pod without an address in the family (E5, O9), or one whose Node does
 * not exist (unless publishNotReadyAddresses) is out; a terminating pod stays
 * (includeTerminating). E3, O4, O5, O6: its conditions.
 */
function endpointBasis(pod: SimPod, family: string, placement: Placement, pnra: boolean): EndpointBasis | undefined {
  if (terminal(pod)) return undefined;
  const addresses = pod.ips.filter((ip) => ipFamilyOf(ip) === family);
  if (addresses.length === 0) return undefined;
  const node = placement.node(pod.nodeName);
  if (!node && !pnra) return undefined;
  const serving = pod.ready;
  return { addresses, node, conditions: { ready: pnra || (serving && !pod.terminating), serving, terminating: pod.terminating } };
}

/**
 * Whether the EndpointSlice controller lists a ready endpoint for `svc` in `family` (default:
 * its primary family), as computeEndpoints' slices would say, without writing them. For a
 * Service with a selector only (hand-made slices are read as they are written); `selected` are
 * the pods it selects (`placement.selectPods`, which the caller has already run).
 */
export function hasReadySelectedEndpoint(svc: SimService, selected: SimPod[], placement: Placement, family: string = familiesOf(svc)[0]): boolean {
  const m = svc.model;
  if (!svc.accepted || m.type === 'ExternalName' || !m.selector || !familiesOf(svc).includes(family)) return false;
  const pnra = m.spec.publishNotReadyAddresses === true;
  return selected.some((pod) => endpointBasis(pod, family, placement, pnra)?.conditions.ready === true);
}

/**
 * The hints the EndpointSlice controller writes for `trafficDistribution`
 * (staging/src/k8s.io/endpointslice/trafficdist/trafficdist.go ReconcileHints,
 * preferCloseHeuristic.update): for a value the release accepts, each ready endpoint is hinted for
 * its own zone, and for PreferSameNode also for its own node. Any other value (none, or one the
 * release drops or refuses) is defaultHeuristic: no hints. In 1.30 the field is dropped on create
 * (ServiceTrafficDistribution off), so nothing is hinted there. The topology-mode annotation's
 * proportional hints (topologycache) are not modelled.
 */
function trafficHints(value: unknown, minor: number, ep: Draft<SliceEndpoint>): EndpointHints | undefined {
  if (typeof value !== 'string' || !trafficDistributionValues(minor).includes(value) || !ep.conditions?.ready) return undefined;
  const hints: Draft<EndpointHints> = {};
  if (ep.zone !== undefined) hints.forZones = [{ name: ep.zone }];
  if (ep.nodeName !== undefined && value === PREFER_SAME_NODE) hints.forNodes = [{ name: ep.nodeName }];
  return Object.keys(hints).length > 0 ? hints : undefined;
}

function slice(svc: SimService, family: string, seed: string, endpoints: SliceEndpoint[], ports: SlicePort[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: sliceName(svc, seed), namespace: svc.model.namespace, labels: sliceLabels(svc) },
    addressType: family,
    endpoints,
    ports,
  };
}

/**
 * The legacy Endpoints controller (E2, E7, O1, O5, O11): terminating pods are dropped unless
 * publishNotReadyAddresses; not-ready pods go to `notReadyAddresses` unless PNRA or the
 * tolerate-unready annotation; a pod is listed only under the ports it resolves.
 */
function legacyEndpoints(svc: SimService, pods: SimPod[], resolved: Map<SimPod, SlicePort[]>): LegacyEndpoints {
  const m = svc.model;
  const pnra = m.spec.publishNotReadyAddresses === true;
  const tolerate = pnra || m.annotations[TOLERATE_UNREADY] === 'true';
  const family = familiesOf(svc)[0];
  const noPorts = !Array.isArray(m.spec.ports) || m.spec.ports.length === 0;
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  let total = 0;
  for (const pod of pods) {
    if (terminal(pod)) continue;
    if (pod.terminating && !pnra) continue; // E2, O5
    const ip = pod.ips.find((x) => ipFamilyOf(x) === family);
    if (ip === undefined) continue;
    const ports = resolved.get(pod)!;
    // O1: a pod that resolves none of the ports is omitted (unless headless without ports).
    if (ports.length === 0 && !(noPorts && m.headless)) continue;
    const addr: Draft<EndpointAddress> = { ip };
    const hostname = hostnameFor(pod, m.name, m.namespace);
    if (hostname !== undefined) addr.hostname = hostname;
    if (pod.nodeName !== undefined) addr.nodeName = pod.nodeName;
    addr.targetRef = { kind: 'Pod', namespace: pod.namespace, name: pod.name };
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports: ports.map((p) => ({ ...p })), ready: [], notReady: [] }));
    (tolerate || pod.ready ? g.ready : g.notReady).push(addr as EndpointAddress);
    total++;
  }
  const annotations: Record<string, string> = {};
  const byIp = (a: EndpointAddress, b: EndpointAddress) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
  const all = [...groups.values()].map((g) => ({ addresses: g.ready.sort(byIp), notReadyAddresses: g.notReady.sort(byIp), ports: g.ports }));
  if (total > MAX_LEGACY_ENDPOINTS) {
    annotations['endpoints.kubernetes.io/over-capacity'] = 'truncated'; // E7
    truncateEndpoints(all);
  }
  const subsets = all.filter((x) => x.addresses.length + x.notReadyAddresses.length > 0);
  // The Service's labels, plus the headless marker (endpoints_controller.go).
  const metadata: Draft<ComputedObjectMeta> = { name: m.name, namespace: m.namespace, labels: m.headless ? { ...m.labels, 'service.kubernetes.io/headless': '' } : { ...m.labels } };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: metadata as ComputedObjectMeta, subsets };
}

/**
 * E7 `truncateEndpoints` (pkg/controller/endpoint/endpoints_controller.go): cut the subsets to
 * `maxCapacity`, ready addresses first. When the ready ones fit, every ready address stays and
 * the not-ready ones share the rest; otherwise every not-ready address goes and the ready ones
 * are cut. Each subset gets `ceil(its share x room)`, capped by what is left, in subset order.
 */
function truncateEndpoints(subsets: { addresses: EndpointAddress[]; notReadyAddresses: EndpointAddress[] }[]): void {
  const totalReady = subsets.reduce((n, x) => n + x.addresses.length, 0);
  const totalNotReady = subsets.reduce((n, x) => n + x.notReadyAddresses.length, 0);
  if (totalReady + totalNotReady <= MAX_LEGACY_ENDPOINTS) return;
  const truncateReady = totalReady > MAX_LEGACY_ENDPOINTS;
  const max = truncateReady ? MAX_LEGACY_ENDPOINTS : MAX_LEGACY_ENDPOINTS - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  for (const x of subsets) {
    const numInSubset = truncateReady ? x.addresses.length : x.notReadyAddresses.length;
    const toBeAdded = Math.min(Math.ceil((numInSubset / numTotal) * max), canBeAdded);
    if (truncateReady) {
      x.addresses = x.addresses.slice(0, toBeAdded);
      x.notReadyAddresses = [];
      canBeAdded -= x.addresses.length;
    } else {
      x.notReadyAddresses = x.notReadyAddresses.slice(0, toBeAdded);
      canBeAdded -= x.notReadyAddresses.length;
    }
  }
}

/**
 * The EndpointSlices the EndpointSlice mirroring controller (kube-controller-manager
 * `endpointslicemirroring`, on by default since Kubernetes 1.19) writes for a legacy `Endpoints`
 * object a user manages: subsets with the same ports are merged, an address listed twice counts
 * once (the later listing wins, so `notReadyAddresses` over `addresses`), and each port set gets
 * one slice per address family, carrying the Endpoints' labels. None for the label
 * `endpointslice.kubernetes.io/skip-mirror: "true"` or a leader-election Endpoints (annotation
 * `control-plane.alpha.kubernetes.io/leader`). The controller mirrors only for a Service without
 * a selector, the only case the endpoints computation reads them in.
 */
export function mirroredSlices(o: ModelObject): ModelObject[] {
  if (o.labels['endpointslice.kubernetes.io/skip-mirror'] === 'true') return [];
  if (o.annotations['control-plane.alpha.kubernetes.io/leader'] !== undefined) return [];
  // Port set (as text) -> its ports and its endpoints by address+hostname, in first-seen order.
  // As written: the slice is one of the manifests' objects (raw), read later as given (K2).
  const groups = new Map<string, { ports: JsonMap[]; endpoints: Map<string, JsonMap & { addresses: string[] }> }>();
  for (const subset of asList(o.raw.subsets)) {
    const ports = asList(at(subset, 'ports')).map((p) => ({
      name: at(p, 'name') ?? '', port: at(p, 'port'), protocol: at(p, 'protocol') ?? 'TCP', ...(at(p, 'appProtocol') !== undefined ? { appProtocol: at(p, 'appProtocol') } : {}),
    }));
    const key = JSON.stringify([...ports].sort((a, b) => `${a.name}/${a.port}/${a.protocol}`.localeCompare(`${b.name}/${b.port}/${b.protocol}`)));
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports, endpoints: new Map() }));
    const add = (address: unknown, ready: boolean) => {
      const a = asMap(address) ?? {};
      const endpoint = {
        addresses: [String(a.ip)],
        conditions: { ready },
        ...(typeof a.hostname === 'string' ? { hostname: a.hostname } : {}),
        ...(typeof a.nodeName === 'string' ? { nodeName: a.nodeName } : {}),
        ...(a.targetRef ? { targetRef: a.targetRef } : {}),
      };
      const id = `${endpoint.addresses[0]}/${asText(a.hostname ?? '')}`;
      group!.endpoints.delete(id); // the later listing wins
      group!.endpoints.set(id, endpoint);
    };
    for (const a of asList(at(subset, 'addresses'))) add(a, true);
    for (const a of asList(at(subset, 'notReadyAddresses'))) add(a, false);
  }
  const out: ModelObject[] = [];
  let n = 0;
  for (const group of groups.values()) {
    const all = [...group.endpoints.values()];
    for (const family of ['IPv4', 'IPv6']) {
      const endpoints = all.filter((e) => ipFamilyOf(e.addresses[0]) === family);
      if (endpoints.length === 0) continue;
      const name = `${o.name}-mirror-${n++}`;
      const labels = { ...o.labels, 'kubernetes.io/service-name': o.name, 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' };
      out.push({
        raw: { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name, namespace: o.namespace, labels }, addressType: family, endpoints, ports: group.ports },
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        name,
        namespace: o.namespace,
        ref: `EndpointSlice/${o.namespace}/${name}`,
        nameIsGenerated: false,
        labels,
        annotations: {},
        source: o.source,
      });
    }
  }
  return out;
}

/** A hand-made EndpointSlice of the manifests, in the returned shape (K2: read as given). */
function convertHandMade(o: ModelObject): EndpointSlice {
  const raw = o.raw;
  const endpoints: SliceEndpoint[] = asList(raw.endpoints).map((item) => {
    const e = asMap(item) ?? {};
    const c = asMap(e.conditions) ?? {};
    const ref = (k: string) => at(e, 'targetRef', k);
    const ep: Draft<SliceEndpoint> = {
      addresses: asList(e.addresses).map(String),
      // K2: ready and serving count as true when nil; terminating only when set.
      conditions: { ready: c.ready !== false, serving: c.serving !== false, terminating: c.terminating === true },
      targetRef: { kind: asText(ref('kind') ?? ''), namespace: asText(ref('namespace') ?? o.namespace), name: asText(ref('name') ?? '') },
    };
    if (typeof e.hostname === 'string') ep.hostname = e.hostname;
    if (typeof e.nodeName === 'string') ep.nodeName = e.nodeName;
    if (typeof e.zone === 'string') ep.zone = e.zone;
    // K2: hints are read as given (kube-proxy does not care who wrote them).
    const names = (list: unknown): EndpointHintName[] => asList(list).flatMap((h) => {
      const name = at(h, 'name');
      return typeof name === 'string' ? [{ name }] : [];
    });
    const forZones = names(at(e, 'hints', 'forZones'));
    const forNodes = names(at(e, 'hints', 'forNodes'));
    if (forZones.length > 0 || forNodes.length > 0) {
      ep.hints = { ...(forZones.length > 0 ? { forZones } : {}), ...(forNodes.length > 0 ? { forNodes } : {}) };
    }
    return ep as SliceEndpoint;
  });
  const ports: SlicePort[] = asList(raw.ports).map((p) => {
    const port = at(p, 'port');
    return slicePortOf({ name: asString(at(p, 'name')), protocol: asString(at(p, 'protocol')), appProtocol: asString(at(p, 'appProtocol')) }, typeof port === 'number' ? port : -1);
  });
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: o.name, namespace: o.namespace, labels: { ...o.labels } },
    addressType: asText(raw.addressType ?? 'IPv4'),
    endpoints,
    ports,
  };
}
