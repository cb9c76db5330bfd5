// probes.k8s.yaml: the harness Namespace and one probe Job per Service that checks, from inside
// the cluster, what the simulation predicted: DNS answers (D2, D4, D5), a TCP connect to every
// port by name and by ClusterIP (K4), HTTP where the port says http, the nodePort on the probe's
// own node (K5). Each check prints one line: `CHECK <id> expected=<v> seen=<v> PASS|FAIL`.
import { CheckSpec, ClientProbe, HarnessExpectations, runtimeVar, ServiceExpectation } from './expectations';
import { HarnessInputError, printable } from './names';

/** The label every harness object carries (run.sh and chainsaw select probe pods by it). */
export const PROBE_LABELS = { 'app.kubernetes.io/name': 'cdk8s-services-probe', 'app.kubernetes.io/managed-by': 'cdk8s-services' };

/** The ConfigMap run.sh fills with the live ClusterIPs and nodePorts before the probes start. */
export const RUNTIME_CONFIGMAP = 'cdk8s-services-runtime';

/** The probe image: a small public image with nslookup, nc and wget. */
export const DEFAULT_PROBE_IMAGE = 'busybox:1.36';

/** Options of the probe Jobs. */
export interface ProbeOptions {
  image: string;
  /** Seconds one probe Job may run (activeDeadlineSeconds). */
  deadlineSeconds?: number;
}

/** The shell functions every probe script shares (POSIX sh, busybox applets only). */
const PROBE_LIBRARY = `fails=0
report() {
  if [ "$3" = "$2" ]; then r=PASS; else r=FAIL; fails=$((fails + 1)); fi
  echo "CHECK $1 expected=$2 seen=$3 $r"
}
attempt() {
  id=$1; want=$2; shift 2; n=0
  while :; do
    got=$("$@"); [ -n "$got" ] || got=none
    [ "$got" = "$want" ] && break
    n=$((n + 1)); [ "$n" -ge 5 ] && break
    sleep 2
  done
  report "$id" "$want" "$got"
}
addresses() { nslookup -type="$2" "$1" 2>/dev/null | awk '/^Name:/{n=1} n && /^Address/{print $NF}' | sort | tr '\\n' ',' | sed 's/,$//'; }
records() { echo "$(nslookup -type="$2" "$1" 2>/dev/null | awk '/^Name:/{n=1} n && /^Address/{c++} END{print c+0}')-records"; }
cname() { nslookup -type=cname "$1" 2>/dev/null | awk '/canonical name/{print $NF; exit}' | sed 's/\\.$//'; }
tcp() { if nc -z -w 3 "$1" "$2" >/dev/null 2>&1; then echo open; else echo closed; fi; }
http() { if wget -S -O /dev/null -T 5 "http://$1:$2/" 2>&1 | grep -q 'HTTP/'; then echo http; else echo no-http; fi; }
`;

/** A DNS-1123 label of at most 63 characters. */
export function dnsLabel(text: string): string {
  const s = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+/, '');
  return s.slice(0, 63).replace(/-+$/, '') || 'x';
}

/** The name of Service `e`'s probe Job. */
export function probeJobName(e: ServiceExpectation): string {
  return dnsLabel(`probe-${e.index}-${e.name}`);
}

/** The sh line that runs one probe check. */
function probeLine(e: ServiceExpectation, c: CheckSpec): string {
  // Every word below lands in the Job's `sh -c` text: only DNS-name, IP and id characters, never
  // a quote, '$', '`', ';', a space or a newline (the names were validated; this is the backstop).
  for (const word of [e.name, e.namespace, e.dnsName, c.id, String(c.expected).replace(/^\$SVC_\d+_[A-Z0-9_]+$/, ''), String(c.port ?? '')]) {
    if (!/^[A-Za-z0-9._:\/=-]*$/.test(word) || word.startsWith('-')) {
      throw new HarnessInputError(`Service ${printable(e.namespace)}/${printable(e.name)}: "${printable(word)}" cannot be passed to the probe script safely `
        + '(only letters, digits and . - : / =); fix the name, spec.externalName or the clusterDomain');
    }
  }
  const name = `${e.name}.${e.namespace}`;
  const fqdn = `${e.dnsName}.`;
  const ipVar = `\${${runtimeVar(e.index, 'CLUSTER_IP')}:-unknown}`;
  const rtype = e.dns.type.toLowerCase();
  switch (c.kind) {
    case 'dns-a': return `attempt ${c.id} "${ipVar}" addresses ${fqdn} ${rtype}`;
    case 'dns-headless': return `attempt ${c.id} ${c.expected} records ${fqdn} ${rtype}`;
    case 'dns-cname': return `attempt ${c.id} ${c.expected} cname ${fqdn}`;
    case 'tcp-name': return `attempt ${c.id} ${c.expected} tcp ${name} ${c.port}`;
    case 'tcp-ip': return `attempt ${c.id} ${c.expected} tcp "${ipVar}" ${c.port}`;
    case 'tcp-pod': return `attempt ${c.id} ${c.expected} tcp ${name} ${c.port}`;
    case 'http': return `attempt ${c.id} ${c.expected} http ${name} ${c.port}`;
    case 'nodeport-node': return `attempt ${c.id} ${c.expected} tcp "$HOST_IP" "\${${runtimeVar(e.index, `NODE_PORT_${c.port}`)}:-0}"`;
    default: throw new Error(`check ${c.id} (${c.kind}) does not run in a probe`);
  }
}

/** The sh line of a client probe's check: `nc -z` to the Service name from the client's namespace. */
function clientLine(p: ClientProbe, c: CheckSpec): string {
  for (const word of [c.id, c.expected, c.target ?? '', String(c.port ?? '')]) {
    if (!/^[A-Za-z0-9._:\/=-]*$/.test(word) || word.startsWith('-') || word === '') {
      throw new HarnessInputError(`client probe of ${printable(p.workload)}: "${printable(word)}" cannot be passed to the probe script safely (only letters, digits and . - : / =)`);
    }
  }
  return `attempt ${c.id} ${c.expected} tcp ${c.target} ${c.port}`;
}

/** The probe script of one client probe: its checks, then exit 1 when any failed. */
export function clientProbeScript(p: ClientProbe): string {
  return `${PROBE_LIBRARY}${p.checks.map((c) => clientLine(p, c)).join('\n')}\n[ "$fails" -eq 0 ]\n`;
}

/** The probe script of one Service: its checks, then exit 1 when any failed (the Job fails). */
export function probeScript(e: ServiceExpectation): string {
  const lines = e.checks.filter((c) => c.site === 'probe').map((c) => probeLine(e, c));
  return `${PROBE_LIBRARY}${lines.join('\n')}\n[ "$fails" -eq 0 ]\n`;
}

/** What differs between the probe Jobs of Services and of client workloads. */
interface ProbeJobSpec {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** How many checks the script runs (its deadline grows with them). */
  checks: number;
  pod: { labels: Record<string, string>; annotations?: Record<string, string> };
  script: string;
  /** Container fields after `command` (env, a readiness probe). */
  container: Record<string, unknown>;
}

/** A probe Job: non-root, read-only, no retries, a deadline per check. */
function probeJob(j: ProbeJobSpec, options: ProbeOptions): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: j.name, namespace: j.namespace, labels: j.labels, annotations: j.annotations },
    spec: {
      backoffLimit: 0,
      // Each check retries for up to ~25 s (5 tries, 3 s connect timeout, 2 s apart).
      activeDeadlineSeconds: options.deadlineSeconds ?? 60 + 30 * j.checks,
      template: {
        metadata: j.pod,
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: {
            runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [{
            name: 'probe',
            image: options.image,
            command: ['sh', '-c', j.script],
            ...j.container,
            resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          }],
        },
      },
    },
  };
}

/** The harness Namespace plus one probe Job per Service, in Service order. */
export function probeObjects(x: HarnessExpectations, options: ProbeOptions): any[] {
  const ns = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: x.harnessNamespace, labels: { ...PROBE_LABELS, 'pod-security.kubernetes.io/enforce': 'restricted' } },
  };
  const jobs = x.services.map((e) => {
    const labels = { ...PROBE_LABELS, 'cdk8s-services.io/probe': probeJobName(e) };
    return probeJob({
      name: probeJobName(e),
      namespace: x.harnessNamespace,
      labels,
      annotations: { 'cdk8s-services.io/service': `${e.namespace}/${e.name}` },
      checks: e.checks.filter((c) => c.site === 'probe').length,
      pod: { labels },
      script: probeScript(e),
      container: {
        env: [{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }],
        envFrom: [{ configMapRef: { name: RUNTIME_CONFIGMAP, optional: true } }],
      },
    }, options);
  });
  // Client probes (issue 16): in the workload's namespace, with its pod labels, so its egress
  // policies and the targets' ingress policies select the probe as they select its pods. Only
  // the harness's own probe key is added (never the app.kubernetes.io labels the workload may set),
  // and a readiness probe that never passes keeps the pod out of every Service's ready endpoints.
  const clients = x.clients.map((p) => probeJob({
    name: p.job,
    namespace: p.namespace,
    labels: { ...PROBE_LABELS, 'cdk8s-services.io/probe': p.job },
    annotations: { 'cdk8s-services.io/client': p.workload },
    checks: p.checks.length,
    pod: {
      labels: { ...p.labels, 'cdk8s-services.io/probe': p.job },
      // A mesh sidecar would keep the Job from completing, and answer for the pod.
      annotations: { 'sidecar.istio.io/inject': 'false', 'linkerd.io/inject': 'disabled' },
    },
    script: clientProbeScript(p),
    container: { readinessProbe: { exec: { command: ['false'] }, periodSeconds: 30, failureThreshold: 1 } },
  }, options));
  return [ns, ...jobs, ...clients];
}
