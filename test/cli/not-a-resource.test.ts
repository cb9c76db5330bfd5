// Issue 17 item 1: `verify` reports objects that are not cluster resources (a kubeconfig
// `kind: Config`, a kind cluster config) as input errors, as the harness refuses them.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliIo } from '../../src/cli/args';
import { runCli } from '../../src/cli/main';

async function verifyText(text: string, ...flags: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-resource-'));
  const file = path.join(dir, 'in.yaml');
  fs.writeFileSync(file, text);
  const out: string[] = [];
  const io: CliIo = { out: (s) => void out.push(s), err: () => undefined };
  try {
    const code = await runCli(['verify', file, '--format', 'json', ...flags], io, {});
    return { code, json: JSON.parse(out.join('')) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {a: b}\n';
const KUBECONFIG = 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts:\n- name: kind-cdk8s-services\n  context: {cluster: c, user: u}\n'
  + 'users:\n- name: u\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1, command: touch, args: [/tmp/pwned]}\n';

describe('verify refuses objects that are not cluster resources', () => {
  test.each([
    ['a kubeconfig (v1 Config)', KUBECONFIG, /v1 Config is not a resource of the core API group/],
    ['a kind cluster config', 'apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes: [{role: control-plane}]\n', /client-side configuration/],
    ['an apiVersion that is no API version', 'apiVersion: "--kubeconfig=x"\nkind: ConfigMap\nmetadata: {name: a}\n', /not a Kubernetes API version/],
    ['a kind that is an option', 'apiVersion: example.com/v1\nkind: "--server=x"\nmetadata: {name: a}\n', /not a Kubernetes kind/],
    ['a kind that is no DNS-1035 label', 'apiVersion: example.com/v1\nkind: __proto__\nmetadata: {name: a}\n', /not a Kubernetes kind/],
  ])('%s is an input error (exit 1) at its line', async (_what, doc, message) => {
    const { code, json } = await verifyText(`${CONFIGMAP}---\n${doc}`, '--no-simulate');
    expect(code).toBe(1);
    expect(json.errors).toHaveLength(1);
    expect(json.errors[0].message).toMatch(message);
    expect(json.errors[0].line).toBe(6);
  });

  test.each([
    ['a number as a ConfigMap name', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: 5}\n', /ConfigMap metadata.name is number 5, not a string/],
    ['a list as a Deployment namespace', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: [a]}\n', /Deployment metadata.namespace is a list, not a string/],
    ['a string as metadata', 'apiVersion: v1\nkind: Secret\nmetadata: x\n', /Secret metadata is "x", not a map/],
  ])('%s (not a Service: T1 does not see it) is an input error at its line (issue 13)', async (_what, doc, message) => {
    const { code, json } = await verifyText(`${CONFIGMAP}---\n${doc}`, '--no-simulate');
    expect(code).toBe(1);
    expect(json.errors.map((e: any) => e.message)).toEqual([expect.stringMatching(message)]);
    expect(json.errors[0].line).toBe(6);
  });

  test('a Service with a number as its name is T1\'s, not an input error (nearest neighbour)', async () => {
    const { json } = await verifyText('apiVersion: v1\nkind: Service\nmetadata: {name: 5}\nspec: {ports: [{port: 80}]}\n', '--no-simulate');
    expect(json.errors).toEqual([]);
    expect(json.findings.map((f: any) => f.rule)).toContain('T1');
  });

  test('cluster resources alone pass (the same file without the kubeconfig)', async () => {
    const { code, json } = await verifyText(CONFIGMAP);
    expect(code).toBe(0);
    expect(json.errors).toEqual([]);
  });
});

describe('custom kinds as apiextensions validates them: mixed case, otherwise a DNS-1035 label', () => {
  // Zalando's postgres-operator serves `kind: postgresql` (acid.zalan.do/v1): a lower-case kind is
  // valid (ValidateCustomResourceDefinitionNames), and its operator creates the pods a Service selects.
  const POSTGRESQL = 'apiVersion: acid.zalan.do/v1\nkind: postgresql\nmetadata: {name: orders-db}\nspec: {numberOfInstances: 2}\n';
  const HEADLESS = 'apiVersion: v1\nkind: Service\nmetadata: {name: orders-db-repl}\n'
    + 'spec: {clusterIP: None, selector: {cluster-name: orders-db, spilo-role: replica}, ports: [{port: 5432}]}\n';

  test('a lower-case custom kind is read, and its Service\'s empty selection is a hint, not an error', async () => {
    const { code, json } = await verifyText(`${POSTGRESQL}---\n${HEADLESS}`);
    expect(json.errors).toEqual([]);
    expect(json.findings.map((f: any) => `${f.severity} ${f.rule}`)).toEqual(['info X1']);
    expect(code).toBe(0);
  });

  test.each(['hasOwnProperty', 'constructor', 'toString', 'Cron-Tab'])('kind %s is a valid custom kind and crashes nothing', async (kind) => {
    const { code, json } = await verifyText(`${CONFIGMAP}---\napiVersion: example.com/v1\nkind: ${kind}\nmetadata: {name: a}\n`);
    expect(json.errors).toEqual([]);
    expect(code).toBe(0);
  });
});
