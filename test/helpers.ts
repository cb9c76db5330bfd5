// Shared test helpers: build manifests tersely and run the rule engine on them.
import { ClusterModel } from '../src/model/cluster-model';
import { Finding, Severity } from '../src/model/findings';
import { checkModel, ValidationOptions } from '../src/rules/engine';

/** A v1 Service manifest in namespace `default` named `web` unless metadata says otherwise. */
export function service(spec: any, metadata: any = {}): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', ...metadata }, spec };
}

/** A Deployment manifest whose pods carry `labels` and run one container with `ports`. */
export function deployment(name: string, labels: Record<string, string>, ports: any[] = [{ containerPort: 80 }], extra: any = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(extra.metadata ?? {}) },
    spec: {
      replicas: extra.replicas ?? 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx', ports }] } },
    },
  };
}

/** Runs every rule over the objects. */
export function check(objects: any[], options: ValidationOptions = {}): Finding[] {
  return checkModel(ClusterModel.fromObjects(objects), options);
}

/** The findings of one rule. */
export function findingsOf(findings: Finding[], rule: string): Finding[] {
  return findings.filter((f) => f.rule === rule);
}

/** Asserts that `rule` fired on `field` (and returns those findings). */
export function expectRule(findings: Finding[], rule: string, field?: string, severity: Severity = Severity.ERROR): Finding[] {
  const hits = findings.filter((f) => f.rule === rule && (field === undefined || f.field === field));
  if (hits.length === 0) {
    throw new Error(`expected rule ${rule}${field ? ` on ${field}` : ''}; got:\n${findings.map((f) => `  ${f.rule} ${f.field} ${f.message}`).join('\n') || '  (no findings)'}`);
  }
  expect(hits.every((h) => h.severity === severity)).toBe(true);
  return hits;
}

/** Asserts that `rule` did not fire. */
export function expectNoRule(findings: Finding[], rule: string): void {
  const hits = findings.filter((f) => f.rule === rule);
  expect(hits.map((f) => `${f.rule} ${f.field}: ${f.message}`)).toEqual([]);
}
