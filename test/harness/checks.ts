// Checks shared by the harness tests: the kubernetes-models OpenAPI schemas and shellcheck.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DaemonSet, Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, Namespace, Pod, Service } from 'kubernetes-models/v1';

const SCHEMAS: Record<string, new (o: any) => { validate(): void }> = {
  'v1/Namespace': Namespace as any,
  'v1/Service': Service as any,
  'v1/Pod': Pod as any,
  'v1/ConfigMap': ConfigMap as any,
  'batch/v1/Job': Job as any,
  'apps/v1/Deployment': Deployment as any,
  'apps/v1/StatefulSet': StatefulSet as any,
  'apps/v1/DaemonSet': DaemonSet as any,
};

/** Validates each object with its kubernetes-models class (an OpenAPI-schema validator). */
export function schemaErrors(objects: any[]): string[] {
  const errors: string[] = [];
  for (const o of objects) {
    const Model = SCHEMAS[`${o.apiVersion}/${o.kind}`];
    if (!Model) {
      errors.push(`no schema for ${o.apiVersion}/${o.kind}`);
      continue;
    }
    try {
      new Model(o).validate();
    } catch (err: any) {
      errors.push(`${o.kind}/${o.metadata?.name}: ${String(err?.message ?? err).split('\n')[0]}`);
    }
  }
  return errors;
}

/** True when shellcheck is installed (.ci/run installs it before the tests). */
export const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;
if (!hasShellcheck) {
  // eslint-disable-next-line no-console
  console.warn('shellcheck is not on PATH: the shellcheck tests are skipped (apt-get install shellcheck; CI installs it).');
}
/** `test` when shellcheck is installed, `test.skip` otherwise. */
export const withShellcheck = hasShellcheck ? test : test.skip;

const made: string[] = [];
/** A temporary directory, removed after the test file. */
export function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-services-harness-'));
  made.push(dir);
  return dir;
}
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Runs shellcheck (style level) on a script's text. */
export function shellcheck(text: string, shell: string): { status: number | null; output: string } {
  const f = path.join(tmpDir(), 'script.sh');
  fs.writeFileSync(f, text);
  const r = spawnSync('shellcheck', ['-s', shell, '-S', 'style', f], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Runs shellcheck (style level, following `source`) on a harness's run.sh with its run-data.sh beside it. */
export function shellcheckHarness(files: { file(p: string): string | undefined }): { status: number | null; output: string } {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'run.sh'), files.file('run.sh')!);
  fs.writeFileSync(path.join(dir, 'run-data.sh'), files.file('run-data.sh')!);
  const r = spawnSync('shellcheck', ['-x', '-s', 'bash', '-S', 'style', 'run.sh', 'run-data.sh'], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
