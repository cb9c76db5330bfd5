// Writes the README's rule table (between the rules:start/rules:end markers) and docs/rules.md
// (scripts/rules-spec.ts) from the rule registry, so neither can drift from the code.
// `npx projen docs:rules`.
import * as fs from 'fs';
import * as path from 'path';
import { anchor, RULES_SPEC_FILE, rulesSpec } from './rules-spec';
import { DOCUMENTED_RULES } from '../src/rules/engine';

/** The README's table: one line per rule, each id linking to its section of docs/rules.md. */
export function rulesTable(): string {
  const rows = DOCUMENTED_RULES.map((r) => `| [${r.id}](docs/rules.md#${anchor(r)}) | ${r.name} | ${r.category} | ${r.severity} | ${r.summary.replace(/\|/g, '\\|')} |`);
  return [
    '| id | name | category | severity | what it checks |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function renderReadme(readme: string): string {
  const start = '<!-- rules:start -->';
  const end = '<!-- rules:end -->';
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) throw new Error('README.md lacks the rules:start/rules:end markers');
  return `${readme.slice(0, i + start.length)}\n${rulesTable()}\n${readme.slice(j)}`;
}

if (require.main === module) {
  const file = path.join(__dirname, '..', 'README.md');
  fs.writeFileSync(file, renderReadme(fs.readFileSync(file, 'utf8')));
  fs.mkdirSync(path.dirname(RULES_SPEC_FILE), { recursive: true });
  fs.writeFileSync(RULES_SPEC_FILE, rulesSpec());
  process.stdout.write(`README.md and docs/rules.md: ${DOCUMENTED_RULES.length} rules\n`);
}
