// `verify --format sarif|junit|github|markdown`: each report is checked by the tool that reads
// it: SARIF by the official 2.1.0 schema (ajv) and Microsoft's validator (sarif-multitool) and
// GitHub code scanning's upload rules, JUnit by an XML parser, the workflow commands by the
// toolkit's escaping read back, Markdown by marked and its Mermaid diagram by mermaid.parse.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CliIo } from '../../src/cli/args';
import { VerifyReport } from '../../src/cli/format';
import { escapeData, escapeProperty } from '../../src/cli/report/github';
import { formatMarkdown, MAX_DIAGRAM_SERVICES, MAX_TABLE_ROWS, mermaidLabel } from '../../src/cli/report/markdown';
import { formatSarif, SARIF_MAX_RESULTS } from '../../src/cli/report/sarif';
import { parseVerifyArgs, runVerify, VERIFY_USAGE } from '../../src/cli/verify';
import { ClusterModel } from '../../src/model/cluster-model';
import { Finding, RuleCategory, Severity } from '../../src/model/findings';
import { findRule } from '../../src/rules/engine';

const APP = path.join('test', 'fixtures', 'reports', 'app.yaml');
const MULTITOOL_DIR = path.dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json'));

function verify(...argv: string[]) {
  const out: string[] = [];
  const io: CliIo = { out: (s) => void out.push(s), err: () => undefined };
  const code = runVerify(parseVerifyArgs(argv), io);
  return { code, out: out.join('') };
}

/** The findings as the JSON report gives them: what every other format must carry. */
function jsonFindings(...argv: string[]): { findings: any[]; suppressed: any[] } {
  return JSON.parse(verify(...argv, '--format', 'json').out);
}

/** A Service and a Deployment whose names hold what breaks XML, Markdown, Mermaid and workflow commands. */
const HOSTILE_NAME = 'evil]]><&%,:\u0007"|`#1 @team [x](y) \\ *b* ~c~ {d}';
function hostileApp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reports, 50%: '));
  const file = path.join(dir, 'a b,c.yaml');
  const name = JSON.stringify(HOSTILE_NAME);
  fs.writeFileSync(file, [
    'apiVersion: v1', 'kind: Service', `metadata: {name: ${name}, namespace: "ns<&>"}`,
    'spec: {selector: {app: evil}, ports: [{port: 80, targetPort: http}]}', '---',
    'apiVersion: apps/v1', 'kind: Deployment', `metadata: {name: ${name}, namespace: "ns<&>"}`,
    'spec:', '  selector: {matchLabels: {app: evil}}', '  template:', '    metadata: {labels: {app: evil}}',
    '    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}', '',
  ].join('\n'));
  return file;
}
const HOSTILE = hostileApp();

describe('verify --format', () => {
  test('--help lists every format; an unknown one is a usage error naming them', () => {
    for (const f of ['text', 'json', 'sarif', 'junit', 'github', 'markdown']) expect(VERIFY_USAGE).toMatch(new RegExp(`^ +${f} `, 'm'));
    expect(() => parseVerifyArgs([APP, '--format', 'xml'])).toThrow('--format must be one of text, json, sarif, junit, github, markdown (got "xml")');
  });

  test('every format exits as text does: 1 with an error finding', () => {
    for (const f of ['sarif', 'junit', 'github', 'markdown']) expect(verify(APP, '--format', f).code).toBe(1);
  });
});

// ---------------------------------------------------------------- SARIF

function schemaValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(MULTITOOL_DIR, 'sarif-2.1.0.json'), 'utf8'));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Microsoft's validator on a log: its results of level error or warning (notes are advice). */
function multitool(log: string): Array<{ ruleId: string; level: string; text: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-'));
  fs.writeFileSync(path.join(dir, 'in.sarif'), log);
  const exe = path.join(MULTITOOL_DIR, 'Sarif.Multitool');
  const r = spawnSync(exe, ['validate', '--output', path.join(dir, 'out.sarif'), path.join(dir, 'in.sarif')], {
    encoding: 'utf8',
    timeout: 120_000,
    // Its SARIF2006 check GETs every URI in the log (a note, which this test ignores); with no
    // network here each GET waits for a timeout. A proxy on a closed local port fails them at once.
    env: { ...process.env, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' },
  });
  if (r.status !== 0) throw new Error(`sarif-multitool failed (${r.status}): ${r.stdout}${r.stderr}${r.error ?? ''}`);
  const out = JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8'));
  const rules = out.runs[0].tool.driver.rules ?? [];
  return (out.runs[0].results ?? [])
    .map((x: any) => ({ ruleId: x.ruleId, level: x.level ?? 'warning', text: `${x.message.id} ${JSON.stringify(x.message.arguments)} ${rules[x.ruleIndex]?.name ?? ''}` }))
    .filter((x: any) => x.level === 'error' || x.level === 'warning');
}

/**
 * What GitHub code scanning requires of an upload (docs.github.com "SARIF support for code
 * scanning" and "SARIF results exceed limit"): version 2.1.0, at most 20 runs, a driver name,
 * at most 25,000 rules and results per run, every rule an id, shortDescription.text and
 * help.text, every result message.text, a ruleId of a rule of the run (ruleIndex pointing at
 * it), at most 1,000 locations, each physical location a relative URI and a startLine >= 1,
 * at most 20 tags per rule. partialFingerprints are optional (upload-sarif computes them).
 */
function githubUploadProblems(log: any): string[] {
  const problems: string[] = [];
  if (log.version !== '2.1.0') problems.push(`version ${log.version}`);
  if (!Array.isArray(log.runs) || log.runs.length > 20) problems.push('runs');
  for (const run of log.runs ?? []) {
    const driver = run.tool?.driver;
    if (!driver?.name) problems.push('tool.driver.name missing');
    const rules: any[] = driver?.rules ?? [];
    if (rules.length > 25_000) problems.push('more than 25,000 rules');
    for (const r of rules) {
      if (!r.id || !r.shortDescription?.text || !r.help?.text) problems.push(`rule ${r.id}: id, shortDescription.text or help.text missing`);
      if ((r.properties?.tags ?? []).length > 20) problems.push(`rule ${r.id}: more than 20 tags`);
    }
    const results: any[] = run.results ?? [];
    if (results.length > 25_000) problems.push('more than 25,000 results');
    results.forEach((x, i) => {
      if (!x.message?.text) problems.push(`result ${i}: message.text missing`);
      if (!rules.some((r) => r.id === x.ruleId)) problems.push(`result ${i}: ruleId ${x.ruleId} is no rule of the run`);
      if (x.ruleIndex !== undefined && rules[x.ruleIndex]?.id !== x.ruleId) problems.push(`result ${i}: ruleIndex ${x.ruleIndex} is not rule ${x.ruleId}`);
      if ((x.locations ?? []).length > 1000) problems.push(`result ${i}: more than 1,000 locations`);
      for (const l of x.locations ?? []) {
        const p = l.physicalLocation;
        if (!p) continue;
        const uri: string = p.artifactLocation?.uri ?? '';
        if (!uri || /^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/') || uri.includes('\\')) problems.push(`result ${i}: uri "${uri}" is not a relative path with forward slashes`);
        if (p.region && !(Number.isInteger(p.region.startLine) && p.region.startLine >= 1)) problems.push(`result ${i}: startLine ${p.region.startLine}`);
      }
    });
  }
  return problems;
}

describe('verify --format sarif', () => {
  const validate = schemaValidator();

  test('the log is valid by the official SARIF 2.1.0 schema, and the check can fail', () => {
    const log = JSON.parse(verify(APP, '--format', 'sarif').out);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const broken = JSON.parse(JSON.stringify(log));
    broken.runs[0].results[0].level = 'info';
    expect(validate(broken)).toBe(false);
  });

  test('Microsoft\'s validator (sarif-multitool validate) finds no error or warning, and finds a broken log', () => {
    expect(multitool(verify(APP, '--format', 'sarif').out)).toEqual([]);
    expect(multitool(verify(HOSTILE, '--format', 'sarif').out)).toEqual([]);
    const broken = JSON.parse(verify(APP, '--format', 'sarif').out);
    delete broken.runs[0].results[0].message;
    expect(multitool(JSON.stringify(broken)).map((x) => x.level)).toContain('error');
  }, 120_000);

  test('GitHub code scanning\'s upload rules hold, and the check can fail', () => {
    for (const file of [APP, HOSTILE]) expect(githubUploadProblems(JSON.parse(verify(file, '--format', 'sarif').out))).toEqual([]);
    const broken = JSON.parse(verify(APP, '--format', 'sarif').out);
    broken.runs[0].results[0].ruleId = 'NOPE';
    broken.runs[0].results[1].locations[0].physicalLocation.artifactLocation.uri = 'C:\\x.yaml';
    expect(githubUploadProblems(broken)).toHaveLength(3);
  });

  test('each finding is a result at its file and field line; rules carry the registry\'s name, summary, level and docs link', () => {
    const log = JSON.parse(verify(APP, '--format', 'sarif').out);
    const run = log.runs[0];
    const json = jsonFindings(APP);
    const unsuppressed = run.results.filter((x: any) => !x.suppressions);
    const at = (x: any) => x.locations[0].physicalLocation;
    expect(unsuppressed.map((x: any) => [x.ruleId, x.level, at(x).artifactLocation.uri, at(x).region.startLine]))
      .toEqual(json.findings.map((f) => [f.rule, f.severity === 'info' ? 'note' : f.severity, 'test/fixtures/reports/app.yaml', f.fieldLine]));
    expect(unsuppressed.map((x: any) => x.level)).toEqual(expect.arrayContaining(['error', 'warning', 'note']));
    for (const x of run.results) {
      const rule = run.tool.driver.rules[x.ruleIndex];
      const reg = findRule(x.ruleId)!;
      expect(rule).toMatchObject({ id: reg.id, name: reg.name, shortDescription: { text: `${reg.summary.replace(/\.$/, '')}.` } });
      expect(rule.defaultConfiguration.level).toBe(reg.severity === Severity.INFO ? 'note' : reg.severity);
      expect(rule.help.markdown).toContain(`docs/rules.md#${reg.id.toLowerCase()}-${reg.name}`);
      expect(x.locations[0].logicalLocations[0]).toMatchObject({ kind: 'resource', fullyQualifiedName: expect.stringMatching(/^Service\/default\//) });
    }
    const fix = json.findings.find((f) => f.rule === 'V16')!.fix;
    expect(run.results.find((x: any) => x.ruleId === 'V16').message.text).toContain(`Fix: ${fix}`);
  });

  test('a suppressed finding is a result with an inSource suppression giving the annotation\'s reason', () => {
    const run = JSON.parse(verify(APP, '--format', 'sarif').out).runs[0];
    const suppressed = run.results.filter((x: any) => x.suppressions);
    expect(suppressed.map((x: any) => [x.ruleId, x.suppressions])).toEqual([['X4', [{ kind: 'inSource', justification: 'a sidecar listens on 8008' }]]]);
  });

  test('file names are URIs relative to the working directory: spaces, commas and % percent-encoded', () => {
    const run = JSON.parse(verify(HOSTILE, '--format', 'sarif').out).runs[0];
    const rel = path.relative(process.cwd(), HOSTILE).split(path.sep).join('/');
    const uris = new Set(run.results.map((x: any) => x.locations[0].physicalLocation.artifactLocation.uri));
    expect([...uris].map((u: any) => decodeURIComponent(u))).toEqual([rel]);
    expect([...uris][0]).not.toMatch(/[ ,%](?![0-9A-F]{2})/);
  });

  test('past 25,000 results the most severe are kept, and a notification says how many were left out', () => {
    const f = (i: number, severity: Severity): Finding => ({ rule: 'V16', category: RuleCategory.API_SERVER, severity, objectRef: `Service/default/s${i}`, field: 'spec', message: 'm', fix: 'f' });
    const findings = [...Array.from({ length: SARIF_MAX_RESULTS }, (_, i) => f(i, Severity.INFO)), f(-1, Severity.ERROR)];
    const report: VerifyReport = { findings, suppressed: [], loadErrors: [], files: [], objectCount: 0, simulationText: '' };
    const run = JSON.parse(formatSarif(report)).runs[0];
    expect(run.results).toHaveLength(SARIF_MAX_RESULTS);
    expect(run.results[0]).toMatchObject({ level: 'error', locations: [{ logicalLocations: [{ fullyQualifiedName: 'Service/default/s-1' }] }] });
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/^1 of 25001 results left out/);
  });

  test('input that cannot be read is a tool execution notification of level error', () => {
    const run = JSON.parse(verify(path.join('test', 'fixtures', 'verify', 'bad', 'not-a-mapping.yaml'), '--format', 'sarif').out).runs[0];
    expect(run.invocations[0].toolExecutionNotifications[0]).toMatchObject({ level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'test/fixtures/verify/bad/not-a-mapping.yaml' } } }] });
    expect(validate(JSON.parse(verify(path.join('test', 'fixtures', 'verify', 'bad'), '--format', 'sarif').out)) ? [] : validate.errors).toEqual([]);
  });
});

// ---------------------------------------------------------------- JUnit

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name), processEntities: true, htmlEntities: false });

describe('verify --format junit', () => {
  test('one test suite per Service, one case per rule family; errors fail a case, warnings and suppressed findings are its output', () => {
    const out = verify(APP, '--format', 'junit').out;
    expect(XMLValidator.validate(out)).toBe(true);
    const doc = xml.parse(out).testsuites;
    const suites = doc.testsuite;
    expect(suites.map((s: any) => s.name)).toEqual(['Service/default/web', 'Service/default/api', 'Service/default/orphan', 'Service/default/edge']);
    for (const s of suites) expect(s.testcase.map((c: any) => c.name)).toEqual(Object.values(RuleCategory));
    const failed = suites.flatMap((s: any) => s.testcase.filter((c: any) => c.failure).map((c: any) => `${s.name} ${c.name}`));
    expect(failed).toEqual(['Service/default/api api-server', 'Service/default/orphan cross-object']);
    expect(doc.failures).toBe('2');
    expect(doc.tests).toBe(String(4 * 4));
    const edge = suites.find((s: any) => s.name === 'Service/default/edge');
    const edgeOut = edge.testcase.map((c: any) => c['system-out'] ?? '').join('\n');
    expect(edgeOut).toMatch(/^warning X4 numeric-target-port-undeclared: /m);
    expect(edgeOut).toMatch(/^info S4 node-port-service: /m);
    expect(edge.failures).toBe('0');
    const api = suites.find((s: any) => s.name === 'Service/default/api');
    expect(api.testcase.find((c: any) => c.name === 'cross-object')['system-out']).toContain('suppressed (a sidecar listens on 8008): warning X4');
    expect(api.testcase[0].failure.type).toBe('V16 port-out-of-range');
    expect(api.testcase[0].failure['#text']).toContain('[test/fixtures/reports/app.yaml:48]');
  });

  test('with --strict a warning fails its case', () => {
    const doc = xml.parse(verify(APP, '--format', 'junit', '--strict').out).testsuites;
    const edge = doc.testsuite.find((s: any) => s.name === 'Service/default/edge');
    expect(edge.testcase.find((c: any) => c.name === 'cross-object').failure.type).toBe('X4 numeric-target-port-undeclared');
  });

  test('hostile names (controls, ]]>, <, &, quotes) stay well-formed and read back as written, controls as \\uXXXX', () => {
    const out = verify(HOSTILE, '--format', 'junit').out;
    expect(XMLValidator.validate(out)).toBe(true);
    const suites = xml.parse(out).testsuites.testsuite;
    const shown = HOSTILE_NAME.replace('\u0007', '\\u0007');
    expect(suites.map((s: any) => s.name)).toEqual([`Service/ns<&>/${shown}`]);
    expect(suites[0].testcase[0].failure['#text']).toContain(shown);
  });

  test('unreadable input is a suite `input` whose cases are errors', () => {
    const doc = xml.parse(verify(path.join('test', 'fixtures', 'verify', 'bad', 'not-a-mapping.yaml'), '--format', 'junit').out).testsuites;
    expect(doc.testsuite[0]).toMatchObject({ name: 'input', errors: '1' });
    expect(doc.testsuite[0].testcase[0].error.type).toBe('input');
  });
});

// ---------------------------------------------------------------- GitHub workflow commands

/** The runner's reading of a workflow command (the inverse of command.ts's escaping). */
function readCommand(line: string): { level: string; props: Record<string, string>; message: string } {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const un = (s: string) => s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const props: Record<string, string> = {};
  for (const kv of (m[2] ?? '').split(',').filter((s) => s)) {
    const eq = kv.indexOf('=');
    props[kv.slice(0, eq)] = un(kv.slice(eq + 1));
  }
  return { level: m[1], props, message: un(m[3]) };
}

describe('verify --format github', () => {
  test('escaping is @actions/core command.ts\'s: %25 %0D %0A in data, also %3A %2C in properties', () => {
    expect(escapeData('50% a:b,c\r\nd')).toBe('50%25 a:b,c%0D%0Ad');
    expect(escapeProperty('50% a:b,c\r\nd')).toBe('50%25 a%3Ab%2Cc%0D%0Ad');
  });

  test('one annotation per finding with file, field line and rule title; hints are notices; then the summary', () => {
    const lines = verify(APP, '--format', 'github').out.trimEnd().split('\n');
    const json = jsonFindings(APP);
    const commands = lines.slice(0, -1).map(readCommand);
    expect(commands.map((c) => [c.level, c.props.file, Number(c.props.line), c.props.title]))
      .toEqual(json.findings.map((f) => [f.severity === 'info' ? 'notice' : f.severity, 'test/fixtures/reports/app.yaml', f.fieldLine, `${f.rule} ${f.ruleName}`]));
    expect(commands[0].message).toContain(`Fix: ${json.findings[0].fix}`);
    expect(lines[lines.length - 1]).toBe('2 errors, 1 warning, 1 hint, 1 suppressed in 1 file (5 objects)');
  });

  test('hostile names and file names never break a command: one line each, read back as written', () => {
    const lines = verify(HOSTILE, '--format', 'github').out.trimEnd().split('\n');
    const commands = lines.slice(0, -1).map(readCommand);
    expect(commands.length).toBe(jsonFindings(HOSTILE).findings.length);
    for (const c of commands) {
      expect(c.props.file).toBe(path.relative(process.cwd(), HOSTILE).split(path.sep).join('/'));
      expect(c.message).toContain(`/${HOSTILE_NAME}`);
    }
  });
});

// ---------------------------------------------------------------- Markdown and Mermaid

/** mermaid.parse and marked, run in an ES-module process (test/cli/report-check.mjs says why). */
interface Checked {
  diagrams: Array<{ ok: boolean; type?: string; error?: string }>;
  tables: Array<{ header: string[]; rows: string[][] }>;
}
function check(input: { mermaid?: string[]; markdown?: string }): Checked {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'report-check.mjs')], { input: JSON.stringify(input), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`report-check failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function diagramOf(markdown: string): string {
  const m = /```mermaid\n([\s\S]*?)\n```/.exec(markdown);
  if (!m) throw new Error('no mermaid block');
  return m[1];
}

describe('verify --format markdown', () => {
  const app = verify(APP, '--format', 'markdown').out;
  const hostile = verify(HOSTILE, '--format', 'markdown').out;
  let checked: Checked;
  beforeAll(() => {
    // One process for every input; the last diagram must fail (the parser can say no).
    checked = check({ mermaid: [diagramOf(app), diagramOf(hostile), `flowchart LR\n  a["${HOSTILE_NAME}"] --> b`], markdown: `${app}\n\n${hostile}` });
  }, 60_000);

  test('the diagrams parse as Mermaid flowcharts, hostile names too; an unescaped name does not', () => {
    expect(checked.diagrams.slice(0, 2)).toEqual([{ ok: true, type: 'flowchart-v2' }, { ok: true, type: 'flowchart-v2' }]);
    expect(checked.diagrams[2].ok).toBe(false);
  });

  test('Services -> workloads -> ports, with the objects that have findings in their worst finding\'s class', () => {
    const d = diagramOf(app);
    expect(d).toMatch(/^ {2}s1\["Service default\/api<br\/>ClusterIP"\]:::error$/m);
    expect(d).toMatch(/^ {2}s0\["Service default\/web<br\/>ClusterIP"\]$/m);
    expect(d).toMatch(/^ {2}s3\["Service default\/edge<br\/>NodePort"\]:::warning$/m);
    expect(d).toMatch(/^ {2}s2 --> s2none\["no pods selected"\]:::error$/m);
    expect(d).toMatch(/^ {2}w0\["Deployment default\/web"\]$/m);
    expect(d).toMatch(/^ {2}p0\(\["http 8080\/TCP #40;server#41;"\]\)$/m);
    expect(d).toMatch(/^ {2}w0 -->\|"http 80\/TCP"\| p0$/m);
    expect(d).toMatch(/^ {2}classDef error /m);
  });

  test('the findings table lists every finding, most severe first, and its cells read back as written', () => {
    const json = jsonFindings(APP);
    const table = checked.tables[0];
    expect(table.header).toEqual(['severity', 'rule', 'object', 'field', 'message', 'fix', 'where']);
    expect(table.rows.map((r) => [r[0], r[1], r[2]])).toEqual(
      [...json.findings].sort((a, b) => ['error', 'warning', 'info'].indexOf(a.severity) - ['error', 'warning', 'info'].indexOf(b.severity))
        .map((f) => [f.severity, `${f.rule} ${f.ruleName}`, f.object]));
    expect(app).toContain('<details><summary>Suppressed findings</summary>');
    const hostileTable = checked.tables.find((t) => t.rows.some((r) => r[2].includes('evil')))!;
    const objects = hostileTable.rows.map((r) => r[2].replace(/\u200B/g, '').replace(/\u0007/g, ' '));
    expect(objects).toContain(`Service/ns<&>/${HOSTILE_NAME.replace('\u0007', ' ')}`);
    // A name never mentions a user or links an issue: `@` and `#` are followed by a zero-width space.
    expect(hostile.replace(/```mermaid[\s\S]*?```/, '')).not.toMatch(/@team|#1/);
  });

  test('a large app: at most MAX_DIAGRAM_SERVICES drawn and MAX_TABLE_ROWS listed, each cut said', () => {
    const n = MAX_DIAGRAM_SERVICES + 5;
    const objects = Array.from({ length: n }, (_, i) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}` }, spec: { ports: [{ port: 80 }] } }));
    const f = (i: number): Finding => ({ rule: 'V16', category: RuleCategory.API_SERVER, severity: Severity.ERROR, objectRef: `Service/default/s${i}`, field: 'spec', message: 'm', fix: 'f' });
    const findings = Array.from({ length: MAX_TABLE_ROWS + 3 }, (_, i) => f(i));
    const md = formatMarkdown({ findings, suppressed: [], loadErrors: [], files: [], objectCount: n, simulationText: '', model: ClusterModel.fromObjects(objects) });
    expect(diagramOf(md).split('\n').filter((l) => /^ {2}s\d+\[/.test(l))).toHaveLength(MAX_DIAGRAM_SERVICES);
    expect(md).toContain('\n5 more Services not drawn.\n');
    expect(md.split('\n').filter((l) => l.startsWith('| error |'))).toHaveLength(MAX_TABLE_ROWS);
    expect(md).toContain('3 more not listed (`--format json` lists all).');
  });

  test('mermaidLabel codes what the grammar reads', () => {
    expect(mermaidLabel('a"b#c<d>&`e|f[g]\nh')).toBe('a#34;b#35;c#60;d#62;#38;#96;e#124;f#91;g#93; h');
  });
});
