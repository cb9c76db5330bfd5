// docs/ is the project's specification: rules.md is generated from the registry and must be
// current; severity.md states each changed rule's severity as the registry has it.
import * as fs from 'fs';
import * as path from 'path';
import { releases, RULES_SPEC_FILE, rulesSpec } from '../scripts/rules-spec';
import { DOCUMENTED_RULES, findRule } from '../src/rules/engine';

const docs = (file: string) => fs.readFileSync(path.join(__dirname, '..', 'docs', file), 'utf8');

test('docs/rules.md is current (regenerate with `npx projen docs:rules`)', () => {
  expect(rulesSpec()).toBe(fs.readFileSync(RULES_SPEC_FILE, 'utf8'));
});

test('docs/rules.md has a section for every rule, under its id and name', () => {
  const spec = docs('rules.md');
  for (const r of DOCUMENTED_RULES) expect(spec).toContain(`\n### ${r.id} ${r.name}\n`);
});

test('releases: "1.27+" without since/until; since and until are printed as minor versions', () => {
  expect(releases({})).toBe('1.27+');
  expect(releases({ since: 30 })).toBe('1.30+');
  expect(releases({ since: '1.31', until: '1.34' })).toBe('1.31-1.34');
  expect(releases({ until: 32 })).toBe('1.27-1.32');
});

test('docs/severity.md: each row of the changed-severity table matches the registry', () => {
  const table = /## Severities changed by this review\n[\s\S]*?\n\|---\|---\|---\|---\|\n((?:\|.*\|\n)+)/.exec(docs('severity.md'));
  expect(table).not.toBeNull();
  const rows = table![1].trim().split('\n').map((l) => l.split('|').map((c) => c.trim()));
  expect(rows.length).toBeGreaterThan(0);
  for (const [, rule, , now] of rows) {
    const [id, name] = rule.split(' ');
    const r = findRule(id)!;
    expect({ id, name, now }).toEqual({ id, name: r.name, now: r.severity });
  }
});

test('docs/README.md names each document of docs/', () => {
  const readme = docs('README.md');
  const files = fs.readdirSync(path.join(__dirname, '..', 'docs')).filter((f) => f.endsWith('.md') && f !== 'README.md');
  for (const f of files) expect(readme).toContain(`(${f})`);
});

test('docs/simulation.md specifies every E, D, K and O id the simulation code cites', () => {
  const spec = docs('simulation.md');
  const specified = new Set<string>();
  for (const m of spec.matchAll(/^\| ([EDK]\d+) \|/gm)) specified.add(m[1]);
  for (const m of spec.matchAll(/\*\*(O\d+)\*\*/g)) specified.add(m[1]);
  const dir = path.join(__dirname, '..', 'src', 'simulation');
  const cited = new Set<string>();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(/\b([EDKO])(\d{1,2})(?:-\1?(\d{1,2}))?\b/g)) {
      const [from, to] = [Number(m[2]), Number(m[3] ?? m[2])];
      for (let i = from; i <= to; i++) cited.add(`${m[1]}${i}`);
    }
  }
  // Every range the code cites (E1-E8, D1-D7, K1-K11, O1-O12) is specified, and nothing else.
  expect([...cited].filter((id) => !specified.has(id)).sort()).toEqual([]);
  expect(specified.size).toBe(8 + 7 + 11 + 12);
});

test('docs/limits.md: each test the hostile-input table names exists, with the block or test named', () => {
  const table = /## Hostile input: each case found, and the test that holds it\n[\s\S]*?\n\|---\|---\|---\|\n((?:\|.*\|\n)+)/.exec(docs('limits.md'));
  expect(table).not.toBeNull();
  const rows = table![1].trim().split('\n').map((l) => l.split(/(?<!\\)\|/).map((c) => c.trim()));
  expect(rows.length).toBeGreaterThanOrEqual(15);
  let named = 0;
  for (const row of rows) {
    const cell = row[3];
    const refs = [...cell.matchAll(/`(test\/[^`]+\.ts)`\s*([^;`]*)/g)];
    expect(refs.length).toBeGreaterThan(0);
    for (const [, file, after] of refs) {
      const text = fs.readFileSync(path.join(__dirname, '..', file), 'utf8');
      // The name up to its first aside: ` (5 shapes)`, ` ...`, `: the CLI ...`.
      const name = after.split(/ \(| \.\.\.|: |;/)[0].trim();
      if (name === '' || name.startsWith('...') || name.startsWith('(')) continue;
      expect({ file, name, found: text.includes(name) }).toEqual({ file, name, found: true });
      named++;
    }
  }
  expect(named).toBeGreaterThanOrEqual(15);
});
