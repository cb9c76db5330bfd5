// README.md of the emitted folder: how to run it, what each check means, which runner to pick.
import { CheckSpec, HarnessExpectations } from './expectations';
import { nodePortMappings, unpinnedNodePorts } from './kind-config';
import { printable } from './names';

const KIND_MEANING: Record<string, string> = {
  'dns-a': 'probe: `nslookup` of the Service FQDN returns exactly the live Service\'s ClusterIP (D2).',
  'dns-headless': 'probe: the headless Service FQDN returns one A record per ready pod; none ready means NXDOMAIN (D4).',
  'dns-cname': 'probe: the ExternalName Service FQDN is a CNAME to `spec.externalName` (D5).',
  'endpointslices': 'run.sh: the EndpointSlices labelled `kubernetes.io/service-name` hold the predicted number of ready endpoints and ports (E1-E5).',
  'tcp-name': 'probe: `nc -z <service>.<namespace> <port>` (the DNS search path, D1) is open, or closed when no pod is ready (K4).',
  'tcp-ip': 'probe: `nc -z <ClusterIP> <port>` with the live ClusterIP, as above (K4).',
  'tcp-pod': 'probe: a headless Service is not proxied (K1); its name reaches a ready pod at the pod port.',
  'tcp-client': 'client probe: a Job in a client workload\'s namespace, with its pod labels (and a readiness probe that never passes, so it is never an endpoint), runs `nc -z <service>.<namespace> <port>`: open where the app\'s NetworkPolicies allow the workload\'s pods to connect, closed (timed out) where they drop it.',
  'http': 'probe: `wget http://<service>.<namespace>:<port>/` gets an HTTP status line (any code: routing is tested, not the app).',
  'nodeport-node': 'probe: the probe\'s own node IP at the live nodePort is open: every node listens (K5).',
  'nodeport-host': 'run.sh: `127.0.0.1:<nodePort>` on the host, mapped by kind `extraPortMappings`, answers (K5). In `--kind` mode only an HTTP port (checked with curl) is checked: Docker\'s port forwarder accepts every connection to a mapped port, so a bare TCP connect proves nothing and is SKIPped (the probes check every nodePort on the nodes). With `--context` and `--node-address`, every pinned port is checked. Skipped for nodePorts not pinned in the manifests and for `externalTrafficPolicy: Local` (K6).',
};

function row(c: CheckSpec): string {
  return `| \`${code(c.id)}\` | ${c.site} | \`${code(c.expected)}\` | ${c.description.replace(/\|/g, '\\|')} |`;
}

/** Text from the manifests as Markdown text: control and bidi characters escaped, Markdown and HTML characters backslash-escaped. */
export function md(s: unknown): string {
  return printable(s).replace(/[\\`*_{}[\]()<>#+!|~&]/g, (c) => `\\${c}`);
}

/** Text from the manifests inside a Markdown code span: no backtick to end it, '|' escaped for tables. */
function code(s: unknown): string {
  return printable(s).replace(/`/g, "'").replace(/\|/g, '\\|');
}

/** What the harness does not check, per Service, and why. */
export function notChecked(x: HarnessExpectations): string[] {
  const out: string[] = [];
  for (const u of unpinnedNodePorts(x)) out.push(`${u}: nodePort not pinned in the manifest, so kind cannot map it to the host (it is still checked from a probe on its node).`);
  for (const s of x.services) {
    const at = md(`${s.namespace}/${s.name}`);
    if (s.type === 'LoadBalancer') out.push(`${at}: the load balancer address (kind has no LB controller, so it stays \`<pending>\`, K9; run cloud-provider-kind or MetalLB to test it). Its ClusterIP and nodePorts are checked.`);
    if (s.type === 'ExternalName') out.push(`${at}: connections (the target is outside the cluster); only the CNAME is checked.`);
    if (s.internalTrafficPolicy === 'Local' && !s.headless && s.type !== 'ExternalName') out.push(`${at}: ClusterIP connections (internalTrafficPolicy Local answers only from nodes that run a pod of the Service, K4).`);
    for (const p of s.ports.filter((q) => q.protocol !== 'TCP')) out.push(`${at} port ${p.port}/${md(p.protocol)}: ${md(p.protocol)} has no handshake for \`nc -z\` to observe; its EndpointSlice ports are checked.`);
    for (const p of s.ports.filter((q) => q.protocol === 'TCP' && q.name.toLowerCase().includes('https'))) out.push(`${at} port ${p.port}: HTTPS is connected to, not spoken (the probe image has no TLS client).`);
  }
  for (const r of x.refused) out.push(`${md(r.namespace)}/${md(r.name)}: the API server refuses this Service (${md(r.reason)}), so it has no endpoints, DNS name or ports to check. It is kept out of manifests.k8s.yaml and applied alone from ${r.file}, after the rest; the check \`${code(r.namespace)}/Service/${code(r.name)}/refused\` passes when the API server refuses it.`);
  return out;
}

/** The README text. */
export function readme(x: HarnessExpectations, options: { image: string; chainsaw: boolean }): string {
  const checks = [...x.services.flatMap((s) => s.checks), ...x.clients.flatMap((c) => c.checks)];
  const mappings = nodePortMappings(x);
  const kinds = [...new Set(checks.map((c) => c.kind))];
  const lines: string[] = [
    '# Real-cluster harness (generated by cdk8s-services)',
    '',
    'The checks below prove, on a real cluster, what the in-process simulation (`LocalCluster`)',
    'predicted for these manifests: EndpointSlices, DNS answers and routing for every Service.',
    'Regenerate this folder rather than edit it.',
    '',
    '## Run it',
    '',
    '```sh',
    'bash run.sh                        # creates a kind cluster from kind.yaml, checks, deletes it',
    'bash run.sh --keep                 # ... and leaves the cluster running (kubectl --context kind-' + x.clusterName + ')',
    'bash run.sh --context my-cluster   # uses an existing cluster; deletes only what it created',
    'bash run.sh --junit results.xml    # also writes the PASS/FAIL table as JUnit XML for CI',
    '```',
    '',
    'It applies `manifests.k8s.yaml`, waits for the workloads, compares the EndpointSlices with',
    '`expectations.json`, runs one probe Job per Service (namespace `' + x.harnessNamespace + '`, image `' + options.image + '`),',
    'checks the pinned nodePorts from the host, applies each Service the simulation refused',
    '(`refused-N.k8s.yaml`) and checks the API server refuses it too, prints a PASS/FAIL table and',
    'exits 1 if any check fails.',
    '',
    'Needs: bash (3.2 or later), kubectl; for the default `--kind` mode also [kind](https://kind.sigs.k8s.io/)',
    'and a running Docker engine. Optional: `curl` for the host checks of HTTP nodePorts, `nc` for the',
    'others with `--context` (bash\'s `/dev/tcp` otherwise), `jq` (kubectl `-o jsonpath` otherwise). With `--context`, pass `--node-address IP`',
    'to check nodePorts at a node address the host can reach; otherwise those checks are skipped.',
    '',
    '## Files',
    '',
    '| file | what it is |',
    '|---|---|',
    `| \`kind.yaml\` | kind Cluster: ${x.nodes.length} node(s) that run pods, as simulated; ${mappings.length} nodePort(s) mapped to 127.0.0.1 (containerPort = hostPort = nodePort) |`,
    '| `manifests.k8s.yaml` | the app\'s manifests (namespaces made explicit, Namespaces first, Node objects left out, refused Services left out) |',
    '| `probes.k8s.yaml` | the harness Namespace and the probe Jobs (backoffLimit 0, non-root, read-only root filesystem) |',
    '| `expectations.json` | what the simulation predicted: per Service ports, endpoints, DNS answers, nodePorts, and every check |',
    '| `run.sh` | the runner (the same file in every harness) |',
    '| `run-data.sh` | this app\'s checks as bash arrays, which `run.sh` sources |',
  ];
  if (x.refused.length > 0) lines.push('| `refused-N.k8s.yaml` | each Service the simulation refused, alone: applied after the rest, it must be refused |');
  if (options.chainsaw) lines.push('| `chainsaw-test.yaml` | the same checks as a Kyverno chainsaw Test (no host checks) |');
  lines.push(
    '',
    '## run.sh or chainsaw?',
    '',
    'Pick `run.sh` to check on a laptop or in CI with nothing but kind and kubectl: it creates and',
    'deletes the cluster, checks nodePorts from the host and prints one table.',
  );
  if (options.chainsaw) {
    lines.push(
      'Pick `chainsaw-test.yaml` if your end-to-end tests already run under [chainsaw](https://kyverno.github.io/chainsaw/):',
      'create the cluster yourself (`kind create cluster --config kind.yaml`), then `chainsaw test --test-dir .`.',
      'It asserts the workloads, the EndpointSlices and the probe Jobs declaratively; host nodePort checks are run.sh only.',
    );
  } else {
    lines.push('A declarative Kyverno chainsaw Test of the same checks is emitted with `--chainsaw`.');
  }
  lines.push(
    '',
    '## What each check means',
    '',
    'Probe Jobs print one line per check: `CHECK <id> expected=<value> seen=<value> PASS|FAIL`;',
    'each is retried for a few seconds before it fails. `$SVC_<n>_...` values are read from the live',
    'cluster by run.sh (ClusterIPs and unpinned nodePorts differ from the simulation\'s).',
    '',
    ...kinds.map((k) => `- \`${k}\`: ${KIND_MEANING[k]}`),
    '',
    `### The ${checks.length} checks`,
    '',
    '| check | where | expected | why |',
    '|---|---|---|---|',
    ...checks.map(row),
  );
  const gaps = notChecked(x);
  if (gaps.length > 0) lines.push('', '## Not checked', '', ...gaps.map((g) => `- ${g}`));
  lines.push('');
  return lines.join('\n');
}
