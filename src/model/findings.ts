import { asText } from './text';

/**
 * How bad a finding is.
 */
export enum Severity {
  /**
   * The API server refuses the object, or traffic provably cannot reach a pod (docs/severity.md).
   * Fails the synth.
   */
  ERROR = 'error',
  /**
   * A careful reviewer would agree it is a mistake or a risk, though Kubernetes accepts it and
   * traffic can flow. Printed; an error in strict mode.
   */
  WARNING = 'warning',
  /**
   * A hint: worth a look, often intended (docs/severity.md). Listed by `verify` and
   * `ServiceValidation.findings`, not printed at synth, never an error (not even in strict mode).
   */
  INFO = 'info',
}

/**
 * Which family a rule belongs to.
 */
export enum RuleCategory {
  /** A rule kube-apiserver 1.27 applies on create (validation, defaulting, allocation). */
  API_SERVER = 'api-server',
  /** A rule over several objects of the app that no single manifest shows. */
  CROSS_OBJECT = 'cross-object',
  /** A security posture rule (exposure, CVE-2020-8554, DNS pitfalls). */
  SECURITY = 'security',
  /** A habit of well-kept manifests. */
  BEST_PRACTICE = 'best-practice',
}

/**
 * One problem found in a manifest: what, where, the value seen and how to fix it.
 */
export interface Finding {
  /** Stable rule id, as in RULES.md / SEMANTICS.md or the README's rule table (e.g. `V16`, `X1`). */
  readonly rule: string;
  /**
   * The rule's readable name (e.g. `selector-matches-no-pods` for X1); accepted wherever the id is.
   * @default - a finding made outside the rule registry
   */
  readonly ruleName?: string;
  /** The rule's family. */
  readonly category: RuleCategory;
  /** Error, warning or info (a hint). */
  readonly severity: Severity;
  /**
   * The object blamed, as `Kind/namespace/name`. (Before 1.0 this field was `object`, a reserved
   * word in C#; `verify --format json` still names it `object`.)
   */
  readonly objectRef: string;
  /** The field path blamed, as the API server names it (e.g. `spec.ports[0].nodePort`). */
  readonly field: string;
  /**
   * The value seen, rendered as JSON.
   * @default - the field is absent
   */
  readonly value?: string;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** What to write instead. */
  readonly fix: string;
  /**
   * The file the object came from (manifests read by `verify`).
   * @default - not read from a file
   */
  readonly file?: string;
  /**
   * The 1-based line of the object in `file`.
   * @default - not read from a file
   */
  readonly line?: number;
  /**
   * The 1-based line of `field` in `file`: the line of the deepest part of the field path the
   * file has (a field the file leaves out points at its parent).
   * @default - not read from a file
   */
  readonly fieldLine?: number;
  /**
   * The construct path of the object (apps synthesized with cdk8s).
   * @default - not built by a construct
   */
  readonly constructPath?: string;
}

/**
 * A finding that the blamed object's `cdk8s-services.io/ignore` annotation suppresses (or
 * `ignoreRule` on a service construct): not an error or a warning, listed with its reason.
 */
export interface SuppressedFinding extends Finding {
  /** Why the finding is accepted on this object, as the annotation says. */
  readonly reason: string;
}

/**
 * Renders a finding as one line a person reads:
 * `[where] field = value: message. Fix: fix. (rule ID name)`.
 */
export function formatFinding(f: Finding, options: { where?: boolean } = {}): string {
  const line = f.fieldLine ?? f.line;
  const where = f.constructPath ?? (f.file ? `${f.file}${line ? `:${line}` : ''} ${f.objectRef}` : f.objectRef);
  const prefix = options.where === false ? '' : `[${where}] `;
  const value = f.value === undefined ? '' : ` = ${f.value}`;
  const sev = f.severity === Severity.WARNING ? 'warning: ' : f.severity === Severity.INFO ? 'info: ' : '';
  const rule = f.ruleName ? `${f.rule} ${f.ruleName}` : f.rule;
  return `${prefix}${sev}${f.field}${value}: ${f.message}. Fix: ${f.fix} (rule ${rule})`;
}

/** Renders a value for `Finding.value`: JSON, cut to a readable length. */
export function renderValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let s: string;
  try {
    s = JSON.stringify(value);
  } catch {
    s = asText(value); // a cycle or a bigint; asText never throws (String() does on `{toString: 1}`)
  }
  if (s === undefined) s = asText(value);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
