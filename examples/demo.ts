// `npm run demo`: synthesize every example app, verify the result with the same command a CI
// pipeline runs (`cdk8s-services verify`: API-server rules, cross-object and security rules,
// and the simulated cluster's routing table), then write the real-cluster harness for the
// app that uses all six constructs.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { EXAMPLES } from './index';
import { runCli } from '../src/cli/main';

const OUT = path.join('dist', 'examples');
const HARNESS_OUT = path.join('dist', 'harness', 'all-six');

function rule(title: string) {
  const line = '='.repeat(Math.max(0, 78 - title.length - 4));
  process.stdout.write(`\n== ${title} ${line}\n`);
}

async function main(): Promise<number> {
  fs.rmSync(OUT, { recursive: true, force: true });

  rule('1. synthesize the examples (cdk8s App.synth, with synth-time validation)');
  for (const ex of EXAMPLES) {
    const outdir = path.join(OUT, ex.name);
    const app = ex.build(new App({ outdir }));
    app.synth();
    const files = fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml'));
    process.stdout.write(`  ${ex.name.padEnd(14)} ${ex.title}\n  ${''.padEnd(14)} -> ${files.map((f) => path.join(outdir, f)).join(', ')}\n`);
  }

  const io = { out: (s: string) => process.stdout.write(s), err: (s: string) => process.stderr.write(s) };

  rule(`2. cdk8s-services verify ${OUT}`);
  const verifyCode = await runCli(['verify', OUT], io);
  if (verifyCode !== 0) {
    process.stderr.write(`\nverify exited ${verifyCode}: the examples must be clean.\n`);
    return verifyCode;
  }

  rule(`3. cdk8s-services harness ${path.join(OUT, 'all-six')} --out ${HARNESS_OUT}`);
  const harnessCode = await runCli(['harness', path.join(OUT, 'all-six'), '--out', HARNESS_OUT], io);
  if (harnessCode !== 0) return harnessCode;
  process.stdout.write(`\nRun the same expectations on a real cluster (needs docker, kind, kubectl):\n  bash ${path.join(HARNESS_OUT, 'run.sh')} --kind\n`);
  return 0;
}

main().then((code) => process.exit(code), (err) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
