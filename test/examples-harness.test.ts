// Issue 5: the harness emitted for every example app is snapshotted, schema-valid, clean under
// our own rules and shellcheck-clean.
import { parseAllDocuments } from 'yaml';
import { EXAMPLES } from '../examples';
import { Harness } from '../src';
import { ClusterModel } from '../src/model/cluster-model';
import { Severity } from '../src/model/findings';
import { checkModel } from '../src/rules/engine';
import { schemaErrors, shellcheck, withShellcheck } from './harness/emit/checks';

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

  test('the emitted folder matches its snapshot', () => {
    expect(Object.fromEntries(harness.files.map((f) => [f.path, f.content]))).toMatchSnapshot();
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

  withShellcheck('run.sh is shellcheck-clean', () => {
    expect(shellcheck(text('run.sh'), 'bash')).toEqual({ status: 0, output: '' });
  });
});
