// `cdk8s-services harness` (src/cli/harness.ts): arguments, refusing manifests the API server
// would reject, writing the folder, and the dispatch through the command table.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { headlessStatefulSet, seedHttpd } from './scenarios';
import { parseHarnessArgs } from '../../src/cli/harness';
import { runCli } from '../../src/cli/main';

const made: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-services-harness-cli-'));
  made.push(dir);
  return dir;
}
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function writeManifests(objects: any[]): string {
  const file = path.join(tmpDir(), 'app.k8s.yaml');
  fs.writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));
  return file;
}

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => { out += t; }, err: (t) => { err += t; } }, {});
  return { code, out, err };
}

describe('cdk8s-services harness', () => {
  test('writes the folder and prints the command to run it', async () => {
    const out = path.join(tmpDir(), 'harness');
    const r = await cli(['harness', writeManifests(seedHttpd()), '--out', out, '--chainsaw', '--nodes', '1', '--image', 'busybox:1.36.1']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['.cdk8s-services-harness', 'README.md', 'chainsaw-test.yaml', 'expectations.json', 'kind.yaml', 'manifests.k8s.yaml', 'probes.k8s.yaml', 'run-data.sh', 'run.sh']);
    expect(fs.readFileSync(path.join(out, 'probes.k8s.yaml'), 'utf8')).toContain('image: busybox:1.36.1');
    expect(fs.readFileSync(path.join(out, 'kind.yaml'), 'utf8')).not.toContain('role: worker');
    expect(r.out).toContain(`Run them on kind: bash ${path.join(out, 'run.sh')}`);
    expect(r.out).toMatch(/\d+ checks for 2 Service\(s\)\./);
  });

  test('reads a directory', async () => {
    const file = writeManifests(headlessStatefulSet());
    const out = path.join(tmpDir(), 'h');
    expect((await cli(['harness', path.dirname(file), '--out', out])).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'run.sh'))).toBe(true);
  });

  test('refuses manifests with an error finding (exit 1, nothing written); --force writes anyway', async () => {
    const bad = seedHttpd();
    bad[2].spec.ports[0].nodePort = 99999;
    const file = writeManifests(bad);
    const out = path.join(tmpDir(), 'h');
    const r = await cli(['harness', file, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('spec.ports[0].nodePort = 99999');
    expect(r.err).toContain('No harness written');
    expect(fs.existsSync(out)).toBe(false);
    expect((await cli(['harness', file, '--out', out, '--force'])).code).toBe(0);
  });

  test('unreadable input: exit 1 with the file named', async () => {
    const r = await cli(['harness', path.join(tmpDir(), 'missing.yaml'), '--out', tmpDir()]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/missing\.yaml: .*no such file or directory/);
  });

  test('an --out folder that cannot be written: exit 1, one line naming it, no stack trace', async () => {
    const blocker = path.join(tmpDir(), 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const r = await cli(['harness', writeManifests(seedHttpd()), '--out', path.join(blocker, 'harness')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cannot write the harness to ${path.join(blocker, 'harness')}`);
    expect(r.err).not.toMatch(/internal error|    at /);
    // Nearest valid neighbour: the same manifests into a writable folder succeed.
    const ok = await cli(['harness', writeManifests(seedHttpd()), '--out', path.join(tmpDir(), 'harness')]);
    expect(ok.code).toBe(0);
  });

  test('--out naming a file: exit 1, says it is a file, not a folder; the file is left alone', async () => {
    const file = path.join(tmpDir(), 'afile');
    fs.writeFileSync(file, 'keep me');
    const r = await cli(['harness', writeManifests(seedHttpd()), '--out', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cannot write the harness to ${file}: ${file} is a file, not a folder`);
    expect(r.err).not.toMatch(/EEXIST|internal error|    at /);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
  });

  test('rewriting a folder without --chainsaw removes the chainsaw test of the earlier write; other files stay', async () => {
    const out = path.join(tmpDir(), 'h');
    const file = writeManifests(seedHttpd());
    expect((await cli(['harness', file, '--out', out, '--chainsaw'])).code).toBe(0);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    expect(fs.existsSync(path.join(out, 'chainsaw-test.yaml'))).toBe(true);
    expect((await cli(['harness', file, '--out', out])).code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['.cdk8s-services-harness', 'README.md', 'expectations.json', 'kind.yaml', 'manifests.k8s.yaml', 'notes.txt', 'probes.k8s.yaml', 'run-data.sh', 'run.sh']);
  });

  test('the printed command quotes a path with spaces, so it can be pasted', async () => {
    const out = path.join(tmpDir(), "out dir's");
    const r = await cli(['harness', writeManifests(seedHttpd()), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Run them on kind: bash '${out.replace("'", "'\\''")}/run.sh'`);
    expect(r.out).not.toContain(`bash ${out}/run.sh`);
  });

  test('usage errors (exit 2): no --out, no manifests, a bad --nodes, a bad --cluster-name', async () => {
    const file = writeManifests(seedHttpd());
    expect(await cli(['harness', file])).toMatchObject({ code: 2, err: expect.stringContaining('--out is required') });
    expect(await cli(['harness', '--out', 'x'])).toMatchObject({ code: 2, err: expect.stringContaining('no manifests given') });
    expect(await cli(['harness', file, '--out', tmpDir(), '--nodes', 'two'])).toMatchObject({ code: 2, err: expect.stringContaining('--nodes must be a whole number from 1 to 10 (got "two")') });
    expect(await cli(['harness', file, '--out', tmpDir(), '--cluster-name', 'My_Cluster'])).toMatchObject({ code: 2, err: expect.stringContaining('--cluster-name "My_Cluster" is not a kind cluster name') });
  });

  test('--help prints the usage; the top-level help lists the command', async () => {
    expect((await cli(['harness', '--help'])).out).toContain('Usage: cdk8s-services harness <file|dir>... --out <dir>');
    expect((await cli(['--help'])).out).toMatch(/harness +write a real-cluster harness/);
  });

  test('parseHarnessArgs: options map onto HarnessOptions', () => {
    expect(parseHarnessArgs(['a.yaml', '--out=h', '--namespace', 'probes', '--cluster-name', 'e2e'])).toEqual({
      help: false,
      paths: ['a.yaml'],
      out: 'h',
      force: false,
      options: { image: undefined, chainsaw: false, nodes: undefined, clusterName: 'e2e', namespace: 'probes' },
      cluster: {},
    });
  });

  test('the cluster options reach the rules, the simulation and kind.yaml, as in verify (issue 11)', async () => {
    const corpus = path.join(__dirname, '..', 'corpus', 'declared-operator-cache');
    const args: string[] = JSON.parse(fs.readFileSync(path.join(corpus, 'verify-args.json'), 'utf8'));
    const out = path.join(tmpDir(), 'h');
    const app = path.join(corpus, 'app.yaml');
    const r = await cli(['harness', app, '--out', out, ...args, '--node-port-range', '30000-30100', '--kubernetes-version', '1.33']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // The operator's pods are the Services' endpoints in the predictions run.sh checks.
    const x = JSON.parse(fs.readFileSync(path.join(out, 'expectations.json'), 'utf8'));
    const sessions = x.services.find((s: any) => s.name === 'sessions');
    expect(sessions.endpoints.ready).toBe(3);
    expect(fs.readFileSync(path.join(out, 'kind.yaml'), 'utf8')).toContain('service-node-port-range: "30000-30100"');
    // Without the declaration the same input has no pods behind the Services.
    const bare = path.join(tmpDir(), 'bare');
    expect((await cli(['harness', app, '--out', bare])).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(bare, 'expectations.json'), 'utf8')).services.find((s: any) => s.name === 'sessions').endpoints.ready).toBe(0);
  });

  test('a malformed cluster option is a usage error naming the flag', async () => {
    const file = writeManifests(seedHttpd());
    expect(await cli(['harness', file, '--out', tmpDir(), '--node-port-range', '5-1'])).toMatchObject({ code: 2, err: expect.stringContaining('--node-port-range') });
    expect(await cli(['harness', file, '--out', tmpDir(), '--custom-workload', 'nope'])).toMatchObject({ code: 2, err: expect.stringContaining('--custom-workload needs KIND[.GROUP]=PATH') });
    expect(await cli(['harness', file, '--out', tmpDir(), '--ip-family', 'IPv5'])).toMatchObject({ code: 2, err: expect.stringContaining('--ip-family must be IPv4 or IPv6') });
  });
});
