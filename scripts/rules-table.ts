// Writes the README's rule table (between the rules:start/rules:end markers) from the rule
// registry, so the table can never drift from the code. `npx projen docs:rules`.
import * as fs from 'fs';
import * as path from 'path';
import { RULE_NOTES } from '../src/rules/api-server/coverage';
import { DOCUMENTED_RULES } from '../src/rules/engine';

export function rulesTable(): string {
  const rows = DOCUMENTED_RULES.map((r) => `| ${r.id} | ${r.category} | ${r.severity} | ${r.summary.replace(/\|/g, '\\|')} |`);
  const notes = RULE_NOTES.map((n) => `| ${n.id} | ${n.reason.replace(/\|/g, '\\|')} |`);
  return [
    '| id | category | severity | what it checks |',
    '|---|---|---|---|',
    ...rows,
    '',
    `RULES.md ids (or branches of them) that are not a check, and why (${RULE_NOTES.length}):`,
    '',
    '| id | why it is not a check |',
    '|---|---|',
    ...notes,
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
  process.stdout.write(`README.md: ${DOCUMENTED_RULES.length} rules, ${RULE_NOTES.length} notes\n`);
}
