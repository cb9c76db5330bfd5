// What is a cluster resource: an object `kubectl apply` would create on an API server, as opposed
// to client-side configuration (a kubeconfig `kind: Config`, an audit `Policy`, a kind or kubeadm
// config). The harness refuses to emit such objects and `verify` reports them as input errors.
import { printable } from './text';

/** Kinds of apiVersion `v1` that are cluster resources (the core group); any other `v1` kind is client-side. */
const CORE_KINDS = new Set([
  'Binding', 'ComponentStatus', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'Namespace', 'Node',
  'PersistentVolume', 'PersistentVolumeClaim', 'Pod', 'PodTemplate', 'ReplicationController',
  'ResourceQuota', 'Secret', 'Service', 'ServiceAccount',
]);

/** API groups of configuration files read by clients and components, never served by an API server. */
const CLIENT_SIDE_GROUPS = [
  'client.authentication.k8s.io', 'kustomize.config.k8s.io', 'kind.x-k8s.io', 'kubeadm.k8s.io',
  'kubelet.config.k8s.io', 'kubeproxy.config.k8s.io', 'apiserver.config.k8s.io', 'apiserver.k8s.io',
  'audit.k8s.io', 'kubescheduler.config.k8s.io', 'controllermanager.config.k8s.io', 'config.k8s.io',
];

/** Why object `o` is not a cluster resource the harness may apply, or undefined when it is one. */
export function notAResource(o: any): string | undefined {
  const { apiVersion, kind } = o ?? {};
  if (typeof apiVersion !== 'string' || !/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion)) {
    return `apiVersion ${printable(apiVersion)} is not a Kubernetes API version (group/version, e.g. apps/v1)`;
  }
  // A kind "may have mixed case, but should otherwise match" a DNS-1035 label (apiextensions-apiserver
  // pkg/apis/apiextensions/validation/validation.go ValidateCustomResourceDefinitionNames): Zalando's
  // `postgresql` and other lower-case custom kinds are real. It starts with a letter, so it is never
  // an option to kubectl.
  if (typeof kind !== 'string' || kind.length > 63 || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(kind.toLowerCase())) {
    return `kind ${printable(kind)} is not a Kubernetes kind (a letter, then letters, digits or '-', at most 63 characters)`;
  }
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (CLIENT_SIDE_GROUPS.some((g) => group === g || group.endsWith(`.${g}`))) {
    return `${apiVersion} ${kind} is client-side configuration (a kubeconfig or a tool's config), not a cluster resource`;
  }
  // `apiVersion: v1, kind: Config` is a kubeconfig; any v1 kind outside the core group's resources is client-side.
  if (group === '' && !CORE_KINDS.has(kind)) return `v1 ${kind} is not a resource of the core API group (a kubeconfig is v1 Config)`;
  return undefined;
}
