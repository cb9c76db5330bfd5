// T1: the decode step before validation (RULES.md §1 step 1). Not a RULES.md id (§10 puts
// JSON type errors out of its scope); ours, because `port: "80"` is a classic YAML mistake.
import { IP_FAMILIES, IP_FAMILY_POLICIES } from './cluster-ip-fields';
import { PORT_PROTOCOLS } from './ports';
import { SERVICE_TYPES, SESSION_AFFINITIES } from './selection';
import { EXTERNAL_TRAFFIC_POLICIES, INTERNAL_TRAFFIC_POLICIES } from './traffic';
import { DecodeError } from '../../model/decode';
import { fieldSource } from '../../model/field-lines';
import { RuleCategory, Severity } from '../../model/findings';
import { Rule, violation } from '../rule';

/** T1: every field must have the JSON type of the v1.Service struct, or the create fails with 400. */
export const decodable: Rule = {
  id: 'T1',
  name: 'undecodable-service',
  category: RuleCategory.API_SERVER,
  severity: Severity.ERROR,
  summary: 'apiVersion is v1 and every field has the JSON type v1.Service declares (a quoted port, a number as a label value...): otherwise the create fails before validation',
  checkModel: (ctx) => ctx.model.undecodable.flatMap(({ object, errors }) => errors.map((e) => (e.field === 'apiVersion'
    ? violation(object, e.field, e.value,
      e.value === undefined || e.value === null || e.value === ''
        ? 'apiVersion is missing: kubectl and the API server need it to know which Service API is meant (the core Service API is v1)'
        : `the API server has no Service in version ${JSON.stringify(e.value)} (kubectl: no matches for kind "Service"); the core Service API is v1 only`,
      'write apiVersion: v1')
    : violation(object, e.field, e.value,
      `the API server cannot decode this value (400 BadRequest, before any validation): ${e.field} must be ${e.expected}`,
      decodeFix(e, fieldSource(object.raw, e.field)))))),
};

/** Fields whose string has a fixed set of values (the validation rules' own lists): the fix names them. */
const ENUM_VALUES: Record<string, string[]> = {
  'spec.type': SERVICE_TYPES,
  'spec.ports[].protocol': PORT_PROTOCOLS,
  'spec.sessionAffinity': SESSION_AFFINITIES,
  'spec.externalTrafficPolicy': EXTERNAL_TRAFFIC_POLICIES,
  'spec.internalTrafficPolicy': INTERNAL_TRAFFIC_POLICIES,
  'spec.ipFamilyPolicy': IP_FAMILY_POLICIES,
  'spec.ipFamilies[]': IP_FAMILIES,
};

/** A valid example per whole-number field, so following the fix does not lead to another error. */
const NUMBER_EXAMPLES: Record<string, string> = {
  port: '80 (1-65535)',
  targetPort: '8080 (1-65535), or a container port name',
  nodePort: '30080 (within the node port range, 30000-32767 by default), or leave nodePort out',
  healthCheckNodePort: '30081 (within the node port range), or leave it out',
  timeoutSeconds: '10800 (1-86400)',
  generation: '1',
};

/** Shapes, with an example, for a value of the wrong kind (a list or a map). */
const SHAPE_EXAMPLES: Record<string, string> = {
  'spec.ports': 'ports: [{ port: 80 }]',
  'spec.selector': 'selector: { app: web }',
  'metadata.labels': 'labels: { app: web }',
  'metadata.annotations': 'annotations: { example.com/owner: team-a }',
};

/** A value a script replaces before the apply: `PORT`, `${PORT}`, `${PORT:-80}`, `<port>`, `{{ .port }}`, `__PORT__`. */
const PLACEHOLDER = /^(?:[A-Z][A-Z0-9_]*|\$\{?[A-Za-z_]\w*(?::?[-=?+][^}]*)?\}?|<[^<>]+>|\{\{.*\}\}|__\w+__)$/;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** What to write instead: the value itself, corrected where that is mechanical, else a valid example. */
function decodeFix(e: DecodeError, source?: { value: string; key?: string }): string {
  const { field, value, expected } = e;
  // A map entry's key as written (it may hold dots: app.kubernetes.io/name), else the field's name;
  // the author's own word where YAML read the key as another value (`y:` is the key "true").
  const writtenKey = source?.key !== undefined && e.mapKey !== undefined && source.key !== e.mapKey ? source.key : undefined;
  const key = writtenKey !== undefined ? JSON.stringify(writtenKey)
    : e.mapKey !== undefined ? yamlKey(e.mapKey) : field.replace(/^.*[.[]/, '').replace(/]$/, '');
  const item = e.listItem === true; // a list item: written `- value`, not `key: value`
  const example = NUMBER_EXAMPLES[key];
  if (expected.startsWith('a whole number')) {
    if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) && Number.isSafeInteger(Number(value))
      && Number(value) >= INT32_MIN && Number(value) <= INT32_MAX) {
      return `write the number without quotes: ${key}: ${value.trim()}`;
    }
    if (typeof value === 'number' && Number.isInteger(value)) {
      return `the number is out of range for the field (int32: ${INT32_MIN} to ${INT32_MAX}); write e.g. ${key}: ${example ?? '1'}`;
    }
    if (typeof value === 'number' && Number.isFinite(value)) return `write a whole number, e.g. ${key}: ${Math.round(value)}`;
    if (typeof value === 'string' && PLACEHOLDER.test(value.trim())) {
      return `${JSON.stringify(value)} looks like a placeholder that a script or template fills in: verify the file after the substitution `
        + `(e.g. envsubst < app.yaml | npx cdk8s-services verify -), or write the number, e.g. ${key}: ${example ?? '1'}`;
    }
    if (typeof value === 'string') return `write a whole number without quotes, e.g. ${key}: ${example ?? '1'}`;
    return `write a whole number, e.g. ${key}: ${example ?? '1'}`;
  }
  if (expected === 'a string' && (typeof value === 'number' || typeof value === 'boolean')) {
    // By the field's full path (list indexes dropped): a label named `type` is just a string.
    const allowed = ENUM_VALUES[field.replace(/\[\d+\]/g, '[]')];
    if (allowed) return `write one of ${allowed.join(', ')}`;
    // The word as the author wrote it (`on`, `0755`), quoted: YAML 1.1 made it true or 493.
    const quoted = JSON.stringify(source !== undefined && source.value !== '' ? source.value : String(value));
    return item
      ? `quote the item so YAML reads it as a string: - ${quoted}`
      : `quote the value so YAML reads it as a string: ${key}: ${quoted}`;
  }
  const shape = SHAPE_EXAMPLES[field];
  return shape ? `write ${expected} here, e.g. ${shape}` : `write ${expected} here`;
}

/** A map key as YAML needs it written: quoted when YAML would read it as something else (`"8080"`). */
function yamlKey(key: string): string {
  return /^[A-Za-z_][\w./-]*$/.test(key) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(key) ? key : JSON.stringify(key);
}

/** The decode rule, run before every other rule (undecodable Services are not checked further). */
export const DECODE_RULES: Rule[] = [decodable];
