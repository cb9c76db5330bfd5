// What the emitted harness lets through to a shell or a kubectl command line. Every name and
// namespace of every object run.sh lists, waits for, or deletes is validated as the API server
// validates it (k8s.io/apimachinery/pkg/api/validation ValidateObjectMeta with
// NameIsDNSSubdomain, ValidateNamespaceName = NameIsDNSLabel; pkg/apis/core/validation
// ValidateServiceName = NameIsDNS1035Label), so no name can start with '-' (read by kubectl's
// pflag parser as an option), hold '|' (run.sh's record separator), a quote, a space or a newline.
// Objects that are not cluster resources (a kubeconfig `kind: Config`, an audit `Policy`, a kind
// or kubeadm config) are refused: `kubectl apply` would not create them, and a kubeconfig next to
// the harness is a way to run an exec plugin.

import { notAResource } from '../model/resource';
import { escapeControls, printable } from '../model/text';

export { escapeControls, printable };

/** An input the harness refuses to emit; `message` says what, where and the fix. */
export class HarnessInputError extends Error {
  public readonly code = 'EHARNESSINPUT';
  constructor(message: string) {
    super(message);
    this.name = 'HarnessInputError';
  }
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True for a DNS-1123 label (IsDNS1123Label: at most 63 characters). */
export function isDnsLabel(s: unknown): s is string {
  return typeof s === 'string' && s.length <= 63 && DNS1123_LABEL.test(s);
}

/** True for a DNS-1123 subdomain (IsDNS1123Subdomain: at most 253 characters). */
export function isDnsSubdomain(s: unknown): s is string {
  return typeof s === 'string' && s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}


function where(o: any, i: number): string {
  const kind = typeof o?.kind === 'string' ? printable(o.kind) : '(no kind)';
  const name = typeof o?.metadata?.name === 'string' ? ` "${printable(o.metadata.name)}"` : '';
  return `object ${i + 1} (${kind}${name})`;
}

/**
 * Refuses (HarnessInputError) objects the harness must not emit: not a cluster resource, or a name
 * or namespace the API server would not accept and run.sh would pass to kubectl.
 */
export function checkHarnessObjects(objects: any[]): void {
  const problems: string[] = [];
  objects.forEach((o, i) => {
    const reason = notAResource(o);
    if (reason) {
      problems.push(`${where(o, i)}: ${reason}. Remove it from the input: the harness applies cluster resources only.`);
      return;
    }
    const name = o.metadata?.name;
    const ns = o.metadata?.namespace;
    // A Service the simulation refuses keeps its name (checkRefusedNames): it is applied alone to be refused.
    const label = o.kind === 'Namespace';
    if (name !== undefined && !(label ? isDnsLabel(name) : isDnsSubdomain(name)) && o.kind !== 'Service') {
      problems.push(`${where(o, i)}: metadata.name ${JSON.stringify(printable(name))} is not a DNS-1123 ${label ? 'label' : 'subdomain'}: `
        + 'use lower-case letters, digits, \'-\'' + (label ? '' : ' and \'.\'') + ', starting and ending with a letter or digit, e.g. web-1');
    }
    if (ns !== undefined && ns !== '' && !isDnsLabel(ns)) {
      problems.push(`${where(o, i)}: metadata.namespace ${JSON.stringify(printable(ns))} is not a DNS-1123 label: `
        + 'use lower-case letters, digits and \'-\', at most 63 characters, e.g. shop');
    }
  });
  if (problems.length > 0) throw new HarnessInputError(`No harness emitted:\n${problems.join('\n')}`);
}

/**
 * Service names reach run.sh as command arguments and check ids. A valid Service name is a
 * DNS-1035 label; a Service the simulation predicts refused may have another name (the refusal
 * is what is checked), but not one that kubectl would read as an option or that holds '|',
 * whitespace, quotes or control characters.
 */
export function checkServiceName(name: unknown, refused: boolean): string | undefined {
  if (typeof name !== 'string') return undefined;
  if (!refused) return isDnsLabel(name) ? undefined : 'is not a DNS-1035 label';
  if (/^-|[|\s'"`$\\\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/.test(name)) {
    return 'starts with \'-\' or holds \'|\', whitespace, a quote, \'$\', \'\\\' or a control character';
  }
  return undefined;
}

/** Refuses Services whose names run.sh could not pass safely. */
export function checkServiceNames(services: Array<{ namespace: string; name: string; refused: boolean }>): void {
  const problems: string[] = [];
  for (const s of services) {
    const why = checkServiceName(s.name, s.refused);
    if (why) problems.push(`Service ${JSON.stringify(printable(s.name))} in namespace ${printable(s.namespace)}: the name ${why}; rename it (a Service name is a DNS-1035 label, e.g. web)`);
    if (!isDnsLabel(s.namespace)) problems.push(`Service ${JSON.stringify(printable(s.name))}: namespace ${JSON.stringify(printable(s.namespace))} is not a DNS-1123 label`);
  }
  if (problems.length > 0) throw new HarnessInputError(`No harness emitted:\n${problems.join('\n')}`);
}
