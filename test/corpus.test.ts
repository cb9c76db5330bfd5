// The corpus (test/corpus/README.md): every app folder is verified as `cdk8s-services verify
// <folder> --format json` does it (runVerify: the CLI's loader, rules and simulation), and its
// errors and warnings are compared, by rule and object, with the folder's expected.json.
import * as fs from 'fs';
import * as path from 'path';
import { verifyJson } from './corpus-run';

const ROOT = path.join(__dirname, 'corpus');

/**
 * Apps whose expectation needs an issue 11 fix that lands on another branch. They run as
 * `test.failing`: when the fix is merged they pass, jest reports them as failing, and the
 * entry is removed from this list.
 */
const PENDING_FIXES: Record<string, string> = {
};

interface Expected { rule: string; object: string }

function apps(): string[] {
  return fs.readdirSync(ROOT).filter((d) => fs.statSync(path.join(ROOT, d)).isDirectory()).sort();
}

/** `rule object` per finding, sorted: a multiset, so a finding expected twice must occur twice. */
function keys(list: Expected[]): string[] {
  return list.map((f) => `${f.rule} ${f.object}`).sort();
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

describe('corpus', () => {
  test('holds at least 40 apps, each with a YAML file and an expected.json', () => {
    const all = apps();
    expect(all.length).toBeGreaterThanOrEqual(40);
    for (const app of all) {
      expect(fs.readdirSync(path.join(ROOT, app))).toContain('expected.json');
      // YAML in the app's folder or below it (a kustomize app has base/ and overlays/).
      const files = fs.readdirSync(path.join(ROOT, app), { recursive: true }) as string[];
      expect(files.some((f) => /\.ya?ml$/.test(f))).toBe(true);
    }
  });

  test('every PENDING_FIXES entry names an app of the corpus', () => {
    const all = new Set(apps());
    expect(Object.keys(PENDING_FIXES).filter((a) => !all.has(a))).toEqual([]);
  });

  for (const app of apps()) {
    const dir = path.join(ROOT, app);
    const argsFile = path.join(dir, 'verify-args.json');
    const extra: string[] = fs.existsSync(argsFile) ? readJson(argsFile) : [];
    const run = PENDING_FIXES[app] ? test.failing : test;
    const title = PENDING_FIXES[app] ? `${app} (pending: ${PENDING_FIXES[app]})` : app;
    run(title, () => {
      const expected: Expected[] = readJson(path.join(dir, 'expected.json'));
      const result = verifyJson([dir], extra);
      expect(result.loadErrors).toEqual([]);
      // Hints (below warning) and suppressed findings (reported with `suppressed`) are not expected.
      const found = result.findings.filter((f) => (f.severity === 'error' || f.severity === 'warning') && f.suppressed !== true);
      expect(keys(found)).toEqual(keys(expected));
      // The exit code follows the findings: 1 exactly when one is an error.
      const anError = found.some((f) => f.severity === 'error');
      expect(result.exitCode).toBe(anError ? 1 : 0);
    });
  }
});
