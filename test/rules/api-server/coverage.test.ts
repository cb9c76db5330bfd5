// Every RULES.md id is either a rule (with a test that names it) or a documented note.
import * as fs from 'fs';
import * as path from 'path';
import { API_SERVER_RULES } from '../../../src/rules/api-server';
import { RULE_NOTES, RULES_MD_IDS } from '../../../src/rules/api-server/coverage';

function testSources(dir: string): string {
  return fs.readdirSync(dir, { withFileTypes: true }).map((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === '__snapshots__' ? '' : testSources(p);
    return e.name.endsWith('.ts') ? fs.readFileSync(p, 'utf8') : '';
  }).join('\n');
}

describe('RULES.md coverage', () => {
  const implemented = new Set(API_SERVER_RULES.map((r) => r.id));
  const noted = new Map(RULE_NOTES.map((n) => [n.id, n.reason]));
  const tests = testSources(path.join(__dirname, '..', '..'));

  test.each(RULES_MD_IDS)('%s is a rule or a documented note', (id) => {
    expect(implemented.has(id) || (noted.get(id) ?? '').length > 10).toBe(true);
  });

  test.each(RULES_MD_IDS)('%s is named in a test', (id) => {
    expect(new RegExp(`\\b${id}\\b`).test(tests)).toBe(true);
  });

  test('every api-server rule id is a RULES.md id (or ours: T1/T2 decode, V43 and W7-W9 of later releases), listed once', () => {
    const ids = API_SERVER_RULES.map((r) => r.id);
    expect(ids.filter((id) => !RULES_MD_IDS.includes(id)).sort()).toEqual(['T1', 'T2', 'V43', 'W7', 'W8', 'W9']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('every rule has a one-line summary', () => {
    for (const r of API_SERVER_RULES) {
      expect(r.summary.length).toBeGreaterThan(10);
      expect(r.summary).not.toContain('\n');
    }
  });
});
