// The verify report: per Service, what `kubectl get svc,endpointslices` and `nslookup` would
// show on a live cluster, plus the problems the simulation finds.
import { SimService } from './allocation';
import { ServiceInfo } from './cluster-types';
import { DnsRecordType, DnsResult } from './dns-types';
import { ServiceEndpoint } from './endpoint-types';
import { ServiceEndpointObjects } from './endpoints';
import { SimPod } from './placement';
import { PortReport, ServiceReport } from './report-types';
import { ModelObject } from '../model/cluster-model';
import { fieldLine } from '../model/field-lines';
import { Finding, formatFinding, renderValue, RuleCategory, Severity, SuppressedFinding } from '../model/findings';
import { asText } from '../model/text';
import { ruleNameOf, splitSuppressedFindings } from '../rules/engine';
import { NO_READY_ENDPOINTS } from '../rules/simulation';

/** What the report reads from a LocalCluster. */
export interface ReportSource {
  sim: SimService[];
  /**
   * Findings of the rule engine over the same model (selector matches nothing, unresolved
   * targetPort, allocation conflicts, ExternalName to an IP...). The report does not re-derive
   * them: it adds only what a simulation alone knows (E3, readiness).
   */
  ruleFindings: Finding[];
  /** The rule findings ignore annotations suppressed (kept in the report's `suppressed`). */
  ruleSuppressed?: SuppressedFinding[];
  /** The simulation's findings about workloads (P1 pods left Pending, P2 pods capped). */
  workloadFindings?: Finding[];
  /** The workloads those findings blame (their ignore annotations apply). */
  workloads?: ModelObject[];
  info(s: SimService): ServiceInfo;
  objects(s: SimService): ServiceEndpointObjects;
  flat(s: SimService): ServiceEndpoint[];
  /** Whether `flat(s)` holds a ready endpoint; `selected` is `selectedPods(s)`, already computed. */
  hasReadyEndpoint(s: SimService, selected: SimPod[]): boolean;
  selectedPods(s: SimService): SimPod[];
  resolve(name: string, type: DnsRecordType, fromNamespace: string): DnsResult;
}

/**
 * What a LocalCluster found: per Service, its allocation, endpoints and DNS answers, and the
 * problems found. `toString()` renders the table `cdk8s-services verify` prints.
 */
export class ClusterReport {
  /** One entry per Service, in manifest order. */
  public readonly services: ServiceReport[];
  /**
   * Problems found: every rule finding over the manifests (X1 no pod selected, X3 a named
   * port no pod serves, A10/A11/X5 refused allocations, ...) plus E3 (pods selected, none ready).
   */
  public readonly findings: Finding[];
  /**
   * Findings the blamed objects' `cdk8s-services.io/ignore` annotations suppress, each with its
   * reason: not counted by `ok`.
   */
  public readonly suppressed: SuppressedFinding[];

  /**
   * A report of these Services and findings.
   * @param suppressed findings an ignore annotation suppresses
   */
  constructor(services: ServiceReport[], findings: Finding[], suppressed: SuppressedFinding[] = []) {
    this.services = services;
    this.findings = findings;
    this.suppressed = suppressed;
  }

  /** True when no finding is an error (suppressed findings are not counted). */
  public get ok(): boolean {
    return !this.findings.some((f) => f.severity === Severity.ERROR);
  }

  /** The routing table and the findings, as text a person reads. */
  public toTable(): string {
    const lines: string[] = [];
    for (const r of this.services) {
      const s = r.service;
      const portsText = s.ports.map((p) => `${p.port ?? '?'}${p.nodePort !== undefined ? `:${p.nodePort}` : ''}/${p.protocol}`).join(',') || '<none>';
      const ip = s.accepted ? (s.clusterIps.length > 0 ? s.clusterIps.join(',') : '<none>') : 'REFUSED'; // dual-stack: one per family
      lines.push(`${s.namespace}/${s.name}  ${s.type}  cluster-ip ${ip}  external ${s.externalDisplay}  ports ${portsText}`);
      if (!s.accepted) {
        lines.push(`  refused by the API server: ${s.rejection}`);
        continue;
      }
      for (const p of r.ports) {
        const head = `  ${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol} -> ${p.targetPort}${p.nodePort !== undefined ? ` (nodePort ${p.nodePort})` : ''}`;
        lines.push(`${head}: ${p.endpoints.length > 0 ? p.endpoints.map((e, i) => `${e} ${p.pods[i]}`).join(', ') : 'no endpoints'}`);
      }
      if (r.notReadyEndpoints > 0) lines.push(`  not ready: ${r.notReadyEndpoints} endpoint(s)`);
      for (const d of r.dns) lines.push(`  dns ${d}`);
    }
    if (this.findings.length > 0) {
      lines.push('');
      for (const f of this.findings) lines.push(formatFinding(f));
    }
    return lines.join('\n');
  }

  /** Same as `toTable()`. */
  public toString(): string {
    return this.toTable();
  }
}

function finding(
  s: SimService, rule: string, category: RuleCategory, severity: Severity, field: string, value: unknown, message: string, fix: string,
): Finding {
  const src = s.model.source ?? {};
  const f: any = { rule, ruleName: ruleNameOf(rule), category, severity, objectRef: s.model.ref, field, message, fix };
  const v = renderValue(value);
  if (v !== undefined) f.value = v;
  if (src.file !== undefined) f.file = src.file;
  if (src.line !== undefined) f.line = src.line;
  const at = fieldLine(s.model.raw, field);
  if (at !== undefined) f.fieldLine = at;
  if (src.constructPath !== undefined) f.constructPath = src.constructPath;
  return f as Finding;
}

/** Builds the report of a cluster: the per-Service reports and the findings. */
export function buildReport(src: ReportSource): ClusterReport {
  const own = reportFindings(src);
  return new ClusterReport(serviceReports(src), [...src.ruleFindings, ...own.findings], [...(src.ruleSuppressed ?? []), ...own.suppressed]);
}

/**
 * What only the simulation finds (a refusal the rules do not explain, E3 no ready endpoint, P1,
 * P2), split by the blamed objects' ignore annotations. `verify` reads only these unless it
 * prints the table, so they are computed without the per-Service reports.
 */
export function reportFindings(src: ReportSource): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const findings: Finding[] = [];
  // The Services the rules already refuse with an error (A10, A11, A12, X5...).
  let ruleRefused: Set<string> | undefined;
  for (const s of src.sim) {
    const m = s.model;
    if (!s.accepted) {
      // The rules (A10, A11, A12, X5) report refusals; add one only where the cluster knows more
      // than the rules (e.g. kube-dns holding the tenth address of a kubeadm/kind service CIDR).
      ruleRefused ??= new Set(src.ruleFindings.filter((f) => f.severity === Severity.ERROR).map((f) => f.objectRef));
      if (!ruleRefused.has(m.ref)) {
        findings.push(finding(s, s.rejectionRule ?? 'A10', RuleCategory.API_SERVER, Severity.ERROR, s.rejectionField ?? 'spec', undefined,
          `the cluster refuses to create this Service: ${s.rejection}`,
          s.rejectionFix ?? 'leave the field out to let Kubernetes allocate a free value, or pick one no other Service uses'));
      }
      continue;
    }
    if (m.type === 'ExternalName' || !m.selector) continue; // E1: no endpoints from this controller
    const pods = src.selectedPods(s);
    if (pods.length > 0 && !src.hasReadyEndpoint(s, pods)) {
      findings.push(finding(s, NO_READY_ENDPOINTS.id, NO_READY_ENDPOINTS.category, NO_READY_ENDPOINTS.severity, 'spec.selector', m.selector,
        `${pods.length} pod(s) are selected but none is ready (or they are terminating): the Service has no ready endpoints`,
        'check the pods\' readiness, or set publishNotReadyAddresses for peer discovery'));
    }
  }
  // The simulation's own findings (E3, a refusal the rules do not explain) obey the Services' ignore annotations too.
  return splitSuppressedFindings([...findings, ...(src.workloadFindings ?? [])], [...src.sim.map((s) => s.model), ...(src.workloads ?? [])]);
}

/** Per Service, in manifest order: its allocation, the endpoints of each port, and its DNS answers. */
export function serviceReports(src: ReportSource): ServiceReport[] {
  const reports: ServiceReport[] = [];
  for (const s of src.sim) {
    const info = src.info(s);
    const m = s.model;
    if (!s.accepted) {
      reports.push({ service: info, ports: [], dns: [], readyEndpoints: 0, notReadyEndpoints: 0 });
      continue;
    }
    const flat = src.flat(s);
    const ready = flat.filter((e) => e.ready);
    const ports: PortReport[] = (Array.isArray(m.spec.ports) ? m.spec.ports : []).map((p, i) => {
      const name = asText(p?.name ?? '');
      const serving = ready.filter((e) => e.ports[name] !== undefined);
      const out: any = {
        name,
        port: p?.port,
        protocol: asText(p?.protocol ?? 'TCP'),
        targetPort: asText(p?.targetPort ?? p?.port),
        endpoints: serving.map((e) => `${e.ip.includes(':') ? `[${e.ip}]` : e.ip}:${e.ports[name]}`), // IPv6 as [addr]:port
        pods: serving.map((e) => e.podName),
      };
      if (s.nodePorts[i] !== undefined) out.nodePort = s.nodePorts[i];
      return out as PortReport;
    });

    // DNS, as nslookup from the Service's own namespace would show it.
    const dns: string[] = [];
    const a = src.resolve(info.dnsName + '.', DnsRecordType.A, m.namespace);
    // A dual-stack or IPv6 Service answers AAAA too (D2).
    const aaaa = info.clusterIps.some((ip) => ip.includes(':')) ? src.resolve(info.dnsName + '.', DnsRecordType.AAAA, m.namespace).answers : [];
    if (a.answers.length === 0 && aaaa.length === 0) dns.push(`${info.dnsName} ${a.rcode}`);
    for (const ans of [...a.answers, ...aaaa]) dns.push(`${ans.name} ${ans.type} ${ans.value}`);
    if (m.type !== 'ExternalName') {
      // D3: SRV per named port, as `_name._proto.<service>`.
      for (const p of ports.filter((x) => x.name !== '')) {
        const srv = src.resolve(`_${p.name}._${p.protocol.toLowerCase()}.${info.dnsName}.`, DnsRecordType.SRV, m.namespace);
        for (const ans of srv.answers) dns.push(`${ans.name} SRV ${ans.priority} ${ans.weight} ${ans.port} ${ans.value}`);
      }
    }
    reports.push({ service: info, ports, dns, readyEndpoints: ready.length, notReadyEndpoints: flat.length - ready.length });
  }
  return reports;
}
