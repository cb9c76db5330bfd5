// `verify --format sarif`: the report as SARIF 2.1.0 (OASIS), for GitHub code scanning and
// other SARIF readers. Rule metadata comes from the registry (./rules.ts); the findings and
// their files and lines from the one VerifyReport.
import * as fs from 'fs';
import * as path from 'path';
import { Finding, Severity, SuppressedFinding } from '../../model/findings';
import { STDIN } from '../../model/load';
import { DocumentedRule } from '../../rules/engine';
import { findingText, relativeFile, reportRules, ruleDocUrl, ruleTitle, severityRank } from '../../rules/metadata';
import { VerifyReport } from '../format';

/**
 * GitHub code scanning refuses an upload with more than 25,000 results in a run
 * (docs.github.com, "SARIF results exceed limit"): past it, the most severe are kept and a
 * notification says how many were left out.
 */
export const SARIF_MAX_RESULTS = 25_000;

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function toolVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** SARIF's level of a severity: `info` (a hint) is `note`. */
export function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === Severity.ERROR ? 'error' : s === Severity.WARNING ? 'warning' : 'note';
}

function descriptor(r: DocumentedRule) {
  const url = ruleDocUrl(r);
  const summary = r.summary.replace(/\.$/, '');
  return {
    id: r.id,
    name: r.name,
    shortDescription: { text: `${summary}.` },
    fullDescription: { text: r.source ? `${summary}. Follows ${r.source}.` : `${summary}.` },
    helpUri: url,
    help: {
      text: `${summary}. Each result says what to write instead (its Fix); the rule's failing and passing examples: ${url}`,
      markdown: `${summary}.\n\nEach result says what to write instead (its **Fix**). The rule's failing and passing examples: [${r.id} ${r.name}](${url}).`,
    },
    defaultConfiguration: { level: sarifLevel(r.severity) },
    properties: { category: r.category, tags: ['kubernetes', r.category] },
  };
}

/** `a b/c.yaml` as a URI reference: each segment percent-encoded. */
function uriOf(file: string): string {
  return relativeFile(file).split('/').map((s) => (s === '..' || s === '.' ? s : encodeURIComponent(s))).join('/');
}

function location(f: Finding) {
  const [kind, namespace, ...rest] = f.objectRef.split('/');
  const logical: object[] = [{ name: rest.join('/') || f.objectRef, fullyQualifiedName: f.objectRef, kind: 'resource', ...(namespace ? { properties: { kind, namespace } } : {}) }];
  if (f.constructPath) logical.push({ name: f.constructPath.split('/').pop(), fullyQualifiedName: f.constructPath, kind: 'declaration' });
  const line = f.fieldLine ?? f.line;
  // Standard input has no file a reader could open: the object names the place.
  const physical = f.file && f.file !== STDIN
    ? { physicalLocation: { artifactLocation: { uri: uriOf(f.file) }, ...(line ? { region: { startLine: line } } : {}) } }
    : {};
  return { ...physical, logicalLocations: logical };
}

function result(f: Finding, index: Map<string, number>, suppression?: string) {
  const text = findingText(f);
  return {
    ruleId: f.rule,
    ruleIndex: index.get(f.rule)!,
    level: sarifLevel(f.severity),
    message: { text, markdown: `\`${ruleTitle(f)}\` ${text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)}` },
    locations: [location(f)],
    properties: { field: f.field, ...(f.value === undefined ? {} : { value: f.value }) },
    ...(suppression === undefined ? {} : { suppressions: [{ kind: 'inSource', justification: suppression }] }),
  };
}

/**
 * The SARIF 2.1.0 log of a verify run: every rule of the registry as `tool.driver.rules`
 * (id, name, descriptions, help with the docs/rules.md link, default level), one result per
 * finding (level `note` for a hint) with the file (relative to the working directory, forward
 * slashes) and line, and the object and construct path as logical locations; suppressed
 * findings are results with an `inSource` suppression and the annotation's reason. Input that
 * could not be read is a tool execution notification (it is no rule's result).
 */
export function formatSarif(report: VerifyReport): string {
  const all: Array<{ f: Finding; reason?: string }> = [
    ...report.findings.map((f) => ({ f })),
    ...report.suppressed.map((f: SuppressedFinding) => ({ f, reason: f.reason })),
  ];
  const rules = reportRules(all.map((e) => e.f));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  let kept = all;
  const notifications: object[] = report.loadErrors.map((e) => {
    const physicalLocation = { artifactLocation: { uri: uriOf(e.file) }, ...(e.line ? { region: { startLine: e.line } } : {}) };
    return { level: 'error', message: { text: e.message }, ...(e.file && e.file !== STDIN ? { locations: [{ physicalLocation }] } : {}) };
  });
  if (all.length > SARIF_MAX_RESULTS) {
    // Stable sort: the most severe first, engine order within a level; suppressed ones last.
    kept = all.map((e, i) => ({ e, i }))
      .sort((a, b) => Number(a.e.reason !== undefined) - Number(b.e.reason !== undefined)
        || severityRank(a.e.f.severity) - severityRank(b.e.f.severity) || a.i - b.i)
      .slice(0, SARIF_MAX_RESULTS).map((x) => x.e);
    notifications.push({ level: 'warning', message: { text: `${all.length - SARIF_MAX_RESULTS} of ${all.length} results left out: GitHub code scanning takes at most ${SARIF_MAX_RESULTS} per run (the most severe are kept; --format json lists all)` } });
  }
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-services',
          informationUri: 'https://github.com/cdk8s-services/cdk8s-services',
          semanticVersion: toolVersion(),
          rules: rules.map(descriptor),
        },
      },
      invocations: [{ executionSuccessful: true, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
      results: kept.map((e) => result(e.f, index, e.reason)),
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
