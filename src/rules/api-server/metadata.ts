// RULES.md V1-V7, V41: object metadata (apimachinery ValidateObjectMetaAccessor with
// ValidateServiceName = NameIsDNS1035Label, plus validation.go's ValidateObjectMeta and the
// topology-annotation check of ValidateService). Metadata is never defaulted, so these rules
// read `svc.raw.metadata` (the model's `name` falls back to generateName, which V1 must not see).
import { ModelObject } from '../../model/cluster-model';
import { RuleCategory, Severity } from '../../model/findings';
import { isJsonMap } from '../../model/json';
import { asText } from '../../model/text';
import {
  dns1035Label, dns1123Label, labelValue, maskTrailingDash, qualifiedName, suggestName,
} from '../formats';
import { NO_VIOLATIONS, Rule, violation, Violation } from '../rule';

/** apimachinery `names.SimpleNameGenerator`: generateName is cut to 58 bytes, then 5 random characters follow. */
const MAX_GENERATED_PREFIX = 58;
/** A stand-in for the 5 random characters (all from `bcdfghjklmnpqrstvwxz2456789`, so validity does not depend on which). */
const GENERATED_SUFFIX = 'xxxxx';
/** apimachinery `TotalAnnotationSizeLimitB` (256 KiB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
/** `DeprecatedAnnotationTopologyAwareHints` (V7 since #116612, v1.27.0; W1). */
export const TOPOLOGY_AWARE_HINTS = 'service.kubernetes.io/topology-aware-hints';
/** `AnnotationTopologyMode` (V7, W1). */
export const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
/** validation.go `standardFinalizers`: the only finalizer names allowed without a `/`. */
const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

function meta(raw: any): any {
  const m = raw?.metadata;
  return m && typeof m === 'object' && !Array.isArray(m) ? m : {};
}

function text(v: unknown): string {
  return v === undefined || v === null ? '' : asText(v);
}

const API_SERVER = { category: RuleCategory.API_SERVER, severity: Severity.ERROR };

function nameFix(v: string): string {
  const s = suggestName(v, { startWithLetter: true });
  return `use a DNS-1035 label: lower-case letters, digits and '-', starting with a letter, ending with a letter or digit, at most 63 characters${s ? `, e.g. "${s}"` : ''}`;
}

/** V1 `metadata.name`: required (unless generateName is set) and a DNS-1035 label, also when generated. */
export const nameIsDns1035Label: Rule = {
  id: 'V1',
  name: 'invalid-name',
  ...API_SERVER,
  summary: 'metadata.name is required (or generateName) and must be a DNS-1035 label: lower case, starts with a letter, at most 63 characters',
  checkService: (svc) => {
    const m = meta(svc.raw);
    const name = text(m.name);
    const generateName = text(m.generateName);
    if (name !== '') {
      const errs = dns1035Label(name);
      return errs.length === 0 ? NO_VIOLATIONS : [violation(svc, 'metadata.name', name,
        `Service name "${name}" is not a valid DNS-1035 label: ${errs.join('; ')}`, nameFix(name))];
    }
    if (generateName === '') {
      return [violation(svc, 'metadata.name', undefined, 'name or generateName is required',
        'set metadata.name to the Service\'s DNS name, e.g. "web"')];
    }
    // The API server generates the name before validation (apiserver rest.BeforeCreate). When
    // V2 already rejects generateName, the generated name fails for the same reason: V2 reports it.
    if (dns1035Label(maskTrailingDash(generateName)).length > 0) return NO_VIOLATIONS;
    const generated = Buffer.from(generateName, 'utf8').subarray(0, MAX_GENERATED_PREFIX).toString('utf8') + GENERATED_SUFFIX;
    const errs = dns1035Label(generated);
    return errs.length === 0 ? NO_VIOLATIONS : [violation(svc, 'metadata.name', generated,
      `the name generated from generateName "${generateName}" (5 random characters appended, e.g. "${generated}") is not a valid DNS-1035 label: ${errs.join('; ')}`,
      `use a generateName of lower-case letters, digits and '-' that starts with a letter, e.g. "${suggestName(generateName, { startWithLetter: true }) ?? 'web'}-"`)];
  },
};

/** V2 `metadata.generateName`: `NameIsDNS1035Label(v, prefix=true)`, i.e. a DNS-1035 label after maskTrailingDash. */
export const generateNameIsDns1035Prefix: Rule = {
  id: 'V2',
  name: 'invalid-generate-name',
  ...API_SERVER,
  summary: 'metadata.generateName must be a DNS-1035 label once a trailing "-" is masked',
  checkService: (svc) => {
    const g = text(meta(svc.raw).generateName);
    if (g === '') return NO_VIOLATIONS;
    const errs = dns1035Label(maskTrailingDash(g));
    return errs.length === 0 ? NO_VIOLATIONS : [violation(svc, 'metadata.generateName', g,
      `generateName "${g}" is not a valid DNS-1035 name prefix: ${errs.join('; ')}`,
      `use lower-case letters, digits and '-', starting with a letter, at most 58 characters, e.g. "${suggestName(g, { startWithLetter: true, max: MAX_GENERATED_PREFIX }) ?? 'web'}-"`)];
  },
};

/** V3 `metadata.namespace`: a DNS-1123 label when set (empty is filled from the request URL). */
export const namespaceIsDns1123Label: Rule = {
  id: 'V3',
  name: 'invalid-namespace',
  ...API_SERVER,
  summary: 'metadata.namespace, when set, must be a DNS-1123 label: lower case, at most 63 characters, no dots',
  checkService: (svc) => {
    const ns = text(meta(svc.raw).namespace);
    if (ns === '') return NO_VIOLATIONS;
    const errs = dns1123Label(ns);
    const s = suggestName(ns);
    return errs.length === 0 ? NO_VIOLATIONS : [violation(svc, 'metadata.namespace', ns,
      `namespace "${ns}" is not a valid DNS-1123 label: ${errs.join('; ')}`,
      `use lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters${s ? `, e.g. "${s}"` : ''}`)];
  },
};

/** V4 `metadata.labels`: keys are qualified names, values are label values; the path has no key. */
export const labelsAreValid: Rule = {
  id: 'V4',
  name: 'invalid-labels',
  ...API_SERVER,
  summary: 'metadata.labels keys must be qualified names and values valid label values (at most 63 characters)',
  checkService: (svc) => labelMapViolations(svc, meta(svc.raw).labels, 'metadata.labels', 'label'),
};

/**
 * `ValidateLabels` over a map (V4 for metadata.labels, V20 for spec.selector). The API server
 * blames the map, not the key, so the message names the key. Values are strings or null here:
 * a value of another JSON type never reaches validation (rule T1, src/model/decode.ts).
 */
export function labelMapViolations(svc: ModelObject, map: unknown, field: string, what: string): Violation[] {
  if (!isJsonMap(map)) return NO_VIOLATIONS;
  const out: Violation[] = [];
  for (const [k, v] of Object.entries(map)) {
    const keyErrs = qualifiedName(k);
    if (keyErrs.length > 0) {
      out.push(violation(svc, field, k, `${what} key "${k}" is not a valid qualified name: ${keyErrs.join('; ')}`,
        'use an optional DNS subdomain prefix and "/", then a name of at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit, e.g. "app.kubernetes.io/name"'));
    }
    const value = text(v);
    const valueErrs = labelValue(value);
    if (valueErrs.length > 0) {
      const s = value.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
      out.push(violation(svc, field, value, `${what} "${k}" has an invalid value "${value}": ${valueErrs.join('; ')}`,
        `use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit${s ? `, e.g. "${s}"` : ''}`));
    }
  }
  return out;
}

/** V5 `metadata.annotations`: keys are qualified names after lower-casing; keys plus values ≤ 256 KiB. */
export const annotationsAreValid: Rule = {
  id: 'V5',
  name: 'invalid-annotations',
  ...API_SERVER,
  summary: 'metadata.annotations keys must be qualified names (case-insensitive) and all keys plus values at most 262144 bytes',
  checkService: (svc) => {
    const ann = meta(svc.raw).annotations;
    if (!isJsonMap(ann)) return NO_VIOLATIONS;
    const out: Violation[] = [];
    let size = 0;
    for (const [k, v] of Object.entries(ann)) {
      size += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(text(v), 'utf8');
      const errs = qualifiedName(k.toLowerCase());
      if (errs.length > 0) {
        out.push(violation(svc, 'metadata.annotations', k, `annotation key "${k}" is not a valid qualified name: ${errs.join('; ')}`,
          'use an optional DNS subdomain prefix and "/", then a name of at most 63 letters, digits, \'-\', \'_\' or \'.\', e.g. "example.com/owner"'));
      }
    }
    if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
      out.push(violation(svc, 'metadata.annotations', `${size} bytes`,
        `the annotations total ${size} bytes (keys plus values), over the API server's limit: Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`,
        'move large data into a ConfigMap and keep annotations small; note that client-side `kubectl apply` adds a last-applied-configuration annotation holding the whole object'));
    }
    return out;
  },
};

/** `schema.ParseGroupVersion(...).Version`: "" for "", "/" and strings with more than one "/". */
function apiVersionOf(apiVersion: string): { group: string; version: string } {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: parts[0] };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  return { group: '', version: '' };
}

/**
 * V6 the checkable parts of ObjectMeta: `generation ≥ 0`, ownerReferences (apiVersion, kind,
 * name, uid set; not owned by a v1 Event; one controller), finalizers (qualified names, a `/`
 * unless standard, not both orphan and foregroundDeletion). managedFields is set by the server.
 */
export const objectMetaIsValid: Rule = {
  id: 'V6',
  name: 'invalid-object-meta',
  ...API_SERVER,
  summary: 'metadata.generation ≥ 0; ownerReferences have apiVersion, kind, name and uid; finalizers are qualified names',
  checkService: (svc) => {
    const m = meta(svc.raw);
    const out: Violation[] = [];
    if (typeof m.generation === 'number' && m.generation < 0) {
      out.push(violation(svc, 'metadata.generation', m.generation, 'must be greater than or equal to 0',
        'leave metadata.generation out: the API server sets it'));
    }
    // apimachinery validateOwnerReference blames `metadata.ownerReferences.<field>` (no index).
    if (Array.isArray(m.ownerReferences)) {
      let firstController = '';
      m.ownerReferences.forEach((ref: any, i: number) => {
        const r = isJsonMap(ref) ? ref : {};
        const gv = apiVersionOf(text(r.apiVersion));
        const where = `ownerReferences[${i}]`;
        const missing: Array<[string, string, string]> = [];
        if (gv.version === '') missing.push(['apiVersion', 'version must not be empty', 'e.g. "apps/v1"']);
        if (text(r.kind) === '') missing.push(['kind', 'kind must not be empty', 'e.g. "Deployment"']);
        if (text(r.name) === '') missing.push(['name', 'name must not be empty', 'the owner\'s metadata.name']);
        if (text(r.uid) === '') missing.push(['uid', 'uid must not be empty', 'the owner\'s metadata.uid as the cluster assigned it']);
        for (const [f, msg, example] of missing) {
          out.push(violation(svc, `metadata.ownerReferences.${f}`, r[f] ?? '', `${where}.${f}: ${msg}`,
            `set ${where}.${f} (${example}), or drop the owner reference and let a controller add it`));
        }
        if (gv.group === '' && gv.version === 'v1' && text(r.kind) === 'Event') {
          out.push(violation(svc, 'metadata.ownerReferences', r, `${where}: /v1, Kind=Event is disallowed from being an owner`,
            'remove the owner reference to the Event'));
        }
        if (r.controller === true) {
          const current = `${text(r.kind)}/${text(r.name)}`;
          if (firstController === '') {
            firstController = current;
          } else {
            out.push(violation(svc, 'metadata.ownerReferences', firstController,
              `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
              'set controller: true on one owner reference only'));
          }
        }
      });
    }
    if (Array.isArray(m.finalizers)) {
      const finalizers = m.finalizers.map(text);
      finalizers.forEach((f: string, i: number) => {
        const errs = qualifiedName(f);
        if (f.split('/').length === 1 && !STANDARD_FINALIZERS.includes(f)) errs.push('name is neither a standard finalizer name nor is it fully qualified');
        if (errs.length > 0) {
          out.push(violation(svc, `metadata.finalizers[${i}]`, f, `finalizer "${f}" is invalid: ${errs.join('; ')}`,
            'use a domain-qualified finalizer name, e.g. "example.com/cleanup", or one of "kubernetes", "orphan", "foregroundDeletion"'));
        }
      });
      if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
        out.push(violation(svc, 'metadata.finalizers', finalizers, 'finalizer orphan and foregroundDeletion cannot be both set',
          'keep one of "orphan" and "foregroundDeletion"'));
      }
    }
    return out;
  },
};

/** V7: `topology-mode` and the deprecated `topology-aware-hints` must agree when both are set (1.27, #116612). */
export const topologyAnnotationsMatch: Rule = {
  id: 'V7',
  name: 'topology-annotations-differ',
  ...API_SERVER,
  summary: `annotations ${TOPOLOGY_MODE} and ${TOPOLOGY_AWARE_HINTS} must have the same value when both are set`,
  checkService: (svc) => {
    const ann = meta(svc.raw).annotations;
    if (!isJsonMap(ann) || !(TOPOLOGY_MODE in ann) || !(TOPOLOGY_AWARE_HINTS in ann)) return NO_VIOLATIONS;
    const mode = text(ann[TOPOLOGY_MODE]);
    const hints = text(ann[TOPOLOGY_AWARE_HINTS]);
    if (mode === hints) return NO_VIOLATIONS;
    return [violation(svc, `metadata.annotations[${TOPOLOGY_MODE}]`, mode,
      `must match annotations[${TOPOLOGY_AWARE_HINTS}] when both are specified (it is "${hints}")`,
      `keep only ${TOPOLOGY_MODE} (the hints annotation is deprecated), or give both the same value`)];
  },
};

/** V1-V7: object metadata. */
export const METADATA_RULES: Rule[] = [
  nameIsDns1035Label,
  generateNameIsDns1035Prefix,
  namespaceIsDns1123Label,
  labelsAreValid,
  annotationsAreValid,
  objectMetaIsValid,
  topologyAnnotationsMatch,
];

/** Rule branches of this family that cannot fire on a create through the API, and why. */
export const UNREACHABLE: Array<{ id: string; reason: string }> = [
  {
    id: 'V3',
    reason: 'Required branch only: an empty metadata.namespace is filled from the request URL before validation (RULES.md §1.2), so only the DNS-1123 label check is implemented',
  },
  {
    id: 'V41',
    reason: 'rest.BeforeCreate runs ValidatePathSegmentName only after V1-V3 passed, and a DNS-1035 name (including the name generated from generateName) or a DNS-1123 namespace can never be ".", ".." or contain "/" or "%"; every such value is reported by V1, V2 or V3 instead (generateName "a/-" passes V2 through the maskTrailingDash quirk, but the generated "a/-xxxxx" fails V1)',
  },
];
