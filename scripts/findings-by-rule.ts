// Prints the findings of `verify` by rule (count, severity, objects) over the folders or files
// given, for reviewing rules on real manifests. Each argument is verified on its own, as
// `cdk8s-services verify <arg> --format json` (runVerify: the CLI's loader, rules and
// simulation). Options after `--` go to verify, e.g. `-- --ip-family IPv4 --ip-family IPv6`.
//
//   npx ts-node --transpile-only -P test/tsconfig.json scripts/findings-by-rule.ts <dir>... [-- <verify options>]
import { verifyJson } from '../test/corpus-run';

interface Row { rule: string; severity: string; objects: string[] }

export function findingsByRule(paths: string[], extra: string[] = []): { rows: Row[]; loadErrors: number } {
  const byRule = new Map<string, Row>();
  let loadErrors = 0;
  for (const p of paths) {
    const run = verifyJson([p], extra);
    loadErrors += run.loadErrors.length;
    for (const f of run.findings) {
      const severity = f.suppressed === true ? `${f.severity}, suppressed` : f.severity;
      const key = `${f.rule}\u0000${severity}`;
      let row = byRule.get(key);
      if (!row) byRule.set(key, (row = { rule: f.rule, severity, objects: [] }));
      row.objects.push(paths.length > 1 ? `${p}: ${f.object} ${f.field}` : `${f.object} ${f.field}`);
    }
  }
  const rows = [...byRule.values()].sort((a, b) => b.objects.length - a.objects.length || a.rule.localeCompare(b.rule));
  return { rows, loadErrors };
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  const paths = dash >= 0 ? argv.slice(0, dash) : argv;
  const extra = dash >= 0 ? argv.slice(dash + 1) : [];
  if (paths.length === 0) {
    process.stderr.write('usage: scripts/findings-by-rule.ts <dir|file>... [-- <verify options>]\n');
    process.exit(2);
  }
  const { rows, loadErrors } = findingsByRule(paths, extra);
  const total = rows.reduce((n, r) => n + r.objects.length, 0);
  for (const r of rows) {
    process.stdout.write(`${r.rule} ${r.severity} x${r.objects.length}\n`);
    for (const o of r.objects) process.stdout.write(`  ${o}\n`);
  }
  process.stdout.write(`${total} findings by ${rows.length} rule/severity pairs over ${paths.length} path(s); ${loadErrors} load errors\n`);
}
