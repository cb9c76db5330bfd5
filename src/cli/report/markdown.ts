// `verify --format markdown`: a report for a pull-request comment: a Mermaid flowchart of
// Services -> workloads -> ports with the objects that have findings marked, then the
// findings table. Every name is escaped for Mermaid labels and for GitHub Markdown.
import { ClusterModel, PodTemplateModel, ServiceModel } from '../../model/cluster-model';
import { Finding, Severity } from '../../model/findings';
import { STDIN } from '../../model/load';
import { ServicePortSpec } from '../../model/service-spec';
import { relativeFile, ruleDocUrl, ruleOf, ruleTitle, severityRank } from '../../rules/metadata';
import { summaryLine, VerifyReport } from '../format';

/** Services drawn at most; GitHub renders Mermaid up to 50,000 characters and 500 edges. */
export const MAX_DIAGRAM_SERVICES = 40;
/** Findings listed at most: a GitHub comment holds 65,536 characters. */
export const MAX_TABLE_ROWS = 200;

/**
 * Text for a quoted Mermaid label (`["..."]`, `|"..."|`): Mermaid's entity codes (`#quot;`,
 * `#35;`) for the characters its grammar or HTML labels read, a space for line breaks and
 * controls. A backtick is coded too: `"`...`"` would start a Markdown string.
 */
export function mermaidLabel(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001F\u007F\u2028\u2029]/g, ' ').replace(/[#"&<>`|[\]{}()]/g, (c) => `#${c.charCodeAt(0)};`);
}

/**
 * Text for a GitHub Markdown table cell: ASCII punctuation Markdown or HTML reads is
 * backslash-escaped (CommonMark "Backslash escapes"), line breaks are spaces, and `@` and
 * `#` get a zero-width space so a name never mentions a user or links an issue.
 */
export function markdownText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s
    .replace(/[\u0000-\u001F\u007F\u2028\u2029]/g, ' ')
    .replace(/[\\`*_{}[\]<>()!|~&]/g, (c) => `\\${c}`)
    .replace(/([@#])/g, '$1\u200B');
}

function worst(findings: Finding[]): Severity | undefined {
  let w: Severity | undefined;
  for (const f of findings) if (w === undefined || severityRank(f.severity) < severityRank(w)) w = f.severity;
  return w;
}

function classOf(s: Severity | undefined): string {
  return s === undefined ? '' : `:::${s}`;
}

/** The container port a Service port reaches on a workload, or a note that none is declared. */
function target(svcPort: ServicePortSpec, t: PodTemplateModel): { key: string; label: string; declared: boolean } {
  const tp = svcPort.targetPort ?? svcPort.port;
  const proto = svcPort.protocol ?? 'TCP';
  const hit = t.ports.find((d) => d.protocol === proto && (typeof tp === 'string' ? d.name === tp : d.containerPort === Number(tp)));
  if (hit) return { key: `${hit.containerPort}/${hit.protocol}`, label: `${hit.name ? `${hit.name} ` : ''}${hit.containerPort}/${hit.protocol} (${hit.container})`, declared: true };
  return typeof tp === 'string'
    ? { key: `name:${tp}/${proto}`, label: `${tp}/${proto}: no container declares it`, declared: false }
    : { key: `${tp}/${proto}`, label: `${tp}/${proto} (not declared)`, declared: true };
}

/** The Mermaid flowchart of the model's Services (at most MAX_DIAGRAM_SERVICES). */
export function serviceDiagram(model: ClusterModel, findings: Finding[]): { diagram: string; left: number } {
  const byObject = new Map<string, Finding[]>();
  for (const f of findings) byObject.set(f.objectRef, [...(byObject.get(f.objectRef) ?? []), f]);
  const lines = ['flowchart LR'];
  const workloads = new Map<string, string>();
  const ports = new Map<string, string>();
  const services: ServiceModel[] = model.services.slice(0, MAX_DIAGRAM_SERVICES);
  services.forEach((svc, i) => {
    const id = `s${i}`;
    const sel = svc.selector ? '' : '<br/>no selector';
    lines.push(`  ${id}["Service ${mermaidLabel(`${svc.namespace}/${svc.name}`)}<br/>${mermaidLabel(svc.type)}${sel}"]${classOf(worst(byObject.get(svc.ref) ?? []))}`);
    const selected = model.templatesOf(svc);
    if (svc.selector && selected.length === 0) {
      lines.push(`  ${id} --> ${id}none["no pods selected"]:::error`);
    }
    for (const t of selected) {
      let w = workloads.get(t.owner.ref);
      if (!w) {
        w = `w${workloads.size}`;
        workloads.set(t.owner.ref, w);
        lines.push(`  ${w}["${mermaidLabel(`${t.owner.kind} ${t.owner.namespace}/${t.owner.name}`)}"]${classOf(worst(byObject.get(t.owner.ref) ?? []))}`);
      }
      lines.push(`  ${id} --> ${w}`);
      for (const { p } of svc.ports) {
        const to = target(p, t);
        const key = `${t.owner.ref}\u0000${to.key}`;
        let pid = ports.get(key);
        if (!pid) {
          pid = `p${ports.size}`;
          ports.set(key, pid);
          lines.push(`  ${pid}(["${mermaidLabel(to.label)}"])${to.declared ? '' : ':::error'}`);
        }
        lines.push(`  ${w} -->|"${mermaidLabel(`${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol ?? 'TCP'}`)}"| ${pid}`);
      }
    }
  });
  lines.push(
    '  classDef error fill:#ffebe9,stroke:#cf222e,color:#1f2328',
    '  classDef warning fill:#fff8c5,stroke:#9a6700,color:#1f2328',
    '  classDef info fill:#ddf4ff,stroke:#0969da,color:#1f2328',
  );
  return { diagram: lines.join('\n'), left: model.services.length - services.length };
}

function where(f: Finding): string {
  if (!f.file) return f.constructPath ?? '';
  const file = f.file === STDIN ? f.file : relativeFile(f.file);
  const line = f.fieldLine ?? f.line;
  return `${file}${line ? `:${line}` : ''}${f.constructPath ? ` (${f.constructPath})` : ''}`;
}

function row(f: Finding, reason?: string): string {
  const r = ruleOf(f);
  const cells = [
    f.severity,
    `[${markdownText(ruleTitle(f))}](${ruleDocUrl(r)})`,
    markdownText(f.objectRef),
    markdownText(`${f.field}${f.value === undefined ? '' : ` = ${f.value}`}`),
    markdownText(f.message),
    markdownText(reason === undefined ? f.fix : `suppressed: ${reason}`),
    markdownText(where(f)),
  ];
  return `| ${cells.join(' | ')} |`;
}

function table(rows: string[], total: number): string[] {
  const out = ['| severity | rule | object | field | message | fix | where |', '|---|---|---|---|---|---|---|', ...rows.slice(0, MAX_TABLE_ROWS)];
  if (total > MAX_TABLE_ROWS) out.push('', `${total - MAX_TABLE_ROWS} more not listed (\`--format json\` lists all).`);
  return out;
}

/**
 * The Markdown report: the summary line, a Mermaid `flowchart` (Service -> the workloads it
 * selects -> the container port each Service port reaches; objects with findings in the
 * class of their worst finding: error, warning, info), the input errors, the findings table
 * (most severe first, each rule linked to docs/rules.md) and the suppressed findings.
 */
export function formatMarkdown(report: VerifyReport): string {
  const out = ['## cdk8s-services verify', '', `**${markdownText(summaryLine(report))}**`, ''];
  if (report.model && report.model.services.length > 0) {
    const { diagram, left } = serviceDiagram(report.model, report.findings);
    out.push('```mermaid', diagram, '```', '');
    if (left > 0) out.push(`${left} more Services not drawn.`, '');
  }
  if (report.loadErrors.length > 0) {
    out.push('### Input that could not be read', '');
    for (const e of report.loadErrors) out.push(`- ${markdownText(`${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`)}`);
    out.push('');
  }
  const sorted = report.findings.map((f, i) => ({ f, i }))
    .sort((a, b) => severityRank(a.f.severity) - severityRank(b.f.severity) || a.i - b.i)
    .map((x) => x.f);
  if (sorted.length > 0) out.push('### Findings', '', ...table(sorted.map((f) => row(f)), sorted.length), '');
  if (report.suppressed.length > 0) {
    out.push('<details><summary>Suppressed findings</summary>', '', ...table(report.suppressed.map((f) => row(f, f.reason)), report.suppressed.length), '', '</details>', '');
  }
  return `${out.join('\n')}\n`;
}
