// The verify report: per Service, what `kubectl get svc,endpointslices` and `nslookup` would
// show on a live cluster, plus the problems the simulation finds.
import { Finding, formatFinding, renderValue, RuleCategory, Severity } from '../model/findings';
import { SimService } from './allocation';
import { ServiceEndpointObjects } from './endpoints';
import { SimPod } from './placement';
import { DnsRecordType, DnsResult, PortReport, ServiceEndpoint, ServiceInfo, ServiceReport } from './types';

/** What the report reads from a LocalCluster. */
export interface ReportSource {
  sim: SimService[];
  info(s: SimService): ServiceInfo;
  objects(s: SimService): ServiceEndpointObjects;
  flat(s: SimService): ServiceEndpoint[];
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
  /** Problems found: no endpoints (E1, E3), a port no pod serves (E4), refused allocations (A10, A11). */
  public readonly findings: Finding[];

  /** A report of these Services and findings. */
  constructor(services: ServiceReport[], findings: Finding[]) {
    this.services = services;
    this.findings = findings;
  }

  /** True when no finding is an error. */
  public get ok(): boolean {
    return !this.findings.some((f) => f.severity === Severity.ERROR);
  }

  /** The routing table and the findings, as text a person reads. */
  public toTable(): string {
    const lines: string[] = [];
    for (const r of this.services) {
      const s = r.service;
      const portsText = s.ports.map((p) => `${p.port}${p.nodePort !== undefined ? `:${p.nodePort}` : ''}/${p.protocol}`).join(',') || '<none>';
      const ip = s.accepted ? (s.clusterIp ?? '<none>') : 'REFUSED';
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

function finding(s: SimService, rule: string, category: RuleCategory, severity: Severity, field: string, value: unknown, message: string, fix: string): Finding {
  const src = s.model.source ?? {};
  const f: any = { rule, category, severity, object: s.model.ref, field, message, fix };
  const v = renderValue(value);
  if (v !== undefined) f.value = v;
  if (src.file !== undefined) f.file = src.file;
  if (src.line !== undefined) f.line = src.line;
  if (src.constructPath !== undefined) f.constructPath = src.constructPath;
  return f as Finding;
}

/** Does any container of the pod declare this port number and protocol? */
function declares(pod: SimPod, port: number, protocol: string): boolean {
  const list = (v: any): any[] => (Array.isArray(v) ? v : []);
  const containers = [...list(pod.spec?.containers), ...list(pod.spec?.initContainers).filter((c: any) => c?.restartPolicy === 'Always')];
  return containers.some((c: any) => list(c?.ports).some((p: any) => p?.containerPort === port && (p?.protocol || 'TCP') === protocol));
}

function declaresAny(pod: SimPod): boolean {
  return (Array.isArray(pod.spec?.containers) ? pod.spec.containers : []).some((c: any) => Array.isArray(c?.ports) && c.ports.length > 0);
}

/** Builds the report of a cluster. */
export function buildReport(src: ReportSource): ClusterReport {
  const reports: ServiceReport[] = [];
  const findings: Finding[] = [];
  for (const s of src.sim) {
    const info = src.info(s);
    const m = s.model;
    if (!s.accepted) {
      findings.push(finding(s, s.rejectionRule ?? 'A10', RuleCategory.API_SERVER, Severity.ERROR, s.rejectionField ?? 'spec', undefined,
        `the API server refuses to create this Service: ${s.rejection}`,
        'leave the field out to let Kubernetes allocate a free value, or pick one no other Service uses'));
      reports.push({ service: info, ports: [], dns: [], readyEndpoints: 0, notReadyEndpoints: 0 });
      continue;
    }
    const flat = src.flat(s);
    const ready = flat.filter((e) => e.ready);
    const ports: PortReport[] = (Array.isArray(m.spec.ports) ? m.spec.ports : []).map((p: any, i: number) => {
      const name = String(p?.name ?? '');
      const serving = ready.filter((e) => e.ports[name] !== undefined);
      const out: any = {
        name, port: p?.port, protocol: String(p?.protocol ?? 'TCP'), targetPort: String(p?.targetPort ?? p?.port),
        endpoints: serving.map((e) => `${e.ip}:${e.ports[name]}`), pods: serving.map((e) => e.podName),
      };
      if (s.nodePorts[i] !== undefined) out.nodePort = s.nodePorts[i];
      return out as PortReport;
    });

    // DNS, as nslookup from the Service's own namespace would show it.
    const dns: string[] = [];
    const a = src.resolve(info.dnsName + '.', DnsRecordType.A, m.namespace);
    if (a.answers.length === 0) dns.push(`${info.dnsName} ${a.rcode}`);
    for (const ans of a.answers) dns.push(`${ans.name} ${ans.type} ${ans.value}`);
    if (m.type !== 'ExternalName') {
      // D3: SRV per named port, as `_name._proto.<service>`.
      for (const p of ports.filter((x) => x.name !== '')) {
        const srv = src.resolve(`_${p.name}._${p.protocol.toLowerCase()}.${info.dnsName}.`, DnsRecordType.SRV, m.namespace);
        for (const ans of srv.answers) dns.push(`${ans.name} SRV ${ans.priority} ${ans.weight} ${ans.port} ${ans.value}`);
      }
    }
    reports.push({ service: info, ports, dns, readyEndpoints: ready.length, notReadyEndpoints: flat.length - ready.length });

    if (m.type === 'ExternalName') {
      if (a.rcode === 'NXDOMAIN') {
        findings.push(finding(s, 'D5', RuleCategory.CROSS_OBJECT, Severity.WARNING, 'spec.externalName', m.spec.externalName,
          'cluster DNS answers NXDOMAIN for this ExternalName Service: CoreDNS returns a CNAME only for a host name, never for an IP address',
          'put a DNS name in externalName, or use a selector-less Service with an EndpointSlice for an IP'));
      }
      continue;
    }
    if (!m.selector) continue; // E1: endpoints come from elsewhere
    const pods = src.selectedPods(s);
    if (pods.length === 0) {
      findings.push(finding(s, 'E1', RuleCategory.CROSS_OBJECT, Severity.WARNING, 'spec.selector', m.selector,
        `the selector matches no pod in namespace ${m.namespace}: the Service has no endpoints and connections to it are refused (K4)`,
        'make the selector equal to the pod template labels of the workload in the same namespace'));
      continue;
    }
    if (ready.length === 0) {
      findings.push(finding(s, 'E3', RuleCategory.CROSS_OBJECT, Severity.WARNING, 'spec.selector', m.selector,
        `${pods.length} pod(s) are selected but none is ready (or they are terminating): the Service has no ready endpoints`,
        'check the pods\' readiness, or set publishNotReadyAddresses for peer discovery'));
    }
    (Array.isArray(m.spec.ports) ? m.spec.ports : []).forEach((p: any, i: number) => {
      const name = p?.name ?? '';
      const resolvedBy = flat.filter((e) => e.ports[name] !== undefined).length;
      const placed = flat.length;
      if (typeof p?.targetPort === 'string' && placed > 0 && resolvedBy === 0) {
        findings.push(finding(s, 'E4', RuleCategory.CROSS_OBJECT, Severity.ERROR, `spec.ports[${i}].targetPort`, p.targetPort,
          `no selected pod has a container port named "${p.targetPort}" with protocol ${p.protocol ?? 'TCP'}: the port gets no endpoints and connections are refused`,
          `name a container port "${p.targetPort}" (protocol ${p.protocol ?? 'TCP'}) in the pod template, or use a port number`));
      } else if (typeof p?.targetPort === 'number' && pods.some(declaresAny) && !pods.some((pod) => declares(pod, p.targetPort, p.protocol ?? 'TCP'))) {
        findings.push(finding(s, 'E4', RuleCategory.CROSS_OBJECT, Severity.WARNING, `spec.ports[${i}].targetPort`, p.targetPort,
          `no selected container declares containerPort ${p.targetPort}/${p.protocol ?? 'TCP'}: traffic is sent there anyway, so the pods must listen on it`,
          'set targetPort to the containerPort the pods listen on'));
      }
    });
  }
  return new ClusterReport(reports, findings);
}
