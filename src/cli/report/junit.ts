// `verify --format junit`: the report as JUnit XML, which CI systems (GitLab, Jenkins, Azure
// Pipelines, CircleCI) show as tests: one test suite per object, one test case per rule
// family (api-server, cross-object, security, best-practice) on it.
import { xmlAttr, xmlText } from './xml';
import { Finding, RuleCategory, Severity } from '../../model/findings';
import { STDIN } from '../../model/load';
import { findingText, relativeFile, ruleTitle } from '../../rules/metadata';
import { VerifyReport } from '../format';

const FAMILIES = Object.values(RuleCategory);

interface Case {
  name: string;
  classname: string;
  file?: string;
  line?: number;
  failures: Finding[];
  /** Warnings, hints and suppressed findings: listed, never a failure. */
  notes: string[];
  error?: string;
}

function line(f: Finding): string {
  const at = f.file ? ` [${f.file === STDIN ? f.file : relativeFile(f.file)}${(f.fieldLine ?? f.line) ? `:${f.fieldLine ?? f.line}` : ''}]` : '';
  return `${f.severity} ${ruleTitle(f)}: ${findingText(f)}${f.constructPath ? ` (${f.constructPath})` : ''}${at}`;
}

function testcase(c: Case): string {
  const attrs = [`name="${xmlAttr(c.name)}"`, `classname="${xmlAttr(c.classname)}"`];
  if (c.file) attrs.push(`file="${xmlAttr(c.file)}"`);
  if (c.line) attrs.push(`line="${c.line}"`);
  const body: string[] = [];
  if (c.error !== undefined) body.push(`      <error message="${xmlAttr(c.error)}" type="input">${xmlText(c.error)}</error>`);
  if (c.failures.length > 0) {
    const first = c.failures[0];
    const message = `${c.failures.length === 1 ? '' : `${c.failures.length} errors; first: `}${ruleTitle(first)}: ${findingText(first)}`;
    body.push(`      <failure message="${xmlAttr(message)}" type="${xmlAttr(ruleTitle(first))}">${xmlText(c.failures.map(line).join('\n'))}</failure>`);
  }
  if (c.notes.length > 0) body.push(`      <system-out>${xmlText(c.notes.join('\n'))}</system-out>`);
  return body.length === 0 ? `    <testcase ${attrs.join(' ')}/>` : [`    <testcase ${attrs.join(' ')}>`, ...body, '    </testcase>'].join('\n');
}

/**
 * The JUnit XML of a verify run. Each Service of the input (and each other object a finding
 * blames) is a `<testsuite>` named `Kind/namespace/name`, with one `<testcase>` per rule family.
 * A case fails (`<failure>`) when the object has an error finding of that family. Warnings and
 * hints do not fail a case, as they do not fail `verify`: they are listed in the case's
 * `<system-out>`, with suppressed findings and their reasons (with `--strict` warnings are
 * errors, so they fail it). Unreadable input is a suite `input` whose cases have an `<error>`.
 */
export function formatJunit(report: VerifyReport): string {
  const objects = new Map<string, { file?: string; line?: number; cases: Map<string, Case> }>();
  const objectOf = (ref: string, file?: string, at?: number) => {
    let o = objects.get(ref);
    if (!o) {
      const f = file && file !== STDIN ? relativeFile(file) : file;
      const cases = new Map(FAMILIES.map((fam): [string, Case] => [fam, { name: fam, classname: ref, file: f, line: at, failures: [], notes: [] }]));
      o = { file: f, line: at, cases };
      objects.set(ref, o);
    }
    return o;
  };
  for (const s of report.model?.services ?? []) objectOf(s.ref, s.source.file, s.source.line);
  for (const f of report.findings) {
    const c = objectOf(f.objectRef, f.file, f.line).cases.get(f.category)!;
    if (f.severity === Severity.ERROR) c.failures.push(f);
    else c.notes.push(line(f));
  }
  for (const f of report.suppressed) objectOf(f.objectRef, f.file, f.line).cases.get(f.category)!.notes.push(`suppressed (${f.reason}): ${line(f)}`);

  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  if (report.loadErrors.length > 0) {
    const cases = report.loadErrors.map((e): Case => ({ name: `${e.file}${e.line ? `:${e.line}` : ''}`, classname: 'input', file: e.file, line: e.line, failures: [], notes: [], error: e.message }));
    tests += cases.length;
    errors += cases.length;
    suites.push([`  <testsuite name="input" tests="${cases.length}" failures="0" errors="${cases.length}" skipped="0">`, ...cases.map(testcase), '  </testsuite>'].join('\n'));
  }
  for (const [ref, o] of objects) {
    const cases = [...o.cases.values()];
    const failed = cases.filter((c) => c.failures.length > 0).length;
    tests += cases.length;
    failures += failed;
    const file = o.file ? ` file="${xmlAttr(o.file)}"` : '';
    suites.push([`  <testsuite name="${xmlAttr(ref)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0"${file}>`, ...cases.map(testcase), '  </testsuite>'].join('\n'));
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cdk8s-services verify" tests="${tests}" failures="${failures}" errors="${errors}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
