// `verify --format github`: GitHub Actions workflow commands, one annotation per finding
// (`::error file=F,line=L,title=T::message`), which the runner shows on the pull request's
// lines. Escaping is the toolkit's: actions/toolkit packages/core/src/command.ts escapeData
// (% CR LF) and escapeProperty (also : and ,).
import { Finding, Severity } from '../../model/findings';
import { STDIN } from '../../model/load';
import { findingText, relativeFile, ruleTitle } from '../../rules/metadata';
import { summaryLine, VerifyReport } from '../format';

/** command.ts escapeData: `%` -> %25, CR -> %0D, LF -> %0A (in a command's message). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** command.ts escapeProperty: escapeData plus `:` -> %3A and `,` -> %2C (in a property value). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(level: string, props: Record<string, string | number | undefined>, message: string): string {
  const p = Object.entries(props).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${level}${p.length > 0 ? ` ${p.join(',')}` : ''}::${escapeData(message)}`;
}

function fileOf(file: string | undefined): string | undefined {
  return file && file !== STDIN ? relativeFile(file) : undefined;
}

/** A finding's annotation: `error`, `warning`, or `notice` for a hint. */
export function githubAnnotation(f: Finding): string {
  const level = f.severity === Severity.ERROR ? 'error' : f.severity === Severity.WARNING ? 'warning' : 'notice';
  const where = f.constructPath ? ` (${f.constructPath})` : '';
  return command(level, { file: fileOf(f.file), line: f.fieldLine ?? f.line, title: ruleTitle(f) }, `${findingText(f)}${where}`);
}

/**
 * The workflow commands of a verify run: one `::error`/`::warning`/`::notice` per finding
 * and per unreadable input (suppressed findings are not annotated; the summary counts them),
 * then the summary line as plain output.
 */
export function formatGithub(report: VerifyReport): string {
  const lines = [
    ...report.loadErrors.map((e) => command('error', { file: fileOf(e.file), line: e.line, title: 'cdk8s-services: unreadable input' }, e.message)),
    ...report.findings.map(githubAnnotation),
    summaryLine(report),
  ];
  return `${lines.join('\n')}\n`;
}
