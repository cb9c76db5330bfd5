// Writes docs/rules.md, the project's rule specification, from the rule registry: per rule its
// id, name, category, severity, summary, releases, the Kubernetes source it follows, and a
// failing and a passing example (src/rules/examples.ts, each run by test/rules/examples.test.ts).
// `npx projen docs:rules` (with the README's table, scripts/rules-table.ts); a test keeps it current.
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { RULE_NOTES } from '../src/rules/api-server/coverage';
import { CONSTRUCT_RULES } from '../src/rules/construct';
import { DOCUMENTED_RULES, DocumentedRule } from '../src/rules/engine';
import { RULE_EXAMPLES } from '../src/rules/examples';
import { ruleAnchor } from '../src/rules/metadata';
import { SIMULATION_RULES } from '../src/rules/simulation';

/** The first minor version the rules know; a rule without `since` applies from there. */
const OLDEST = '1.27';

/** `1.28` from 28, '28', '1.28' or 'v1.28'. */
function minor(v: unknown): string {
  const text = String(v).replace(/^v/, '');
  return /^\d+$/.test(text) ? `1.${text}` : text;
}

/** The Kubernetes minor releases a rule applies to: `1.27+`, `1.30+`, `1.27-1.32`. */
export function releases(r: object): string {
  const { since, until } = r as { since?: unknown; until?: unknown };
  const from = since === undefined ? OLDEST : minor(since);
  return until === undefined ? `${from}+` : `${from}-${minor(until)}`;
}

/**
 * What the rule follows. API-server rules without their own `source` point at the part of
 * kube-apiserver their family implements (the rule's code comment names the function).
 */
export function sourceOf(r: DocumentedRule): string {
  if (r.source) return r.source;
  if (r.id.startsWith('T')) return 'kube-apiserver decoding of a core/v1 Service (k8s.io/apimachinery JSON serializer), before validation; see the code comment of the rule';
  if (r.id.startsWith('W')) return 'kube-apiserver pkg/api/service/warnings.go GetWarningsForService; see the code comment of the rule';
  if (r.id.startsWith('A')) return 'kube-apiserver pkg/registry/core/service (the ClusterIP and node port allocators of the create path); see the code comment of the rule';
  return 'kube-apiserver pkg/apis/core/validation/validation.go ValidateService; see the code comment of the rule';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The GitHub anchor of a rule's heading (`### X1 selector-matches-no-pods`): the one the CI reports link to. */
export const anchor = ruleAnchor;

function yaml(objects: object[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 }).trimEnd()).join('\n---\n');
}

function examples(r: DocumentedRule): string[] {
  const e = RULE_EXAMPLES[r.id];
  if (!e) {
    if (CONSTRUCT_RULES.some((c) => c.id === r.id)) return ['A construct-level rule: it checks construct props, which no manifest shows; its construct\'s tests (test/services/) hold the failing and passing props.', ''];
    return ['No manifest example yet.', ''];
  }
  const how = e.simulation ? ' (in the simulated cluster, `LocalCluster` or `verify`)' : '';
  const opts = e.options ? ` With options \`${JSON.stringify(e.options)}\`.` : '';
  // The passing app prints only the objects it changes; the others are the failing app's.
  const same = new Set(e.failing.map((o) => JSON.stringify(o)));
  const changed = e.passing.filter((o) => !same.has(JSON.stringify(o)));
  const kept = e.passing.length - changed.length;
  const rest = kept === 0 ? '' : ` (with the other ${kept === 1 ? 'object' : `${kept} objects`} as above)`;
  return [
    `Failing${how}:${opts}`, '', '```yaml', yaml(e.failing), '```', '',
    `Passing, the nearest neighbour${rest}:`, '', '```yaml', yaml(changed.length > 0 ? changed : e.passing), '```', '',
  ];
}

function family(r: DocumentedRule): string {
  if (CONSTRUCT_RULES.some((c) => c.id === r.id)) return 'construct';
  if (SIMULATION_RULES.some((c) => c.id === r.id)) return 'simulation';
  return { T: 'API server', V: 'API server', A: 'API server', W: 'API server', X: 'cross-object', S: 'security', I: 'ignore annotation' }[r.id[0]] ?? r.category;
}

/** docs/rules.md. */
export function rulesSpec(): string {
  const index = DOCUMENTED_RULES.map((r) => `| [${r.id}](#${anchor(r)}) | ${r.name} | ${family(r)} | ${r.severity} | ${releases(r)} |`);
  const sections = DOCUMENTED_RULES.flatMap((r) => [
    `### ${r.id} ${r.name}`,
    '',
    cell(r.summary.replace(/\.$/, '')) + '.',
    '',
    `- category: ${r.category}; severity: **${r.severity}** (docs/severity.md)`,
    `- releases: ${releases(r)}`,
    `- follows: ${sourceOf(r)}`,
    '',
    ...examples(r),
  ]);
  const notes = RULE_NOTES.map((n) => `| ${n.id} | ${cell(n.reason)} |`);
  return [
    '# Rules',
    '',
    '<!-- Generated from the rule registry by scripts/rules-spec.ts (`npx projen docs:rules`); do not edit. -->',
    '',
    'Every finding cdk8s-services reports, by id. The id is stable; the name is a readable alias',
    'accepted wherever the id is (`disabledRules`, `verify --disable NAME=reason`, the plugin\'s',
    'properties and the `cdk8s-services.io/ignore` annotation). Severities follow',
    '[severity.md](severity.md). "Releases" are the Kubernetes minor versions whose create path',
    'the rule follows. Each example is run by test/rules/examples.test.ts: the failing one reports',
    'the rule, the passing one does not.',
    '',
    '| id | name | family | severity | releases |',
    '|---|---|---|---|---|',
    ...index,
    '',
    ...sections,
    '## Ids that are not a check',
    '',
    `Ids of shared/k8s/RULES.md (or branches of them) that no rule reports, and why (${RULE_NOTES.length}):`,
    '',
    '| id | why it is not a check |',
    '|---|---|',
    ...notes,
    '',
  ].join('\n');
}

export const RULES_SPEC_FILE = path.join(__dirname, '..', 'docs', 'rules.md');

if (require.main === module) {
  fs.mkdirSync(path.dirname(RULES_SPEC_FILE), { recursive: true });
  fs.writeFileSync(RULES_SPEC_FILE, rulesSpec());
  process.stdout.write(`docs/rules.md: ${DOCUMENTED_RULES.length} rules, ${Object.keys(RULE_EXAMPLES).length} with examples\n`);
}
