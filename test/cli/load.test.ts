// The manifest loader behind `cdk8s-services verify` (src/model/load.ts): any tool's output in,
// SourcedObjects with file/line/document out; bad input becomes a LoadError, never a throw.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterModel } from '../../src/model/cluster-model';
import { expandedSize, loadManifestFiles, loadManifestText, nothingToCheck } from '../../src/model/load';
import { checkModel } from '../../src/rules/engine';

/** A loaded manifest as the test reads it: any field, without narrowing. */
const doc = (o: { object: unknown }): any => o.object;

const FIX = path.join('test', 'fixtures', 'verify');
const fx = (...p: string[]) => path.join(FIX, ...p);

const made: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-services-load-'));
  made.push(dir);
  return dir;
}
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const where = (r: ReturnType<typeof loadManifestFiles>) =>
  r.objects.map((o) => `${doc(o).kind}/${doc(o).metadata?.name} ${o.source?.file}:${o.source?.line} #${o.source?.document}`);

describe('loadManifestFiles: valid input', () => {
  test('multi-document YAML: each object gets its file, 1-based line and 0-based document', () => {
    const r = loadManifestFiles([fx('valid', 'app.k8s.yaml')]);
    expect(r.errors).toEqual([]);
    expect(where(r)).toEqual([
      `Deployment/web ${fx('valid', 'app.k8s.yaml')}:1 #0`,
      `Service/web ${fx('valid', 'app.k8s.yaml')}:23 #1`,
    ]);
    expect(r.files).toEqual([fx('valid', 'app.k8s.yaml')]);
  });

  test('helm template output: leading ---, `# Source` comments and a comment-only document are skipped silently', () => {
    const r = loadManifestFiles([fx('valid', 'helm-template.yaml')]);
    expect(r.errors).toEqual([]);
    expect(where(r)).toEqual([
      `Deployment/redis ${fx('valid', 'helm-template.yaml')}:3 #0`,
      `Service/redis ${fx('valid', 'helm-template.yaml')}:29 #2`,
    ]);
  });

  test('kubectl List (JSON): items are flattened, each with its own line', () => {
    const r = loadManifestFiles([fx('valid', 'kubectl-list.json')]);
    expect(r.errors).toEqual([]);
    expect(where(r)).toEqual([
      `StatefulSet/db ${fx('valid', 'kubectl-list.json')}:5 #0`,
      `Service/db ${fx('valid', 'kubectl-list.json')}:18 #0`,
    ]);
  });

  test('a JSON array of objects is read item by item', () => {
    const r = loadManifestFiles([fx('valid', 'array.json')]);
    expect(r.errors).toEqual([]);
    expect(where(r)).toEqual([
      `ConfigMap/settings ${fx('valid', 'array.json')}:2 #0`,
      `Namespace/shop ${fx('valid', 'array.json')}:3 #0`,
    ]);
  });

  test('a YAML kind: List and a typed ServiceList are flattened with per-item lines', () => {
    const text = [
      'apiVersion: v1', // 1
      'kind: List', // 2
      'items:', // 3
      '  - apiVersion: v1', // 4
      '    kind: ServiceList', // 5
      '    items:', // 6
      '      - apiVersion: v1', // 7
      '        kind: Service', // 8
      '        metadata: { name: a }', // 9
      '  - apiVersion: v1', // 10
      '    kind: ConfigMap', // 11
      '    metadata: { name: b }', // 12
    ].join('\n');
    const r = loadManifestText(text, 'list.yaml');
    expect(r.errors).toEqual([]);
    expect(r.objects.map((o) => [doc(o).metadata.name, o.source?.line])).toEqual([['a', 7], ['b', 10]]);
  });

  test('a List whose items are not a list is an error naming the document; an empty List holds nothing', () => {
    const bad = loadManifestText('apiVersion: v1\nkind: List\nitems: 5\n', 'list.yaml');
    expect(bad.objects).toEqual([]);
    expect(bad.errors).toEqual([{ file: 'list.yaml', line: 1, message: expect.stringContaining('is a List whose items are a number; write `items:` as a list of objects') }]);
    // Nearest valid neighbours: no items, or an empty list, is an empty List (no object, no error).
    expect(loadManifestText('apiVersion: v1\nkind: List\n', 'list.yaml')).toEqual({ objects: [], errors: [] });
    expect(loadManifestText('apiVersion: v1\nkind: List\nitems: []\n', 'list.yaml')).toEqual({ objects: [], errors: [] });
  });

  test('empty file, `---` only and comment-only documents give no objects and no errors', () => {
    const r = loadManifestFiles([fx('bad', 'empty.yaml')]);
    expect(r).toEqual({ objects: [], errors: [], skipped: [], files: [fx('bad', 'empty.yaml')] });
    // For a run as a whole (verify), that file alone is nothing to check, an input error; beside a
    // file with an object (cdk8s writes an empty file for an empty chart) it is not.
    expect(nothingToCheck(r)).toEqual([{ file: fx('bad', 'empty.yaml'), message: 'this file holds no Kubernetes object (it is empty or holds only comments)' }]);
    const two = loadManifestFiles([fx('bad', 'empty.yaml'), fx('valid', 'app.k8s.yaml')]);
    expect(nothingToCheck(two)).toEqual([]);
    expect(loadManifestText('', 'x.yaml')).toEqual({ objects: [], errors: [] });
    expect(loadManifestText('  \n', 'x.json')).toEqual({ objects: [], errors: [] });
  });

  test('a directory is read recursively in sorted order; other endings, hidden entries and node_modules are skipped', () => {
    const dir = tmpDir();
    const svc = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    fs.mkdirSync(path.join(dir, 'b-sub'));
    fs.mkdirSync(path.join(dir, '.hidden'));
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'c.yml'), svc('c'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), svc('a'));
    fs.writeFileSync(path.join(dir, 'b-sub', 'b.YAML'), svc('b'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), svc('txt'));
    fs.writeFileSync(path.join(dir, '.hidden', 'h.yaml'), svc('hidden'));
    fs.writeFileSync(path.join(dir, 'node_modules', 'n.yaml'), svc('nm'));
    const r = loadManifestFiles([dir]);
    expect(r.errors).toEqual([]);
    expect(r.objects.map((o) => doc(o).metadata.name)).toEqual(['a', 'b', 'c']);
    expect(r.files).toEqual([path.join(dir, 'a.yaml'), path.join(dir, 'b-sub', 'b.YAML'), path.join(dir, 'c.yml')]);
    // A file named explicitly is read whatever its ending.
    expect(loadManifestFiles([path.join(dir, 'notes.txt')]).objects.map((o) => doc(o).metadata.name)).toEqual(['txt']);
  });

  test('a file named twice (directly and through its directory) is read once', () => {
    const r = loadManifestFiles([fx('valid'), fx('valid', 'app.k8s.yaml')]);
    expect(r.files.filter((f) => f.endsWith('app.k8s.yaml'))).toHaveLength(1);
    expect(r.objects.filter((o) => doc(o).kind === 'Deployment' && doc(o).metadata.name === 'web')).toHaveLength(1);
  });

  test('YAML is read as YAML 1.1, as kubectl does (go-yaml v2): `yes` is a boolean', () => {
    const r = loadManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  flag: yes\n  text: "yes"\n');
    expect(r.objects.map(doc)[0].data).toEqual({ flag: true, text: 'yes' });
    expect(r.objects[0].source?.file).toBe('<input>');
  });
});

describe('loadManifestFiles: bad input is a LoadError naming file and line, and never stops other files', () => {
  test('YAML syntax error: file and line of the error; the next document of the same file is still read', () => {
    const file = fx('bad', 'syntax-error.yaml');
    const r = loadManifestFiles([file]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file, line: 7 });
    expect(r.errors[0].message).toMatch(/^YAML syntax error at column 3: Flow sequence/);
    expect(r.errors[0].message).not.toContain('\n');
    expect(where(r)).toEqual([`Service/after-the-error ${file}:10 #1`]);
  });

  test('a document without kind: error at its line with its name; the other document is read', () => {
    const file = fx('bad', 'no-kind.yaml');
    const r = loadManifestFiles([file]);
    expect(r.errors).toEqual([{
      file,
      line: 9,
      message: 'document 2 (metadata.name "kindless") has no kind; every Kubernetes object needs both, e.g. `apiVersion: v1` and `kind: Service`',
    }]);
    expect(where(r)).toEqual([`Service/still-checked ${file}:1 #0`]);
  });

  test('a document without apiVersion nor kind names both; the nearest valid neighbour loads', () => {
    expect(loadManifestText('metadata:\n  name: x\n', 'a.yaml').errors[0].message).toMatch(/^document 1 \(metadata.name "x"\) has no apiVersion and no kind/);
    expect(loadManifestText('apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n', 'a.yaml').errors).toEqual([]);
  });

  test('apiVersion or kind that is not a string is named as such', () => {
    expect(loadManifestText('apiVersion: 1\nkind: Service\n', 'a.yaml').errors).toEqual([
      { file: 'a.yaml', line: 1, message: 'document 1 has apiVersion 1, which is not a string; write it as e.g. `apiVersion: v1`' },
    ]);
    expect(loadManifestText('apiVersion: "1"\nkind: Service\n', 'a.yaml').errors).toEqual([]);
  });

  test('JSON without a .json name (piped to `verify -`) is read as JSON; a .yaml name keeps YAML rules', () => {
    const array = '[{"apiVersion":"v1","kind":"Service","metadata":{"name":"x"}}]';
    expect(loadManifestText(array, '<stdin>')).toEqual({ objects: [expect.objectContaining({ object: expect.objectContaining({ kind: 'Service' }) })], errors: [] });
    expect(loadManifestText(array, 'a.yaml').errors[0].message).toContain('is a list, not a Kubernetes object');
  });

  test('a byte-order mark does not break JSON or YAML', () => {
    const json = '\uFEFF{"apiVersion":"v1","kind":"Service","metadata":{"name":"x"}}';
    expect(loadManifestText(json, 'a.json')).toEqual({ objects: [expect.objectContaining({ source: { file: 'a.json', line: 1, document: 0 } })], errors: [] });
    expect(loadManifestText('\uFEFFapiVersion: v1\nkind: Service\n', 'a.yaml').objects).toHaveLength(1);
  });

  test('a document that is not a mapping (a scalar) is an error at its line', () => {
    const file = fx('bad', 'not-a-mapping.yaml');
    expect(loadManifestFiles([file]).errors).toEqual([{
      file,
      line: 2,
      message: 'document 1 is the string "just some text", not a Kubernetes object (a mapping with apiVersion and kind)',
    }]);
  });

  test('a top-level YAML sequence is an error (kubectl does not read it); a JSON array is fine', () => {
    const r = loadManifestFiles([fx('bad', 'top-level-list.yaml')]);
    expect(r.objects).toEqual([]);
    expect(r.errors[0]).toMatchObject({ file: fx('bad', 'top-level-list.yaml'), line: 1 });
    expect(r.errors[0].message).toContain('is a list, not a Kubernetes object');
    expect(loadManifestText('[{"apiVersion":"v1","kind":"Service","metadata":{"name":"x"}}]', 'a.json').objects).toHaveLength(1);
  });

  test('a JSON syntax error uses JSON rules (a trailing comma) with file, line and column', () => {
    const file = fx('bad', 'broken.json');
    const r = loadManifestFiles([file]);
    expect(r.objects).toEqual([]);
    // The wording after the column is V8's and varies between Node versions.
    expect(r.errors).toEqual([{ file, line: 5, message: expect.stringMatching(/^JSON syntax error at column 1: \S/) }]);
    expect(r.errors[0].message).not.toMatch(/position/);
  });

  test('a JSON array item without kind is an error at the item line', () => {
    const r = loadManifestText('[\n  {"apiVersion":"v1","kind":"Service","metadata":{"name":"x"}},\n  {"apiVersion":"v1","metadata":{"name":"y"}}\n]\n', 'a.json');
    expect(r.objects.map((o) => doc(o).metadata.name)).toEqual(['x']);
    expect(r.errors).toEqual([expect.objectContaining({ file: 'a.json', line: 3, message: expect.stringMatching(/^item 1 of the array \(metadata.name "y"\) has no kind/) })]);
  });

  test('a missing path is an error; the other paths are still read', () => {
    const r = loadManifestFiles([fx('nope.yaml'), fx('valid', 'app.k8s.yaml')]);
    expect(r.errors).toEqual([{ file: fx('nope.yaml'), message: 'cannot read: no such file or directory' }]);
    expect(r.objects).toHaveLength(2);
  });

  test('an unreadable entry in a directory (a dangling symlink) is an error; its siblings are read', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    fs.symlinkSync(path.join(dir, 'missing-target.yaml'), path.join(dir, 'b.yaml'));
    const r = loadManifestFiles([dir]);
    expect(r.errors).toEqual([{ file: path.join(dir, 'b.yaml'), message: 'cannot read: no such file or directory' }]);
    expect(r.objects.map((o) => doc(o).metadata.name)).toEqual(['a']);
  });

  test('a directory without manifests is an error (verifying nothing must not pass silently)', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'README.md'), '# nothing');
    expect(loadManifestFiles([dir]).errors).toEqual([{ file: dir, message: 'this directory holds no Kubernetes object (no .yaml, .yml, .json file with one: did the synth run?)' }]);
  });

  test('bad and good files together: every problem is reported and every good object is read', () => {
    const r = loadManifestFiles([fx('bad'), fx('valid')]);
    expect(r.errors.map((e) => `${path.basename(e.file)}:${e.line}`)).toEqual([
      'broken.json:5', 'no-kind.yaml:9', 'not-a-mapping.yaml:2', 'syntax-error.yaml:7', 'top-level-list.yaml:1',
    ]);
    expect(r.objects.map((o) => `${doc(o).kind}/${doc(o).metadata.name}`)).toEqual([
      'Service/still-checked', 'Service/after-the-error',
      'Deployment/web', 'Service/web',
      'ConfigMap/settings', 'Namespace/shop',
      'Service/my-database',
      'Deployment/redis', 'Service/redis',
      'StatefulSet/db', 'Service/db',
    ]);
  });
});

describe('non-manifest JSON found by a directory walk', () => {
  test('is skipped (construct-metadata.json, expectations.json), but reported when named explicitly', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'walk-json-'));
    fs.writeFileSync(path.join(dir, 'app.k8s.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { ports: [{ port: 80 }] }\n');
    fs.writeFileSync(path.join(dir, 'expectations.json'), JSON.stringify({ services: [] }));
    fs.writeFileSync(path.join(dir, 'svc.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' } }));
    const walked = loadManifestFiles([dir]);
    expect(walked.errors).toEqual([]);
    expect(walked.objects.map((o) => doc(o).metadata.name)).toEqual(['web', 'b']);
    expect(walked.skipped.map((k) => path.basename(k.file))).toEqual(['expectations.json']);
    // YAML the same way (a chart's values.yaml), but not a file whose other document is an object,
    // nor one that has a kind without an apiVersion: those are manifests with an error.
    fs.writeFileSync(path.join(dir, 'values.yaml'), 'replicas: 2\n---\nimage: x\n');
    fs.writeFileSync(path.join(dir, 'mixed.yaml'), 'replicas: 2\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\n');
    fs.writeFileSync(path.join(dir, 'nokind.yaml'), 'kind: Service\nmetadata: {name: n}\n');
    const again = loadManifestFiles([dir]);
    expect(again.skipped.map((k) => path.basename(k.file))).toEqual(['expectations.json', 'values.yaml']);
    expect(again.errors.map((e) => `${path.basename(e.file)}:${e.line}`)).toEqual(['mixed.yaml:1', 'nokind.yaml:1']);
    const named = loadManifestFiles([path.join(dir, 'expectations.json')]);
    expect(named.errors).toHaveLength(1);
  });
});

describe('a kustomization found by a directory walk', () => {
  const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [svc.yaml]\n';
  test('is skipped with a reason that points at kubectl kustomize; the files it lists are read', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { ports: [{ port: 80 }] }\n');
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), KUSTOMIZATION);
    const walked = loadManifestFiles([dir]);
    expect(walked.errors).toEqual([]);
    expect(walked.objects.map((o) => doc(o).metadata.name)).toEqual(['web']);
    expect(walked.skipped).toHaveLength(1);
    expect(path.basename(walked.skipped[0].file)).toBe('kustomization.yaml');
    expect(walked.skipped[0].reason).toMatch(/kubectl kustomize/);
  });

  test('named explicitly it is read (and verify reports it as client-side configuration); another name is read too', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), KUSTOMIZATION);
    fs.writeFileSync(path.join(dir, 'kustomize-config.yaml'), KUSTOMIZATION);
    expect(loadManifestFiles([path.join(dir, 'kustomization.yaml')]).objects).toHaveLength(1);
    const walked = loadManifestFiles([dir]);
    expect(walked.objects.map((o) => o.source?.file && path.basename(o.source.file))).toEqual(['kustomize-config.yaml']);
  });
});

describe('YAML read as kubectl reads it (go-yaml v2 into interface{}, issue 17)', () => {
  const labelsOf = (yaml: string) => loadManifestText(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: ${yaml}\n`, 'a.yaml').objects.map(doc)[0].metadata.labels;

  test('a date-like or base-60 plain scalar stays a string, as go-yaml v2 keeps it', () => {
    expect(labelsOf('{released: 2024-01-02, at: 2001-12-14t21:59:43.10-05:00, t: 12:30:00, f: 190:20:30.15}'))
      .toEqual({ released: '2024-01-02', at: '2001-12-14t21:59:43.10-05:00', t: '12:30:00', f: '190:20:30.15' });
  });

  test('YAML 1.1 booleans, octal and binary numbers are still what kubectl reads (the nearest neighbours)', () => {
    expect(labelsOf('{a: yes, b: on, c: n, d: 0b101, e: 010, f: "2024-01-02"}')).toEqual({ a: true, b: true, c: false, d: 5, e: 8, f: '2024-01-02' });
  });

  test('verify accepts an unquoted date as a label value (a string), and a quoted one the same way', () => {
    const { objects } = loadManifestText('apiVersion: v1\nkind: Service\nmetadata:\n  name: d\n  labels: {released: 2024-01-02}\nspec: {selector: {app: x}, ports: [{port: 80}]}\n', 'd.yaml');
    const findings = checkModel(ClusterModel.fromSourced(objects), {}).filter((f) => f.rule === 'T1' || f.rule === 'V4');
    expect(findings).toEqual([]);
  });
});

describe('YAML alias expansion is bounded (issue 17: deep copies of aliases blew memory)', () => {
  test('a wide alias (few aliases to one big node) is an input error, as kubectl\'s decoder refuses it', () => {
    // 120 aliases to a 25,000-item list: 3,000,000 values once copied out, from a 150 kB file.
    // go-yaml v2 stops decoding it once aliases are more than allowedAliasRatio of the values.
    let text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\nbig: &big [${Array(25_000).fill('x').join(',')}]\n`;
    text += `data: [${Array(120).fill('*big').join(',')}]\n`;
    const { objects, errors } = loadManifestText(text, 'bomb.yaml');
    expect(objects).toEqual([]);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/contains excessive aliasing \([\d,]+ of the first [\d,]+ values come from YAML aliases.*allowedAliasRatio/);
  });

  test('the nearest neighbour, a few aliases (merge keys, shared labels), reads as before', () => {
    const { objects, errors } = loadManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: &l {app: web}, annotations: *l}\ndata: {a: b}\n', 'a.yaml');
    expect(errors).toEqual([]);
    expect(objects.map(doc)[0].metadata.annotations).toEqual({ app: 'web' });
  });

  test('expandedSize counts shared objects as often as they are used, without recursion', () => {
    const leaf = { a: 1, b: 2 }; // 3 values
    expect(expandedSize({ x: leaf, y: leaf, z: [leaf] }, 1e9)).toBe(1 + 3 + 3 + (1 + 3));
    let deep: any = 'end';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(expandedSize(deep, 1e9)).toBe(100_001);
  });
});

describe('a kustomize directory whose kustomization changes its files (issue 11: patches and labels are not objects)', () => {
  const DEPLOYMENT_PATCH = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n  template:\n    spec:\n      containers: [{ name: web, image: web:2 }]\n';
  test('patches: the directory\'s files are not read (a patch has no selector), with a reason naming the fields and kubectl kustomize', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: [../base]\npatches:\n  - path: patch.yaml\n');
    fs.writeFileSync(path.join(dir, 'patch.yaml'), DEPLOYMENT_PATCH);
    const walked = loadManifestFiles([dir]);
    expect(walked.objects).toEqual([]);
    expect(walked.skipped.map((s) => path.basename(s.file))).toEqual(['kustomization.yaml']);
    expect(walked.skipped[0].reason).toBe(`a kustomization that changes its resources before they are applied (patches), so the 1 other file of its directory was not read; verify what it builds: kubectl kustomize ${dir} | npx cdk8s-services verify -`);
    expect(walked.errors.map((e) => e.message)).toEqual([`this directory holds no Kubernetes object outside its kustomize directory, whose files kustomize changes before they are applied: verify what kustomize builds, e.g. kubectl kustomize ${dir} | npx cdk8s-services verify -`]);
  });

  test('commonLabels (added to selectors too): not read; its subdirectories are still walked', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'commonLabels: { app: web }\nresources: [deployment.yaml]\n');
    fs.writeFileSync(path.join(dir, 'deployment.yaml'), DEPLOYMENT_PATCH);
    fs.mkdirSync(path.join(dir, 'plain'));
    fs.writeFileSync(path.join(dir, 'plain', 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: { name: db }\nspec: { ports: [{ port: 5432 }] }\n');
    const walked = loadManifestFiles([dir]);
    expect(walked.objects.map((o) => doc(o).metadata.name)).toEqual(['db']);
    expect(walked.skipped[0].reason).toMatch(/^a kustomization that changes its resources before they are applied \(commonLabels\)/);
  });

  test('a kustomization that only lists resources, images and annotations keeps its files as they are: they are read (nearest neighbour)', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [svc.yaml]\nimages: [{ name: web, newTag: "2" }]\ncommonAnnotations: { team: a }\n');
    fs.writeFileSync(path.join(dir, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { ports: [{ port: 80 }] }\n');
    expect(loadManifestFiles([dir]).objects.map((o) => doc(o).metadata.name)).toEqual(['web']);
  });

  test('a patch the kustomization names in a subdirectory is skipped too; the subdirectory\'s other files are read', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: [all.yaml]\npatches:\n- overlays/deployment.yaml\n- path: overlays/other.yaml\n- patch: |-\n    - op: remove\n      path: /spec/replicas\n  target: { kind: Deployment }\n');
    fs.mkdirSync(path.join(dir, 'overlays'));
    fs.writeFileSync(path.join(dir, 'overlays', 'deployment.yaml'), DEPLOYMENT_PATCH);
    fs.writeFileSync(path.join(dir, 'overlays', 'other.yaml'), DEPLOYMENT_PATCH);
    fs.writeFileSync(path.join(dir, 'overlays', 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: { name: db }\nspec: { ports: [{ port: 5432 }] }\n');
    const walked = loadManifestFiles([dir]);
    expect(walked.objects.map((o) => doc(o).metadata.name)).toEqual(['db']);
    const patches = walked.skipped.filter((s) => s.reason.startsWith('a kustomize patch'));
    expect(patches.map((s) => path.relative(dir, s.file))).toEqual([path.join('overlays', 'deployment.yaml'), path.join('overlays', 'other.yaml')]);
    expect(patches[0].reason).toBe(`a kustomize patch (named in ${path.join(dir, 'kustomization.yaml')}), a fragment of an object, not one; verify what the kustomization builds: kubectl kustomize ${dir} | npx cdk8s-services verify -`);
    // Named explicitly, a patch is read as the user asked.
    expect(loadManifestFiles([path.join(dir, 'overlays', 'deployment.yaml')]).objects).toHaveLength(1);
  });

  test('an unreadable kustomization counts as changing its files', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: [a\n');
    fs.writeFileSync(path.join(dir, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { ports: [{ port: 80 }] }\n');
    const walked = loadManifestFiles([dir]);
    expect(walked.objects).toEqual([]);
    expect(walked.skipped[0].reason).toMatch(/\(unreadable YAML\)/);
  });
});
