// Issue 5: the harness emitted for every example app is snapshotted, schema-valid, clean under
// our own rules and shellcheck-clean. The snapshot holds what is particular to each example
// (README, expectations, kind config, check data, and each probe's checks); the app's own YAML is
// snapshotted by examples.test.ts and checked here against the app, and the probe Job's full shape
// is snapshotted once per scenario by test/harness/emit.test.ts (issue 15: no snapshot repeats
// another).
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

/** Each probe object as one line, and for a probe Job the checks its script runs (its `attempt` lines). */
function probeSummary(text: string): string[] {
  return yamlDocs(text).flatMap((o) => {
    const head = `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
    if (o.kind !== 'Job') return [head];
    const script: string = o.spec.template.spec.containers[0].command[2];
    return [head, ...script.split('\n').filter((l) => l.startsWith('attempt ')).map((l) => `  ${l}`)];
  });
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
    expect(harness.files.map((f) => f.path).sort()).toEqual(['README.md', 'expectations.json', 'kind.yaml', 'manifests.k8s.yaml', 'probes.k8s.yaml', 'run-data.sh', 'run.sh']);
    const particular = harness.files.filter((f) => !['run.sh', 'manifests.k8s.yaml', 'probes.k8s.yaml'].includes(f.path));
    expect({
      ...Object.fromEntries(particular.map((f) => [f.path, f.content])),
      'probes.k8s.yaml (each object; the checks of each probe Job)': probeSummary(text('probes.k8s.yaml')),
    }).toMatchSnapshot();
  });

  test('manifests.k8s.yaml is the app as it synthesizes, each namespaced object in its namespace, Namespaces first', () => {
    const app = yamlDocs(example.build().synthYaml());
    const placed = app.map((o) => (o.kind === 'Namespace' ? o : { ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace || 'default' } }));
    expect(yamlDocs(text('manifests.k8s.yaml'))).toEqual([...placed.filter((o) => o.kind === 'Namespace'), ...placed.filter((o) => o.kind !== 'Namespace')]);
  });

  test('every probe Job has the shape test/harness/emit.test.ts snapshots: non-root, read-only, no token, no retries', () => {
    const jobs = yamlDocs(text('probes.k8s.yaml')).filter((o) => o.kind === 'Job');
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      const pod = job.spec.template.spec;
      expect([job.spec.backoffLimit, pod.restartPolicy, pod.automountServiceAccountToken, pod.securityContext.runAsNonRoot]).toEqual([0, 'Never', false, true]);
      expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    }
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
