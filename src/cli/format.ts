// Renders a verify run for people (text) and for tools (JSON). No rule logic here.
import { ClusterModel } from '../model/cluster-model';
import { Finding, Severity, SuppressedFinding } from '../model/findings';
import { LoadError } from '../model/load';

/** Everything one `verify` run found, ready to print. */
export interface VerifyReport {
  /** Rule and simulation findings, in engine order. */
  findings: Finding[];
  /** Findings the blamed objects' ignore annotations suppress: counted, never errors or warnings. */
  suppressed: SuppressedFinding[];
  /** Files or documents that could not be read. */
  loadErrors: LoadError[];
  /** The files read. */
  files: string[];
  /** How many objects were read. */
  objectCount: number;
  /** The simulation's table, or empty. */
  simulationText: string;
  /** The objects read (the JUnit and Markdown reports list every Service, passing ones too). */
  model?: ClusterModel;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function where(file: string | undefined, line: number | undefined): string {
  return file ? `${file}${line ? `:${line}` : ''}` : '';
}

/**
 * `error V16 port-out-of-range spec.ports[0].port = 70000 (line 14): message. Fix: fix`
 * (the line when read from a file; the rule's name when the registry has it).
 */
export function findingLine(f: Finding): string {
  const value = f.value === undefined ? '' : ` = ${f.value}`;
  const line = f.fieldLine === undefined ? '' : ` (line ${f.fieldLine})`;
  const message = f.message.replace(/[.\s]+$/, '');
  const name = f.ruleName ? ` ${f.ruleName}` : '';
  return `${f.severity} ${f.rule}${name} ${f.field}${value}${line}: ${message}. Fix: ${f.fix}`;
}

/** `error: dist/x.yaml:7: message` */
export function loadErrorLine(e: LoadError): string {
  return `error: ${where(e.file, e.line)}: ${e.message}`;
}

/** Error findings plus load errors, warning findings, hints (info) and suppressed findings. */
export function countProblems(report: VerifyReport): { errors: number; warnings: number; hints: number; suppressed: number } {
  const errors = report.findings.filter((f) => f.severity === Severity.ERROR).length + report.loadErrors.length;
  const warnings = report.findings.filter((f) => f.severity === Severity.WARNING).length;
  const hints = report.findings.filter((f) => f.severity === Severity.INFO).length;
  return { errors, warnings, hints, suppressed: report.suppressed.length };
}

/** `3 errors, 1 warning, 2 hints, 1 suppressed in 2 files (14 objects)` (hints and suppressed only when there are some) */
export function summaryLine(report: VerifyReport): string {
  const { errors, warnings, hints, suppressed } = countProblems(report);
  const unreadable = report.loadErrors.length > 0 ? ` (${report.loadErrors.length} of them in reading the input)` : '';
  const more = `${hints > 0 ? `, ${plural(hints, 'hint')}` : ''}${suppressed > 0 ? `, ${suppressed} suppressed` : ''}`;
  return `${plural(errors, 'error')}${unreadable}, ${plural(warnings, 'warning')}${more} in ${plural(report.files.length, 'file')} (${plural(report.objectCount, 'object')})`;
}

/**
 * The text report: load errors first, then findings grouped by object
 * (`Service/default/web (dist/app.k8s.yaml:12)` and one indented line per finding),
 * then the simulation table, then the summary line.
 */
export function formatText(report: VerifyReport): string {
  const lines: string[] = [];
  for (const e of report.loadErrors) lines.push(loadErrorLine(e));
  if (report.loadErrors.length > 0) lines.push('');
  const groups = new Map<string, { heading: string; findings: Finding[] }>();
  for (const f of report.findings) {
    const at = f.constructPath ?? where(f.file, f.line);
    const key = `${f.objectRef}\u0000${at}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { heading: at ? `${f.objectRef} (${at})` : f.objectRef, findings: [] }));
    g.findings.push(f);
  }
  for (const g of groups.values()) {
    lines.push(g.heading);
    for (const f of g.findings) lines.push(`  ${findingLine(f)}`);
    lines.push('');
  }
  const sim = report.simulationText.replace(/\s+$/, '');
  if (sim) lines.push(sim, '');
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}

/** One finding as a JSON entry; absent values are `null` so every entry has every key. */
function jsonFinding(f: Finding) {
  return {
    rule: f.rule,
    ruleName: f.ruleName ?? null,
    category: f.category,
    severity: f.severity,
    file: f.file ?? null,
    object: f.objectRef, // the JSON key stays `object` (Finding.objectRef before 1.0 was Finding.object)
    field: f.field,
    value: f.value ?? null,
    message: f.message,
    fix: f.fix,
    line: f.line ?? null,
    fieldLine: f.fieldLine ?? null,
  };
}

/**
 * The JSON report:
 * `{"findings":[{rule,ruleName,category,severity,file,object,field,value,message,fix,line,fieldLine}],
 *   "suppressed":[{...the same, reason}], "errors":[{file,line,message}]}`. Absent values are
 * `null` so every entry has every key.
 */
export function formatJson(report: VerifyReport): string {
  const findings = report.findings.map(jsonFinding);
  const suppressed = report.suppressed.map((f) => ({ ...jsonFinding(f), reason: f.reason }));
  const errors = report.loadErrors.map((e) => ({ file: e.file, line: e.line ?? null, message: e.message }));
  return `${JSON.stringify({ findings, suppressed, errors }, null, 2)}\n`;
}
