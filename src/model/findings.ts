/**
 * How bad a finding is.
 */
export enum Severity {
  /** The manifest is rejected by the API server, or cannot work as written. Fails the synth. */
  ERROR = 'error',
  /** Probably a mistake or a risk. Printed; an error in strict mode. */
  WARNING = 'warning',
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
  /** The rule's family. */
  readonly category: RuleCategory;
  /** Error or warning. */
  readonly severity: Severity;
  /** The object blamed, as `Kind/namespace/name`. */
  readonly object: string;
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
 * Renders a finding as one line a person reads:
 * `[where] field = value: message. Fix: fix. (rule ID)`.
 */
export function formatFinding(f: Finding, options: { where?: boolean } = {}): string {
  const line = f.fieldLine ?? f.line;
  const where = f.constructPath ?? (f.file ? `${f.file}${line ? `:${line}` : ''} ${f.object}` : f.object);
  const prefix = options.where === false ? '' : `[${where}] `;
  const value = f.value === undefined ? '' : ` = ${f.value}`;
  const sev = f.severity === Severity.WARNING ? 'warning: ' : '';
  return `${prefix}${sev}${f.field}${value}: ${f.message}. Fix: ${f.fix} (rule ${f.rule})`;
}

/** Renders a value for `Finding.value`: JSON, cut to a readable length. */
export function renderValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let s: string;
  try {
    s = JSON.stringify(value);
  } catch {
    s = String(value);
  }
  if (s === undefined) s = String(value);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
