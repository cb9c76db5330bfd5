// run.sh end to end against a stand-in kubectl (fixtures/fake-kubectl) that answers as a live
// cluster running the seed app would: the flow, the PASS/FAIL table, the exit code, and that
// cleanup deletes only what run.sh created. What a real cluster does is checked on Docker only.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { seedHttpd } from './scenarios';
import { Harness } from '../../src/harness';

const FAKE = path.join(__dirname, 'fixtures', 'fake-kubectl');
const hasJq = spawnSync('jq', ['--version']).status === 0;
const withJq = hasJq ? test : test.skip;

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

interface Live {
  /** Ready endpoints per Service name. */
  ready?: Record<string, number>;
  /** Check ids whose probe line says FAIL. */
  probeFails?: string[];
  /** The app's objects existed before run.sh. */
  preexisting?: boolean;
  /** The host port answers. */
  hostOpen?: boolean;
  /** Check ids the probe logs leave out (a probe cut short). */
  probeMissing?: string[];
  /** kind clusters that already exist. */
  kindClusters?: string[];
  /** The API server refuses the refused-N.k8s.yaml files. */
  refuse?: boolean;
  /** Applying the refused-N.k8s.yaml files fails for lack of access (not a refusal of the object). */
  forbid?: boolean;
  /** The cluster does not answer (cluster-info fails). */
  down?: boolean;
}

function slices(ready: number): any {
  const endpoints = Array.from({ length: ready }, (_, i) => ({ addresses: [`10.244.1.${i + 2}`], conditions: { ready: true } }));
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [{ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4', endpoints, ports: [{ name: '', port: 80, protocol: 'TCP' }] }],
  };
}

/** Emits the seed harness, prepares the fake cluster's answers, runs run.sh and returns what happened. */
function run(args: string[], live: Live = {}, manifests: any[] = seedHttpd()) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-services-runsh-'));
  made.push(root);
  const out = path.join(root, 'harness');
  const state = path.join(root, 'state');
  const bin = path.join(root, 'bin');
  fs.mkdirSync(state);
  fs.mkdirSync(bin);
  const h = Harness.fromManifests(manifests);
  h.write(out);
  const x = JSON.parse(h.file('expectations.json')!);

  fs.copyFileSync(FAKE, path.join(bin, 'kubectl'));
  fs.chmodSync(path.join(bin, 'kubectl'), 0o755);
  const open = live.hostOpen === false ? 1 : 0;
  fs.writeFileSync(path.join(bin, 'nc'), `#!/bin/sh\nexit ${open}\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'curl'), `#!/bin/sh\necho "curl $*" >>"${state}/calls"\n${open === 0 ? 'printf 200' : 'printf 000; exit 7'}\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'sleep'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'docker'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'kind'), [
    '#!/bin/sh',
    `echo "kind $*" >>"${state}/calls"`,
    `if [ "$1 $2" = "get clusters" ]; then printf '%s\\n' ${(live.kindClusters ?? []).join(' ')}; fi`,
    '',
  ].join('\n'), { mode: 0o755 });

  fs.writeFileSync(path.join(state, 'objects.txt'), [
    'Deployment   httpd-namespace   httpd-deployments',
    'Service      httpd-namespace   httpd-service',
    'Service      httpd-namespace   httpd-nodeport',
  ].join('\n') + '\n');
  if (live.preexisting) fs.writeFileSync(path.join(state, 'preexisting'), '');
  if (live.refuse) fs.writeFileSync(path.join(state, 'refuse'), '');
  if (live.forbid) fs.writeFileSync(path.join(state, 'forbid'), '');
  if (live.down) fs.writeFileSync(path.join(state, 'down'), '');
  for (const s of x.services) {
    fs.writeFileSync(path.join(state, `${s.namespace}.${s.name}.slices.json`), JSON.stringify(slices(live.ready?.[s.name] ?? s.endpoints.ready)));
    fs.writeFileSync(path.join(state, `${s.namespace}.${s.name}.ports`), s.ports.map((p: any) => `${p.port} ${p.protocol} ${s.type === 'NodePort' ? p.nodePort : ''}`).join('\n') + '\n');
    const lines = s.checks.filter((c: any) => c.site === 'probe' && !live.probeMissing?.includes(c.id)).map((c: any) => {
      const expected = String(c.expected).replace(/^\$SVC_\d+_CLUSTER_IP$/, '10.96.0.50');
      const fail = live.probeFails?.includes(c.id);
      return `CHECK ${c.id} expected=${expected} seen=${fail ? 'closed' : expected} ${fail ? 'FAIL' : 'PASS'}`;
    });
    fs.writeFileSync(path.join(state, `probe-${s.index}-${s.name}.log`), `some other output\n${lines.join('\n')}\n`);
  }
  for (const c of x.clients) {
    const lines = c.checks.filter((k: any) => !live.probeMissing?.includes(k.id)).map((k: any) => {
      const fail = live.probeFails?.includes(k.id);
      return `CHECK ${k.id} expected=${k.expected} seen=${fail ? (k.expected === 'open' ? 'closed' : 'open') : k.expected} ${fail ? 'FAIL' : 'PASS'}`;
    });
    fs.writeFileSync(path.join(state, `${c.job}.log`), `${lines.join('\n')}\n`);
  }
  const r = spawnSync('bash', [path.join(out, 'run.sh'), ...args], {
    encoding: 'utf8',
    env: { PATH: `${bin}:${process.env.PATH}`, FAKE_DIR: state, HARNESS_SLICE_WAIT: '0', HARNESS_TIMEOUT: '5' },
  });
  const calls = fs.readFileSync(path.join(state, 'calls'), 'utf8').trim().split('\n');
  const rows = r.stdout.split('\n').filter((l) => /^(PASS|FAIL|SKIP) /.test(l)).map((l) => l.split(/\s+/).slice(0, 2).join(' '));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls, rows, expectations: x };
}

describe('run.sh against a stand-in cluster (--context)', () => {
  withJq('every check as predicted: a PASS row per check and workload, exit 0', () => {
    const r = run(['--context', 'fake', '--node-address', '127.0.0.1']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const ids = r.expectations.services.flatMap((s: any) => s.checks.map((c: any) => c.id));
    for (const id of ids) expect(r.rows).toContain(`PASS ${id}`);
    expect(r.rows).toContain('PASS httpd-namespace/Deployment/httpd-deployments/rollout');
    expect(r.rows).toContain('PASS cdk8s-services-harness/probe-0-httpd-service/job');
    expect(r.stdout).toContain(`${r.rows.length} passed, 0 failed, 0 skipped.`);
  });

  withJq('the probes get the live ClusterIPs and TCP nodePorts through the runtime ConfigMap', () => {
    const r = run(['--context', 'fake']);
    const create = r.calls.find((c) => c.includes('create configmap cdk8s-services-runtime'));
    expect(create).toContain('--from-literal=SVC_0_CLUSTER_IP=10.96.0.50');
    expect(create).toContain('--from-literal=SVC_1_NODE_PORT_80=30008');
    expect(create).not.toContain('SVC_0_NODE_PORT');
  });

  withJq('fewer ready endpoints than predicted: a FAIL row with both values and exit 1; the neighbour Service still passes', () => {
    const r = run(['--context', 'fake'], { ready: { 'httpd-service': 1 } });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL +httpd-namespace\/httpd-service\/endpointslices +ready=2 ports=\/80\/TCP +ready=1 ports=\/80\/TCP/);
    expect(r.rows).toContain('PASS httpd-namespace/httpd-nodeport/endpointslices');
    expect(r.stdout).toContain('Some checks failed');
  });

  withJq('a probe line saying FAIL fails the run', () => {
    const r = run(['--context', 'fake'], { probeFails: ['httpd-namespace/httpd-service/tcp-ip/80'] });
    expect(r.status).toBe(1);
    expect(r.rows).toContain('FAIL httpd-namespace/httpd-service/tcp-ip/80');
  });

  withJq('host nodePort check: skipped without --node-address in --context mode; closed port fails with it', () => {
    expect(run(['--context', 'fake']).rows).toContain('SKIP httpd-namespace/httpd-nodeport/nodeport-host/80');
    const closed = run(['--context', 'fake', '--node-address', '127.0.0.1'], { hostOpen: false });
    expect(closed.rows).toContain('FAIL httpd-namespace/httpd-nodeport/nodeport-host/80');
    expect(closed.status).toBe(1);
  });

  withJq('cleanup deletes the objects and namespaces run.sh created, newest first', () => {
    const r = run(['--context', 'fake']);
    const deletes = r.calls.filter((c) => / delete (?!jobs)/.test(c) && !c.includes('configmap'));
    expect(deletes.map((c) => c.replace(/^--context fake /, '').replace(/ --ignore-not-found --wait=false$/, ''))).toEqual([
      '--namespace=httpd-namespace delete Service httpd-nodeport',
      '--namespace=httpd-namespace delete Service httpd-service',
      '--namespace=httpd-namespace delete Deployment httpd-deployments',
      'delete namespace httpd-namespace',
      'delete namespace cdk8s-services-harness',
    ]);
  });

  withJq('objects that existed before are not deleted; --keep deletes nothing', () => {
    const before = run(['--context', 'fake'], { preexisting: true });
    expect(before.calls.filter((c) => / delete (Deployment|Service) /.test(c))).toEqual([]);
    const keep = run(['--context', 'fake', '--keep']);
    expect(keep.calls.filter((c) => / delete /.test(c) && !c.includes('delete jobs -l'))).toEqual([]);
    expect(keep.stdout).toContain('--keep: left everything in place (context fake).');
  });

  test('a context that does not exist, or a cluster that does not answer: one error, and no word of deleting (issue 14)', () => {
    const nosuch = run(['--context', 'nosuch']);
    expect(nosuch.status).not.toBe(0);
    expect(nosuch.stderr).toContain('there is no kubectl context "nosuch"');
    expect(nosuch.stdout).not.toContain('Deleting');
    expect(nosuch.calls.filter((c) => / delete /.test(c))).toEqual([]);
    const down = run(['--context', 'fake'], { down: true });
    expect(down.stderr).toContain('does not answer');
    expect(down.stdout).not.toContain('Deleting');
    expect(down.calls.filter((c) => / delete /.test(c))).toEqual([]);
    const kept = run(['--context', 'nosuch', '--keep']);
    expect(kept.stdout).not.toContain('left everything in place');
  });

  withJq('a check a probe never reported is a FAIL (no-output), not a silent gap', () => {
    const r = run(['--context', 'fake'], { probeMissing: ['httpd-namespace/httpd-service/tcp-name/80'] });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL +httpd-namespace\/httpd-service\/tcp-name\/80 +open +no-output/);
  });
});

describe('run.sh and the client probes (issue 16: NetworkPolicy judged as the app\'s own workloads)', () => {
  // The seed app plus a client Deployment that the backend's policy admits, and one it does not.
  const withPolicies = () => {
    const objects = seedHttpd();
    const ns = objects[0].metadata.namespace;
    const client = (name: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns },
      spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } } },
    });
    const httpdLabels = objects[0].spec.template.metadata.labels;
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'httpd-from-frontend', namespace: ns },
      spec: { podSelector: { matchLabels: httpdLabels }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }] }] },
    };
    return [...objects, client('frontend'), client('batch'), policy];
  };

  withJq('each client probe Job is waited for in its own namespace, and its checks are in the table', () => {
    const r = run(['--context', 'fake'], {}, withPolicies());
    const clients = r.expectations.clients;
    expect(clients.map((c: any) => c.workload)).toEqual(expect.arrayContaining(['Deployment/httpd-namespace/frontend', 'Deployment/httpd-namespace/batch']));
    for (const c of clients) {
      expect(r.calls).toContain(`--context fake --namespace=httpd-namespace get job ${c.job} -o jsonpath={range .status.conditions[?(@.status=="True")]}{.type} {end}`);
      expect(r.rows).toContain(`PASS httpd-namespace/${c.job}/job`);
      for (const k of c.checks) expect(r.rows).toContain(`PASS ${k.id}`);
    }
    expect(r.status).toBe(0);
  });

  withJq('a client probe that connects where the policy should drop it fails the run', () => {
    const x = run(['--context', 'fake'], {}, withPolicies()).expectations;
    const checks = x.clients.flatMap((c: any) => c.checks);
    // frontend is admitted; batch, and the backend's own pods (a hairpin through its Service), are not.
    expect(checks.filter((k: any) => k.expected === 'open').map((k: any) => k.id)).toEqual(['httpd-namespace/frontend/to/httpd-namespace/httpd-service/80', 'httpd-namespace/frontend/to/httpd-namespace/httpd-nodeport/80']);
    const blocked = checks.find((k: any) => k.id === 'httpd-namespace/batch/to/httpd-namespace/httpd-service/80');
    expect(blocked.expected).toBe('closed');
    const r = run(['--context', 'fake'], { probeFails: [blocked.id] }, withPolicies());
    expect(r.status).toBe(1);
    expect(r.rows).toContain(`FAIL ${blocked.id}`);
  });
});

describe('run.sh and a Service the simulation refused', () => {
  const withTwin = () => {
    const m = seedHttpd();
    return [...m, { ...m[2], metadata: { ...m[2].metadata, name: 'httpd-twin' } }];
  };

  withJq('applied alone after the rest: refused by the API server is a PASS, and the other checks still run', () => {
    const r = run(['--context', 'fake', '--node-address', '127.0.0.1'], { refuse: true }, withTwin());
    expect(r.status).toBe(0);
    expect(r.rows).toContain('PASS httpd-namespace/Service/httpd-twin/refused');
    expect(r.stdout).toContain('As predicted, the API server refused httpd-namespace/httpd-twin: The Service "x" is invalid: spec.ports[0].port: Invalid value: 70000 (fake API server)');
    expect(r.rows).toContain('PASS httpd-namespace/httpd-nodeport/endpointslices');
    const applies = r.calls.filter((c) => c.includes(' apply -f ') && !c.endsWith(' -'));
    expect(applies.map((c) => c.replace(/.*\//, ''))).toEqual(['manifests.k8s.yaml', 'refused-1.k8s.yaml', 'probes.k8s.yaml']);
  });

  withJq('an apply that fails for another reason (no access) is not taken as the refusal: FAIL', () => {
    const r = run(['--context', 'fake'], { forbid: true }, withTwin());
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+httpd-namespace\/Service\/httpd-twin\/refused\s+refused\s+apply-error/);
    expect(r.stderr).toContain('applying refused-1.k8s.yaml failed for another reason than a refusal of the Service: Error from server (Forbidden)');
  });

  withJq('created after all is a FAIL, and run.sh deletes what it created', () => {
    const r = run(['--context', 'fake'], {}, withTwin());
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+httpd-namespace\/Service\/httpd-twin\/refused\s+refused\s+created/);
    expect(r.calls).toContain('--context fake --namespace=httpd-namespace delete Service httpd-twin --ignore-not-found --wait=false');
  });
});

describe('run.sh --kind against stand-ins for kind and kubectl', () => {
  withJq('creates the cluster from kind.yaml, uses its context, and deletes it at the end', () => {
    const r = run(['--kind', '--node-address', '10.0.0.1']);
    expect(r.status).toBe(0);
    const kind = r.calls.filter((c) => c.startsWith('kind '));
    expect(kind[0]).toBe('kind get clusters');
    expect(kind[1]).toMatch(/^kind create cluster --name cdk8s-services --config \S+\/harness\/kind\.yaml --wait 5s$/);
    expect(kind.at(-1)).toBe('kind delete cluster --name cdk8s-services');
    expect(r.calls.filter((c) => !c.startsWith('kind ') && !c.startsWith('curl ')).every((c) => c.startsWith('--context kind-cdk8s-services '))).toBe(true);
    // Docker's port forwarder accepts every connection to a mapped port: a port that speaks no
    // HTTP cannot be told open from closed from the host, so it is skipped, not passed.
    expect(r.rows).toContain('SKIP httpd-namespace/httpd-nodeport/nodeport-host/80');
    expect(r.stdout).toMatch(/SKIP\s+httpd-namespace\/httpd-nodeport\/nodeport-host\/80\s+open\s+no-http-check-through-docker/);
  });

  withJq('an HTTP nodePort is checked from the host by its answer, at 127.0.0.1 whatever --node-address says', () => {
    const manifests = seedHttpd();
    manifests[2].spec.ports[0].name = 'http';
    const r = run(['--kind', '--node-address', '10.0.0.1'], {}, manifests);
    expect(r.rows).toContain('PASS httpd-namespace/httpd-nodeport/nodeport-host/80');
    expect(r.calls).toContain('curl -s -o /dev/null -m 5 -w %{http_code} http://127.0.0.1:30008/');
    const closed = run(['--kind'], { hostOpen: false }, manifests);
    expect(closed.rows).toContain('FAIL httpd-namespace/httpd-nodeport/nodeport-host/80');
  });

  withJq('reuses an existing kind cluster of that name and does not delete it', () => {
    const r = run([], { kindClusters: ['cdk8s-services'] });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Reusing the kind cluster cdk8s-services');
    expect(r.calls.filter((c) => c.startsWith('kind ') && c !== 'kind get clusters')).toEqual([]);
  });

  withJq('--keep leaves the created cluster running', () => {
    const r = run(['--keep']);
    expect(r.calls).toContain('kind get clusters');
    expect(r.calls.filter((c) => c.startsWith('kind delete'))).toEqual([]);
  });
});


describe('run.sh --junit FILE', () => {
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testcase' });
  const junit = (file: string) => {
    const text = fs.readFileSync(file, 'utf8');
    expect(XMLValidator.validate(text)).toBe(true);
    return xml.parse(text).testsuites;
  };
  const target = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-services-junit-'));
    made.push(dir);
    return path.join(dir, 'run.xml');
  };

  withJq('writes the table as JUnit XML: a case per row, FAIL a failure with both values, SKIP skipped', () => {
    const file = target();
    const r = run(['--context', 'fake', `--junit=${file}`], { ready: { 'httpd-service': 1 } });
    expect(r.status).toBe(1);
    const doc = junit(file);
    const cases = doc.testsuite.testcase;
    expect(cases.map((c: any) => `${c.classname}/${c.name}`)).toEqual(r.stdout.split('\n').filter((l) => /^(PASS|FAIL|SKIP) /.test(l)).map((l) => l.split(/\s+/)[1]));
    const failed = cases.filter((c: any) => c.failure);
    expect(failed.map((c: any) => [c.classname, c.name, c.failure.message])).toEqual([['httpd-namespace/httpd-service', 'endpointslices', 'expected ready=2 ports=/80/TCP, seen ready=1 ports=/80/TCP']]);
    expect(cases.find((c: any) => c.classname === 'httpd-namespace/httpd-nodeport/nodeport-host').skipped.message).toBe('expected open, seen not-checked');
    expect(doc).toMatchObject({ tests: String(cases.length), failures: '1', errors: '0', skipped: '1' });
  });

  withJq('a passing run has no failure; the table on stdout is unchanged', () => {
    const file = target();
    const r = run(['--context', 'fake', '--node-address', '127.0.0.1', '--junit', file]);
    expect(r.status).toBe(0);
    expect(junit(file)).toMatchObject({ failures: '0', errors: '0', tests: String(r.rows.length) });
    expect(r.stdout).toContain(`${r.rows.length} passed, 0 failed, 0 skipped.`);
  });

  withJq('a run that stops before the table still writes the file, with an error case giving the exit status', () => {
    const file = target();
    const r = run(['--context', 'fake', '--junit', file], { down: true });
    expect(r.status).toBe(2);
    const doc = junit(file);
    expect(doc).toMatchObject({ tests: '1', errors: '1', failures: '0' });
    expect(doc.testsuite.testcase[0].error.message).toBe('run.sh stopped with exit status 2 before every check ran (its output says why)');
  });

  test('the script\'s xml_escape makes hostile text (controls, ]]>, <, &, quotes) well-formed and reads back', () => {
    const script = Harness.fromManifests(seedHttpd()).file('run.sh')!;
    const fn = /^xml_escape\(\) \{[\s\S]*?^\}$/m.exec(script)![0];
    const hostile = 'a]]><&"\'\u0007\tb';
    const r = spawnSync('bash', ['-c', `${fn}\nprintf '<x a="%s">%s</x>' "$(xml_escape "$1")" "$(xml_escape "$1")"`, 'bash', hostile], { encoding: 'utf8' });
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.stdout).x;
    expect(parsed.a).toBe('a]]><&"\'??b');
    expect(parsed['#text']).toBe('a]]><&"\'??b');
  });
});
