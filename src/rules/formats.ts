// The apimachinery format helpers of RULES.md §4.3 (F1-F7), mirroring
// k8s.io/apimachinery v0.27.0 pkg/util/validation/validation.go: each returns the list of
// problems as apimachinery words them (empty = valid), one string per failed condition.
// Lengths are counted in UTF-8 bytes, as Go's len() does.

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;

const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const QNAME_RE = new RegExp(`^${QNAME_FMT}$`);
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);

/** DNS-1123 / DNS-1035 label length limit (F1, F2). */
export const DNS_LABEL_MAX_LENGTH = 63;
/** DNS-1123 subdomain length limit (F3). */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
/** IANA_SVC_NAME length limit (F4). */
export const IANA_SVC_NAME_MAX_LENGTH = 15;
/** Qualified-name name-part and label-value length limit (F5, F6). */
export const QUALIFIED_NAME_MAX_LENGTH = 63;

/** Go's len(): UTF-8 bytes. An ASCII string (nearly every name) is its own length; counting that is cheaper. */
function byteLength(v: string): number {
  for (let i = 0; i < v.length; i++) {
    if (v.charCodeAt(i) > 0x7f) return Buffer.byteLength(v, 'utf8');
  }
  return v.length;
}

/** apimachinery MaxLenError. */
export function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

/** apimachinery EmptyError. */
export function emptyError(): string {
  return 'must be non-empty';
}

/** apimachinery InclusiveRangeError. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** apimachinery RegexError: the message, examples and the regex used (upstream's double space before `or` kept). */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

/** F1 `IsDNS1035Label`: ≤ 63, `^[a-z]([-a-z0-9]*[a-z0-9])?$` (must start with a letter). */
export function dns1035Label(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > DNS_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS_LABEL_MAX_LENGTH));
  if (!DNS1035_LABEL_RE.test(v)) {
    errs.push(regexError(
      'a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character',
      DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  }
  return errs;
}

/** F2 `IsDNS1123Label`: ≤ 63, `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`; a subdomain gets "must not contain dots". */
export function dns1123Label(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > DNS_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS_LABEL_MAX_LENGTH));
  if (!DNS1123_LABEL_RE.test(v)) {
    if (DNS1123_SUBDOMAIN_RE.test(v)) {
      // A valid subdomain that is not a label: the length was checked, so it must be dots.
      errs.push('must not contain dots');
    } else {
      errs.push(regexError(
        'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character',
        DNS1123_LABEL_FMT, 'my-name', '123-abc'));
    }
  }
  return errs;
}

/** F3 `IsDNS1123Subdomain`: ≤ 253, F2 labels joined by `.` (no per-label length cap). */
export function dns1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!DNS1123_SUBDOMAIN_RE.test(v)) {
    errs.push(regexError(
      'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character',
      DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errs;
}

/**
 * F4 `IsValidPortName` (IANA_SVC_NAME): ≤ 15, `[-a-z0-9]` only, at least one letter, no `--`,
 * no leading or trailing `-`. Each failed condition is a separate message (so `HTTP` gives 2).
 */
export function ianaSvcName(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > IANA_SVC_NAME_MAX_LENGTH) errs.push(maxLenError(IANA_SVC_NAME_MAX_LENGTH));
  if (!/^[-a-z0-9]+$/.test(v)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(v)) errs.push('must contain at least one letter (a-z)');
  if (v.includes('--')) errs.push('must not contain consecutive hyphens');
  if (v.length > 0 && (v.startsWith('-') || v.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

const QNAME_ERR = 'must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character';

/**
 * F5 `IsQualifiedName`: optional DNS-1123 subdomain prefix and `/`, then a name of ≤ 63
 * characters matching `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`. `""` gives 2 messages.
 */
export function qualifiedName(v: string): string[] {
  const errs: string[] = [];
  const parts = v.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else errs.push(...dns1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [`a qualified name ${regexError(QNAME_ERR, QNAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH) errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH)}`);
  if (!QNAME_RE.test(name)) errs.push(`name part ${regexError(QNAME_ERR, QNAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** F6 `IsValidLabelValue`: ≤ 63; empty, or a qualified-name name part. */
export function labelValue(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > QUALIFIED_NAME_MAX_LENGTH) errs.push(maxLenError(QUALIFIED_NAME_MAX_LENGTH));
  if (!LABEL_VALUE_RE.test(v)) {
    errs.push(regexError(
      'a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character',
      LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

/** F7 `IsValidPortNum`: an integer in 1..65535. */
export function isValidPortNum(n: number): string[] {
  if (Number.isInteger(n) && n >= 1 && n <= 65535) return [];
  return [inclusiveRangeError(1, 65535)];
}

/**
 * apimachinery `IsValidPathSegmentName` (V41): not `.` or `..`, no `/` or `%`.
 * With `prefix` (generateName), only the `/` and `%` checks apply.
 */
export function pathSegmentName(v: string, prefix = false): string[] {
  if (!prefix) {
    for (const bad of ['.', '..']) if (v === bad) return [`may not be '${bad}'`];
  }
  return ['/', '%'].filter((c) => v.includes(c)).map((c) => `may not contain '${c}'`);
}

/**
 * apimachinery `maskTrailingDash` as used by `NameIsDNS1035Label(v, prefix=true)` (V2):
 * a trailing `-` is masked so generateName `web-` validates. Upstream drops the last TWO
 * characters and appends `a` (`name[:len(name)-2] + "a"`); reproduced verbatim, as it
 * decides which generateNames pass.
 */
export function maskTrailingDash(v: string): string {
  if (v.length > 1 && v.endsWith('-')) return `${v.slice(0, v.length - 2)}a`;
  return v;
}

/** apimachinery `field.NotSupported` detail: `supported values: "A", "B"` (sorted, as sets.List does). */
export function supportedValues(values: string[]): string {
  return `supported values: ${[...values].sort().map((v) => `"${v}"`).join(', ')}`;
}

/**
 * A valid name close to `v`, for a fix: lower case, invalid characters turned into `-`,
 * cut to `max`, and (for DNS-1035) leading digits dropped, or `svc-` prepended when only digits are left. Returns undefined when nothing is left.
 */
export function suggestName(v: string, options: { startWithLetter?: boolean; max?: number } = {}): string | undefined {
  const max = options.max ?? DNS_LABEL_MAX_LENGTH;
  let s = v.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+/, '');
  if (options.startWithLetter && /^[0-9]/.test(s)) {
    const rest = s.replace(/^[0-9-]+/, '');
    s = rest === '' ? `svc-${s}` : rest;
  }
  s = s.slice(0, max).replace(/-+$/, '');
  return s === '' ? undefined : s;
}
