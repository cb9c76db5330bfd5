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
  ])('%s is an input error (exit 1) at its line', async (_what, doc, message) => {
    const { code, json } = await verifyText(`${CONFIGMAP}---\n${doc}`, '--no-simulate');
    expect(code).toBe(1);
    expect(json.errors).toHaveLength(1);
    expect(json.errors[0].message).toMatch(message);
    expect(json.errors[0].line).toBe(6);
  });

  test('cluster resources alone pass (the same file without the kubeconfig)', async () => {
    const { code, json } = await verifyText(CONFIGMAP);
    expect(code).toBe(0);
    expect(json.errors).toEqual([]);
  });
});
