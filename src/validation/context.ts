// The validation options of an app: cdk8s context keys (`cdk8s-services:<field>`, from cdk8s.yaml
// or `app.node.setContext`), overridden field by field by `ServiceValidation.configure`; and the
// cluster's DNS domain.
import { IConstruct } from 'constructs';
import { customWorkloadsFrom } from '../model/cluster-model';
import { asText } from '../model/text';
import { DisabledRule, kubernetesVersionFrom, OPTION_KINDS, ValidationOptions } from '../rules/engine';

/** The context key of an option (`cdk8s.yaml` context or `app.node.setContext`): `cdk8s-services:<field>`. */
function contextKey(field: string): string {
  return `cdk8s-services:${field}`;
}

/** Context key of the cluster's DNS domain (`ServiceBase.CLUSTER_DOMAIN_CONTEXT`). */
export const CLUSTER_DOMAIN_CONTEXT = 'cdk8s-services:clusterDomain';

/**
 * The cluster's DNS domain for the constructs under `scope`: the context key
 * `cdk8s-services:clusterDomain`, without a trailing dot, or `cluster.local`.
 */
export function clusterDomainOf(scope: IConstruct): string {
  const v: unknown = scope.node.tryGetContext(CLUSTER_DOMAIN_CONTEXT);
  const d = typeof v === 'string' ? v.trim().replace(/\.$/, '') : '';
  return d === '' ? 'cluster.local' : d;
}

/** The options of the app whose root is `root`: its context keys, then what `configured` sets. */
export function optionsOf(root: IConstruct, configured: ValidationOptions): ValidationOptions {
  const ctx = (key: string) => root.node.tryGetContext(key);
  // Every option, by its kind (OPTION_KINDS: the one list of options).
  const fromContext: Record<string, unknown> = {};
  for (const [field, kind] of Object.entries(OPTION_KINDS)) {
    const v = ctx(contextKey(field));
    switch (kind) {
      case 'flag': fromContext[field] = bool(v); break;
      case 'text': fromContext[field] = v === undefined ? undefined : String(v); break;
      case 'list': fromContext[field] = list(v); break;
      case 'rules': fromContext[field] = disabledList(v); break;
      case 'release': fromContext[field] = kubernetesVersionFrom(v, `context ${contextKey(field)}`); break;
      case 'workloads': fromContext[field] = customWorkloadsFrom(v, `context ${contextKey(field)}`); break;
    }
  }
  const merged: any = { ...fromContext };
  for (const [k, v] of Object.entries(configured)) if (v !== undefined) merged[k] = v;
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  return merged;
}

function bool(v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.trim().toLowerCase() === 'true';
  return Boolean(v);
}

function list(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(asText);
  return asText(v).split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function disabledList(v: unknown): DisabledRule[] | undefined {
  if (v === undefined || v === null) return undefined;
  const items = Array.isArray(v) ? v : [v];
  return items.map((d: any) => (typeof d === 'string' ? { id: d, reason: '' } : { id: asText(d?.id), reason: asText(d?.reason) }));
}
