// Issue 5: the harness emitted for every example app is snapshotted, schema-valid, clean under
// our own rules and shellcheck-clean.
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES } from '../examples';
import { Harness } from '../src';
import { schemaErrors, shellcheckHarness, withShellcheck } from './harness/checks';
import { ClusterModel } from '../src/model/cluster-model';
import { Severity } from '../src/model/findings';
import { checkModel } from '../src/rules/engine';

const RUNNER = fs.readFileSync(path.join(__dirname, '..', 'src', 'harness', 'run.sh'), 'utf8');

function yamlDocs(text: string): any[] {
  return parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o !== null);
}

describe.each(EXAMPLES.map((e) => [e.name, e] as const))('harness for example %s', (_name, example) => {
  const harness = Harness.fromApp(example.build());
  const text = (name: string) => {
    const t = harness.file(name);
    if (t === undefined) throw new Error(`${name} not emitted`);
    return t;
  };

  // run.sh is the same file in every harness (src/harness/run.sh): checked once, not snapshotted.
  test('the emitted folder matches its snapshot (run.sh is the runner file itself)', () => {
    expect(text('run.sh')).toBe(RUNNER);
    expect(Object.fromEntries(harness.files.filter((f) => f.path !== 'run.sh').map((f) => [f.path, f.content]))).toMatchSnapshot();
  });

  test('every emitted manifest (app and probes) passes the kubernetes-models schemas', () => {
    const objects = [...yamlDocs(text('manifests.k8s.yaml')), ...yamlDocs(text('probes.k8s.yaml'))];
    expect(objects.length).toBeGreaterThan(0);
    expect(schemaErrors(objects)).toEqual([]);
  });

  test('the app plus the probes has no error finding under our own rules', () => {
    const objects = [...yamlDocs(text('manifests.k8s.yaml')), ...yamlDocs(text('probes.k8s.yaml'))];
    const errors = checkModel(ClusterModel.fromObjects(objects)).filter((f) => f.severity === Severity.ERROR);
    expect(errors.map((f) => `${f.rule} ${f.objectRef} ${f.field}`)).toEqual([]);
  });

  withShellcheck('run.sh and its run-data.sh are shellcheck-clean', () => {
    expect(shellcheckHarness(harness)).toEqual({ status: 0, output: '' });
  });
});
