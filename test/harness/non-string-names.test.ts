// Issue 13: a name or namespace that is not a string (a number, a list, a map whose toString is
// not a function) is refused at the harness's boundary with a HarnessInputError that says which
// field and what to write, never a TypeError from String() or a template literal; the simulated
// cluster and `verify` read the same input without crashing.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { Harness } from '../../src/harness/emit';
import { HarnessInputError } from '../../src/harness/names';
import { LocalCluster } from '../../src/simulation/local-cluster';

const service = (metadata: any) => ({ apiVersion: 'v1', kind: 'Service', metadata, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
const configMap = (metadata: any) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { a: 'b' } });
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
};

const BAD: Array<[string, unknown]> = [
  ['a map whose toString is not a function', { toString: 0 }],
  ['a number', 7],
  ['a list', ['a']],
  ['a boolean', true],
];

describe.each(BAD)('metadata name or namespace that is %s', (_what, bad) => {
  const cases: Array<[string, any]> = [
    ['Service namespace', service({ name: 'web', namespace: bad })],
    ['ConfigMap namespace', configMap({ name: 'x', namespace: bad })],
    ['ConfigMap name', configMap({ name: bad })],
  ];

  test.each(cases)('Harness.fromManifests refuses the %s with a HarnessInputError naming the field', (which, o) => {
    const field = which.endsWith('namespace') ? 'namespace' : 'name';
    let thrown: unknown;
    try {
      Harness.fromManifests([o, deployment]);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(HarnessInputError);
    expect((thrown as Error).message).toMatch(new RegExp(`metadata\\.${field} is .*, not a string: .*write e\\.g\\. \`${field}: `));
  });

  test.each(cases)('Harness.fromLocalCluster refuses the %s too; LocalCluster.fromManifests does not throw', (_which, o) => {
    const cluster = LocalCluster.fromManifests([o, deployment]);
    expect(() => Harness.fromLocalCluster(cluster, [o, deployment])).toThrow(HarnessInputError);
  });
});

test('the same objects with string names emit a harness (the refusal is the type, not the object)', () => {
  const files = Harness.fromManifests([service({ name: 'web', namespace: 'shop' }), configMap({ name: 'x', namespace: 'shop' }), deployment]).files;
  expect(files.map((f) => f.path)).toContain('run.sh');
});

test('verify on a namespace { toString: 0 } reports it (exit 1), not an internal error (exit 3)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'non-string-'));
  try {
    const file = path.join(dir, 'in.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: {toString: 0}}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n');
    let out = '';
    const code = await runCli(['verify', file], { out: (s) => void (out += s), err: () => undefined }, {});
    expect(code).toBe(1);
    expect(out).toMatch(/metadata\.namespace .*must be a string/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
