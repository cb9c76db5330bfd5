// LocalCluster: the in-process simulated cluster tests read with no cluster (DESIGN.md "The
// harness"). It places pods, allocates Service IPs and ports, computes EndpointSlices (E1-E8),
// answers DNS (D1-D7) and routes connections (K1-K11), all from one ClusterModel.
import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { allocate, CreatePlan, SimService } from './allocation';
import { placementFindings } from './capacity';
import { LocalClusterOptions, NodeInfo, PodDnsMode, PodInfo, ServiceInfo, ServicePortInfo } from './cluster-types';
import * as dns from './dns';
import { DnsRecordType, DnsResult } from './dns-types';
import { EndpointSlice, LegacyEndpoints, ServiceEndpoint } from './endpoint-types';
import { computeEndpoints, hasReadySelectedEndpoint, mirroredSlices, ServiceEndpointObjects } from './endpoints';
import { ReachabilityMatrix } from './network-types';
import { Placement, SimPod } from './placement';
import { connectWithPolicy, PolicyView, reachabilityMatrix } from './reachability';
import { ServiceReport } from './report-types';
import * as routing from './routing';
import { ConnectRequest, ConnectResult, HealthCheckResult } from './routing-types';
import { buildReport, ClusterReport, ReportSource, reportFindings, serviceReports } from './verify';
import { ClusterModel, ModelObject, ServiceModel, SourcedObject } from '../model/cluster-model';
import { Finding, renderValue, SuppressedFinding } from '../model/findings';
import { ManifestInputError } from '../model/input';
import { IpFamily, ipFamilyOf, parseCidrSloppy } from '../model/ip';
import { Draft } from '../model/json';
import { loadManifestText } from '../model/load';
import { asText } from '../model/text';
import { createDecision } from '../rules/allocation';
import { configuredFamilies } from '../rules/api-server/ip-families';
import { checkModelReport, clusterOptionsOf, modelOptionsOf, resolveSettings, ValidationOptions } from '../rules/engine';
import { RuleSettings } from '../rules/rule';
import { clusterDomainOf, renderObjects } from '../validation';

/** Namespaces every cluster has. */
export const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The Service CIDR of kubeadm and kind clusters, where the simulation allocates ClusterIPs unless told. */
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';

/** kind's IPv6 service subnet, where the simulation allocates IPv6 ClusterIPs unless told. */
export const DEFAULT_IPV6_SERVICE_CIDR = 'fd00:10:96::/112';

/** kind's IPv6 pod subnet: pods of a cluster that serves IPv6 get an address of it too. */
export const DEFAULT_IPV6_POD_CIDR = 'fd00:10:244::/56';

/** kube-apiserver's default `--service-node-port-range`. */
export const DEFAULT_NODE_PORT_RANGE = '30000-32767';

/**
 * A simulated Kubernetes cluster that runs the given manifests in memory: it places the pods
 * each workload runs, allocates ClusterIPs and NodePorts, computes EndpointSlices as the
 * endpoint controller does, answers DNS as CoreDNS does and routes connections as kube-proxy
 * (iptables) does. Deterministic: the same manifests give the same names, IPs and ports.
 *
 * @example
 * const cluster = LocalCluster.fromChart(chart);
 * expect(cluster.endpoints('web')).toHaveLength(3);
 */
export class LocalCluster {
  /**
   * Simulates every ApiObject of a cdk8s App (all charts). Validations are not run: call
   * `app.synth()` or `Testing.synth()` for those.
   */
  public static fromApp(app: App, options: LocalClusterOptions = {}): LocalCluster {
    return LocalCluster.fromConstructs(app, options);
  }

  /** Simulates every ApiObject of one Chart. Validations are not run. */
  public static fromChart(chart: Chart, options: LocalClusterOptions = {}): LocalCluster {
    return LocalCluster.fromConstructs(chart, options);
  }

  /**
   * Simulates plain manifests (parsed YAML/JSON objects; `List` objects are flattened).
   * Pod objects that carry a `status` and Node objects are replayed as recorded state.
   */
  public static fromManifests(objects: any[], options: LocalClusterOptions = {}): LocalCluster {
    return new LocalCluster(ClusterModel.fromObjects(objects, modelOptionsOf(options)), options);
  }

  /** Simulates the manifests of a (multi-document) YAML text, e.g. `kubectl get -o yaml` output. */
  public static fromYaml(text: string, options: LocalClusterOptions = {}): LocalCluster {
    const { objects, errors } = loadManifestText(text, '<yaml>');
    if (errors.length > 0) {
      throw new Error(`LocalCluster.fromYaml: the YAML cannot be read: ${errors.map((e) => `${e.line ? `line ${e.line}: ` : ''}${e.message}`).join('; ')}`);
    }
    return new LocalCluster(ClusterModel.fromSourced(objects, modelOptionsOf(options)), options);
  }

  /** @internal */
  public static _fromModel(model: ClusterModel, options: LocalClusterOptions = {}): LocalCluster {
    return new LocalCluster(model, options);
  }

  private static fromConstructs(scope: IConstruct, options: LocalClusterOptions): LocalCluster {
    const objects = scope.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
    // Each object rendered once (a Service's selector reads its workload's JSON from this pass).
    const sourced: SourcedObject[] = renderObjects(objects, (obj, json) => ({ object: json, source: { constructPath: obj.node.path } }));
    // The domain the constructs' dnsName uses (context cdk8s-services:clusterDomain) unless given.
    const clusterDomain = options.clusterDomain ?? clusterDomainOf(scope);
    return new LocalCluster(ClusterModel.fromSourced(sourced, modelOptionsOf(options)), { ...options, clusterDomain });
  }

  /** The DNS domain (`cluster.local` unless set). */
  public readonly clusterDomain: string;

  private readonly placement: Placement;
  private readonly sim: SimService[];
  private readonly byName = new Map<string, SimService>();
  private readonly computed = new Map<SimService, ServiceEndpointObjects>();
  private readonly handMade = new Map<string, ModelObject[]>();
  private readonly namespaces = new Set<string>(BUILTIN_NAMESPACES);
  private readonly podDns: PodDnsMode;

  private readonly model: ClusterModel;
  private readonly ruleOptions: ValidationOptions;
  private readonly options: LocalClusterOptions;
  /** The Kubernetes minor release the cluster runs (kubernetesVersion, default the newest). */
  private readonly minor: number;
  /** The IP families the simulated cluster serves, primary first (servedFamilies). */
  private readonly families: IpFamily[];

  private constructor(model: ClusterModel, options: LocalClusterOptions) {
    if (model.inputErrors.length > 0) {
      // Past the input limits (docs/limits.md): nothing can be simulated from such an object.
      throw new ManifestInputError(`LocalCluster: ${model.inputErrors.length === 1 ? 'a manifest is' : `${model.inputErrors.length} manifests are`} past the input limits: ${model.inputErrors.slice(0, 5).join('; ')}${model.inputErrors.length > 5 ? '; ...' : ''}`);
    }
    this.model = model;
    this.options = options;
    // The rules see the same cluster the simulation assumes: one options object (ClusterOptions).
    this.ruleOptions = clusterOptionsOf(options);
    const settings = resolveSettings(this.ruleOptions);
    this.minor = settings.kubernetesVersion;
    this.clusterDomain = (options.clusterDomain ?? 'cluster.local').replace(/\.$/, '').toLowerCase();
    this.podDns = options.podDns ?? PodDnsMode.INSECURE;
    const plans = createPlans(model, settings);
    // The families the simulated cluster serves: the configured ones, plus IPv6 when the cluster
    // was not described and a Service was created on the assumed dual-stack cluster (A5/A7/A8 hints).
    const families = servedFamilies(settings, plans);
    this.families = families;
    this.placement = new Placement(model, {
      nodes: options.nodes ?? 3,
      zones: options.zones ?? ['zone-a', 'zone-b', 'zone-c'],
      podCidr: options.podCidr, // undefined: kind's 10.244.0.0/16, grown for a large app (capacity.ts)
      // A cluster that serves IPv6 gives pods an IPv6 address too (kind's dual-stack pod subnet).
      podCidrV6: families.includes('IPv6') ? DEFAULT_IPV6_POD_CIDR : undefined,
      notReady: options.notReady ?? [],
      terminating: options.terminating ?? [],
    });
    this.sim = allocate(model.services, {
      serviceCidrs: simulatedServiceCidrs(settings, families),
      nodePortRange: settings.nodePortRange,
      loadBalancerIngress: options.loadBalancerIngress ?? {},
    }, plans);
    for (const s of this.sim) {
      const key = `${s.model.namespace}/${s.model.name}`;
      if (s.accepted && !this.byName.has(key)) this.byName.set(key, s);
    }
    for (const o of model.objects) {
      this.namespaces.add(o.namespace);
      if (o.kind === 'Namespace') this.namespaces.add(o.name);
      const svcName = o.labels['kubernetes.io/service-name'];
      const slices = o.kind === 'EndpointSlice' && svcName ? [o] : o.kind === 'Endpoints' ? mirroredSlices(o) : [];
      for (const slice of slices) {
        // Read only for a Service without a selector (E1): one with a selector gets the controller's.
        const key = `${slice.namespace}/${slice.labels['kubernetes.io/service-name']}`;
        const list = this.handMade.get(key) ?? [];
        list.push(slice);
        this.handMade.set(key, list);
      }
    }
  }

  /** The cluster's nodes. */
  public nodes(): NodeInfo[] {
    return this.placement.nodes.map((n) => (n.zone !== undefined ? { name: n.name, ip: n.ip, zone: n.zone } : { name: n.name, ip: n.ip }));
  }

  /**
   * The pods the cluster runs, in manifest order.
   * @param namespace only this namespace (default: all)
   */
  public pods(namespace?: string): PodInfo[] {
    return this.placement.pods
      .filter((p) => namespace === undefined || p.namespace === namespace)
      .map((p) => {
        const info: Draft<PodInfo> = {
          name: p.name,
          namespace: p.namespace,
          owner: p.owner.ref,
          ips: [...p.ips],
          phase: p.phase,
          ready: p.ready,
          terminating: p.terminating,
          labels: { ...p.labels },
        };
        if (p.nodeName !== undefined) info.nodeName = p.nodeName;
        if (p.ips.length > 0) info.ip = p.ips[0];
        if (p.hostname !== undefined) info.hostname = p.hostname;
        if (p.subdomain !== undefined) info.subdomain = p.subdomain;
        return info as PodInfo;
      });
  }

  /** Every Service of the manifests, as allocated (refused ones with `accepted: false`). */
  public services(): ServiceInfo[] {
    return this.sim.map((s) => this.info(s));
  }

  /**
   * One Service as allocated: ClusterIP, nodePorts, LoadBalancer ingress (`<pending>`, K9).
   * @param name the Service name
   * @param namespace its namespace (default `default`)
   * @returns undefined when there is no such Service
   */
  public service(name: string, namespace?: string): ServiceInfo | undefined {
    const ns = namespace ?? 'default';
    const s = this.byName.get(`${ns}/${name}`) ?? this.sim.find((x) => x.model.namespace === ns && x.model.name === name);
    return s ? this.info(s) : undefined;
  }

  /**
   * The EndpointSlices the controller writes for a Service (discovery.k8s.io/v1, E1-E7).
   * Empty for ExternalName and selector-less Services (E1), unless hand-made slices are given.
   */
  public endpointSlices(service: string, namespace?: string): EndpointSlice[] {
    return this.objectsOf(this.mustFind(service, namespace)).slices;
  }

  /**
   * The legacy `v1` Endpoints object of a Service, or undefined when the controller writes
   * none (ExternalName, no selector).
   */
  public legacyEndpoints(service: string, namespace?: string): LegacyEndpoints | undefined {
    return this.objectsOf(this.mustFind(service, namespace)).legacy;
  }

  /**
   * The ready endpoints of a Service, one per pod: what a test counts
   * (`expect(cluster.endpoints('web')).toHaveLength(3)`).
   */
  public endpoints(service: string, namespace?: string): ServiceEndpoint[] {
    return this.flatEndpoints(this.mustFind(service, namespace)).filter((e) => e.ready);
  }

  /** Every endpoint of a Service, ready or not (not Ready, terminating). */
  public allEndpoints(service: string, namespace?: string): ServiceEndpoint[] {
    return this.flatEndpoints(this.mustFind(service, namespace));
  }

  /**
   * Looks a name up as a pod in `fromNamespace` would, through the search path (D1), and
   * answers as CoreDNS does (D2-D7).
   * @param name a short (`web`, `web.prod`) or fully qualified name
   * @param type the record type (default A)
   * @param fromNamespace the asking pod's namespace (default `default`)
   */
  public resolve(name: string, type?: DnsRecordType, fromNamespace?: string): DnsResult {
    return dns.resolve(this.dnsView(), name, type ?? DnsRecordType.A, fromNamespace ?? 'default');
  }

  /**
   * Routes a connection as kube-proxy does (K1-K11): the pods that may receive it with their
   * probabilities, or why it is refused, dropped or not proxied. With a client pod (`from`,
   * `fromPod`), NetworkPolicy is applied too (`policy`; BLOCKED when it drops every path).
   */
  public connect(request: ConnectRequest): ConnectResult {
    return connectWithPolicy(this.policyView(), request);
  }

  /**
   * `connect` from a pod without labels in `namespace`, a namespace the manifests need not hold
   * (the emitted harness's probe namespace, which run.sh creates). @internal
   */
  public _connectFromNamespace(namespace: string, request: ConnectRequest): ConnectResult {
    return connectWithPolicy(this.policyView(), { ...request, from: namespace }, [namespace]);
  }

  /**
   * Every client workload against every Service port, with NetworkPolicy applied (each
   * workload's first pod is the client; it looks the Service name up through kube-dns).
   */
  public reachability(): ReachabilityMatrix {
    return reachabilityMatrix(this.policyView(), this.sim);
  }

  /**
   * What a node's healthCheckNodePort answers for a LoadBalancer Service with
   * externalTrafficPolicy Local (K7).
   */
  public healthCheck(service: string, node: string, namespace?: string): HealthCheckResult {
    const s = this.mustFind(service, namespace);
    if (s.healthCheckNodePort === undefined) {
      throw new Error(`Service ${s.model.namespace}/${s.model.name} has no healthCheckNodePort: only a LoadBalancer with externalTrafficPolicy Local gets one (K7)`);
    }
    const n = this.placement.node(node);
    if (!n) throw new Error(`there is no node "${node}"; the nodes are ${this.placement.nodes.map((x) => x.name).join(', ')}`);
    return routing.healthCheck(this.proxyView(), s, n);
  }

  /**
   * Checks every Service: endpoints, DNS, the pods that receive traffic, and the problems
   * found (no endpoints, a port no pod serves, refused allocations), as data and as a table.
   */
  public verify(): ClusterReport {
    const rules = checkModelReport(this.model, this.ruleOptions);
    return this._report(rules.findings, rules.suppressed);
  }

  /**
   * The report with the given rule findings (the verify CLI has run the rules already).
   * @internal
   */
  public _report(ruleFindings: Finding[], ruleSuppressed: SuppressedFinding[] = []): ClusterReport {
    return buildReport(this.reportSource(ruleFindings, ruleSuppressed));
  }

  /**
   * Only what the simulation finds beyond the given rule findings (E3, P1, P2, a refusal the
   * rules do not explain), without the per-Service reports: what `verify` reads in every format.
   * @internal
   */
  public _findings(ruleFindings: Finding[]): { findings: Finding[]; suppressed: SuppressedFinding[] } {
    return reportFindings(this.reportSource(ruleFindings, []));
  }

  /**
   * The per-Service reports alone (the table `verify --format text` prints).
   * @internal
   */
  public _serviceReports(): ServiceReport[] {
    return serviceReports(this.reportSource([], []));
  }

  private reportSource(ruleFindings: Finding[], ruleSuppressed: SuppressedFinding[]): ReportSource {
    return {
      ruleFindings,
      ruleSuppressed,
      sim: this.sim,
      info: (s) => this.info(s),
      objects: (s) => this.objectsOf(s),
      flat: (s) => this.flatEndpoints(s),
      hasReadyEndpoint: (s, selected) => this.hasReadyEndpoint(s, selected),
      selectedPods: (s) => (s.model.selector ? this.placement.selectPods(s.model.namespace, s.model.selector) : []),
      resolve: (name, type, ns) => this.resolve(name, type, ns),
      workloadFindings: placementFindings(this.placement.capped, this.placement.pending),
      workloads: [...this.placement.capped.map((c) => c.owner), ...this.placement.pending.map((p) => p.owner)],
    };
  }

  /**
   * What a real cluster must be configured with to behave as this simulation (the harness
   * writes it into kind.yaml), and which options describe pod states no real cluster is put in.
   * @internal
   */
  public _clusterSettings(): {
    serviceCidr: string;
    serviceCidrs: string[];
    serviceCidrGiven: boolean;
    nodePortRange: { min: number; max: number };
    simulationOnly: string[];
    options: LocalClusterOptions;
  } {
    const o = this.options;
    const simulationOnly = [
      ...(o.notReady && o.notReady.length > 0 ? ['notReady'] : []),
      ...(o.terminating && o.terminating.length > 0 ? ['terminating'] : []),
      ...(o.loadBalancerIngress && Object.keys(o.loadBalancerIngress).length > 0 ? ['loadBalancerIngress'] : []),
    ];
    const settings = resolveSettings(this.ruleOptions);
    const serviceCidrs = simulatedServiceCidrs(settings, this.families);
    return {
      serviceCidr: serviceCidrs[0],
      serviceCidrs,
      serviceCidrGiven: settings.serviceClusterIpRanges.length > 0,
      nodePortRange: settings.nodePortRange,
      simulationOnly,
      options: { ...o },
    };
  }

  private mustFind(name: string, namespace?: string): SimService {
    const ns = namespace ?? 'default';
    const s = this.byName.get(`${ns}/${name}`);
    if (s) return s;
    const refused = this.sim.find((x) => x.model.namespace === ns && x.model.name === name);
    if (refused) throw new Error(`Service ${ns}/${name} does not exist in the cluster: the API server refuses it (${refused.rejection}; rule ${refused.rejectionRule})`);
    const known = this.sim.map((x) => `${x.model.namespace}/${x.model.name}`);
    throw new Error(`there is no Service ${ns}/${name}; the Services are: ${known.length > 0 ? known.join(', ') : '(none)'}`);
  }

  private objectsOf(s: SimService): ServiceEndpointObjects {
    let o = this.computed.get(s);
    if (!o) {
      o = computeEndpoints(s, this.placement, this.handMade.get(`${s.model.namespace}/${s.model.name}`) ?? [], this.minor);
      this.computed.set(s, o);
    }
    return o;
  }

  /** The slices kube-proxy routes: the Service's primary family only (an IPv4 Service ignores IPv6 slices). */
  private routedSlices(s: SimService): EndpointSlice[] {
    const slices = this.objectsOf(s).slices;
    const family = serviceFamily(s) ?? slices[0]?.addressType;
    return slices.filter((slice) => slice.addressType === family);
  }

  /**
   * Whether one of the routed endpoints is ready: what `flatEndpoints(s).some((e) => e.ready)`
   * says, without building them. `selected`: the pods the Service's selector selects.
   */
  private hasReadyEndpoint(s: SimService, selected: SimPod[]): boolean {
    if (s.model.selector && !this.computed.has(s)) return hasReadySelectedEndpoint(s, selected, this.placement, serviceFamily(s));
    return this.routedSlices(s).some((slice) => slice.endpoints.some((ep) => ep.addresses.length > 0 && ep.conditions.ready));
  }

  private flatEndpoints(s: SimService): ServiceEndpoint[] {
    const byPod = new Map<string, Draft<ServiceEndpoint> & { ports: { [portName: string]: number } }>();
    for (const slice of this.routedSlices(s)) {
      for (const ep of slice.endpoints) {
        if (ep.addresses.length === 0) continue;
        const key = `${ep.targetRef.namespace}/${ep.targetRef.name}/${ep.addresses[0]}`;
        let e = byPod.get(key);
        if (!e) {
          e = {
            ip: ep.addresses[0],
            podName: ep.targetRef.name,
            namespace: ep.targetRef.namespace,
            ports: {},
            ready: ep.conditions.ready,
            serving: ep.conditions.serving,
            terminating: ep.conditions.terminating,
          };
          if (ep.nodeName !== undefined) e.nodeName = ep.nodeName;
          if (ep.hostname !== undefined) e.hostname = ep.hostname;
          byPod.set(key, e);
        }
        for (const p of slice.ports) e.ports[p.name] = p.port;
      }
    }
    return [...byPod.values()] as ServiceEndpoint[];
  }

  private info(s: SimService): ServiceInfo {
    const m = s.model;
    const spec = m.spec;
    const ports = (Array.isArray(spec.ports) ? spec.ports : []).map((p, i) => {
      const out: Draft<ServicePortInfo> = { name: asText(p?.name ?? ''), port: p?.port as number, protocol: asText(p?.protocol ?? 'TCP'), targetPort: asText(p?.targetPort ?? p?.port) };
      if (s.nodePorts[i] !== undefined) out.nodePort = s.nodePorts[i];
      return out as ServicePortInfo;
    });
    const externalIps: string[] = Array.isArray(spec.externalIPs) ? spec.externalIPs.map(String) : [];
    let externalDisplay: string;
    if (m.type === 'ExternalName') externalDisplay = asText(spec.externalName ?? '<none>');
    else if (m.type === 'LoadBalancer') externalDisplay = [...s.loadBalancerIngress, ...externalIps].join(',') || '<pending>'; // K9
    else externalDisplay = externalIps.join(',') || '<none>';
    const out: Draft<ServiceInfo> = {
      name: m.name,
      namespace: m.namespace,
      type: m.type,
      accepted: s.accepted,
      clusterIps: [...s.clusterIPs],
      headless: m.headless,
      ports,
      externalIps,
      loadBalancerIngress: [...s.loadBalancerIngress],
      externalDisplay,
      sessionAffinity: spec.sessionAffinity,
      dnsName: `${m.name}.${m.namespace}.svc.${this.clusterDomain}`,
    };
    if (s.rejection !== undefined) out.rejection = s.rejection;
    if (s.clusterIPs.length > 0) out.clusterIp = s.clusterIPs[0];
    if (m.type === 'ExternalName' && spec.externalName != null) out.externalName = spec.externalName;
    if (s.healthCheckNodePort !== undefined) out.healthCheckNodePort = s.healthCheckNodePort;
    if (spec.externalTrafficPolicy != null) out.externalTrafficPolicy = spec.externalTrafficPolicy;
    if (spec.internalTrafficPolicy != null) out.internalTrafficPolicy = spec.internalTrafficPolicy;
    return out as ServiceInfo;
  }

  private dnsView(): dns.DnsView {
    return {
      domain: this.clusterDomain,
      podDns: this.podDns,
      namespaces: this.namespaces,
      service: (ns, name) => this.byName.get(`${ns}/${name}`),
      slices: (s) => this.objectsOf(s).slices,
      podIpExists: (ns, ip) => this.placement.pods.some((p) => p.namespace === ns && p.ips.includes(ip)),
    };
  }

  private policyView(): PolicyView {
    const proxy = this.proxyView();
    return { model: this.model, placement: this.placement, proxy, route: (r) => routing.connect(proxy, r) };
  }

  private proxyView(): routing.ProxyView {
    return {
      minor: this.minor,
      placement: this.placement,
      services: this.sim,
      service: (ns, name) => this.byName.get(`${ns}/${name}`),
      // kube-proxy runs one proxier per IP family: a Service is routed in its own family only.
      slices: (s) => {
        const family = serviceFamily(s);
        const slices = this.objectsOf(s).slices;
        return family === undefined ? slices : slices.filter((x) => x.addressType === family);
      },
    };
  }
}

/** The primary IP family of a Service: its first ipFamilies entry, else its ClusterIP's, else undefined (headless without either). */
function serviceFamily(s: SimService): string | undefined {
  if (s.ipFamilies.length > 0) return s.ipFamilies[0]; // as the API server defaulted them
  const families = s.model.spec?.ipFamilies;
  if (Array.isArray(families) && typeof families[0] === 'string') return families[0];
  const ip = s.clusterIPs.find((x) => x !== 'None');
  return ip === undefined ? undefined : ipFamilyOf(ip);
}

/**
 * What the API server does with each Service on create, as the rules decide it
 * (src/rules/allocation.ts): a refused one (a validation error, or an allocation the rules A5,
 * A7, A10, A11, A12, X5 refuse) is never created, so it gets no ClusterIP, no endpoints and no
 * DNS name; the first error names the reason and the fix. A created one gets a cluster IP per
 * IP family the API server defaults it to.
 */
function createPlans(model: ClusterModel, settings: RuleSettings): Map<ServiceModel, CreatePlan> {
  const out = new Map<ServiceModel, CreatePlan>();
  const ctx = { model, settings };
  for (const svc of model.services) {
    const d = createDecision(svc, ctx);
    if (!d.refusal) {
      out.set(svc, { families: d.families });
      continue;
    }
    const v = d.refusal.violation;
    const value = renderValue(v.value);
    out.set(svc, { families: [], refusal: { rule: d.refusal.rule.id, field: v.field, message: `${v.field}${value === undefined ? '' : ` = ${value}`}: ${v.message}`, fix: v.fix } });
  }
  return out;
}

/**
 * The service CIDR of each IP family the cluster serves, primary first: the given
 * `serviceClusterIpRanges`, else kind's defaults (kind's `serviceSubnet`: 10.96.0.0/12 and
 * fd00:10:96::/112) for the families of `clusterIpFamilies`.
 */
function simulatedServiceCidrs(settings: RuleSettings, families: IpFamily[]): string[] {
  return families.map((f) => settings.serviceClusterIpRanges.find((r) => parseCidrSloppy(r)?.family === f)
    ?? (f === 'IPv4' ? DEFAULT_SERVICE_CIDR : DEFAULT_IPV6_SERVICE_CIDR));
}

/**
 * The IP families the simulated cluster serves, primary first: the configured ones, and any
 * family a created Service was given beyond them (only when the cluster was not described:
 * createDecision then creates it on the assumed dual-stack cluster, ip-families.ts).
 */
function servedFamilies(settings: RuleSettings, plans: Map<ServiceModel, CreatePlan>): IpFamily[] {
  const out = [...configuredFamilies(settings)];
  for (const [svc, plan] of plans) {
    // A headless Service without a selector gets both families even on a single-stack cluster
    // (A6) and no cluster IP: it says nothing of what the cluster serves.
    if (svc.headless && svc.selector === undefined) continue;
    for (const f of plan.families) if (!out.includes(f)) out.push(f);
  }
  return out;
}
