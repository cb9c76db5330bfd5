// `npx ts-node --transpile-only -P test/tsconfig.json bench/verify.ts`: issue 14's "verify at
// pipeline scale", measured side by side. One manifest file of N Deployment+Service pairs
// (default 25,000: 50,000 objects) is written once; then, each in a fresh process and in rotating
// order (BENCH_REPEATS rounds, default 3), it is
//   - parsed by js-yaml (`loadAll`, its default schema): the reference;
//   - parsed by the `yaml` package (`parseAllDocuments` + `toJS`, YAML 1.1), what verify used alone;
//   - checked by `cdk8s-services verify FILE --format json` (the CLI's runVerify: read, every
//     rule, the simulation), timed inside the process from before the read to the report written,
//     so the seconds ts-node takes to compile the CLI are not counted against it.
// Printed: the median of each and the ratio verify / js-yaml (issue 14's goal: within 3x).
// Not a unit test: the numbers depend on the machine and its load, printed with them.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { machineLoad, median } from './timing';

const N = Number(process.env.BENCH_N ?? 25000);
const REPEATS = Math.max(1, Number(process.env.BENCH_REPEATS ?? 3));
const ROOT = path.join(__dirname, '..');

/** The labels are one object per pair: written out each time, as synth output is, not as YAML aliases. */
const PLAIN = { aliasDuplicateObjects: false };

function manifests(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    const labels = { app: `web-${i}` };
    docs.push(stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `web-${i}`, namespace: 'default', labels },
      spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ name: 'http', containerPort: 8080 }] }] } } },
    }, PLAIN));
    docs.push(stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: `web-${i}`, namespace: 'default' }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } }, PLAIN));
  }
  return docs.join('---\n');
}

/** Each variant prints its own milliseconds on stdout (a fresh node process per run). */
const SCRIPTS: Record<string, string> = {
  'js-yaml': 'const t=require(\'fs\').readFileSync(process.argv[1],\'utf8\');const s=process.hrtime.bigint();require(\'js-yaml\').loadAll(t);console.log(Number(process.hrtime.bigint()-s)/1e6)',
  'yaml': 'const t=require(\'fs\').readFileSync(process.argv[1],\'utf8\');const s=process.hrtime.bigint();require(\'yaml\').parseAllDocuments(t,{version:\'1.1\'}).map(d=>d.toJS());console.log(Number(process.hrtime.bigint()-s)/1e6)',
  'verify': `require('ts-node').register({transpileOnly:true,project:${JSON.stringify(path.join(ROOT, 'test', 'tsconfig.json'))}});`
    + `const {parseVerifyArgs,runVerify}=require(${JSON.stringify(path.join(ROOT, 'src', 'cli', 'verify'))});`
    + `require(${JSON.stringify(path.join(ROOT, 'src', 'model', 'load'))});require(${JSON.stringify(path.join(ROOT, 'src', 'simulation', 'report'))});`
    + 'const a=parseVerifyArgs([process.argv[1],\'--format\',\'json\']);let n=0;const s=process.hrtime.bigint();'
    + 'const code=runVerify(a,{out:(x)=>{n+=x.length},err:()=>{}});const ms=Number(process.hrtime.bigint()-s)/1e6;'
    + 'if(code!==0)throw new Error(\'verify exited \'+code);console.log(ms)',
};

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-verify-'));
  const file = path.join(dir, 'pairs.yaml');
  fs.writeFileSync(file, manifests(N));
  const size = fs.statSync(file).size;
  const load = machineLoad();
  console.log(`verify at pipeline scale: ${N.toLocaleString('en-US')} Deployment+Service pairs, ${(size / 1e6).toFixed(1)} MB, ${REPEATS} round(s), load ${load.loadAvg1} on ${load.cores} cores`);
  const names = Object.keys(SCRIPTS);
  const runs: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
  for (let round = 0; round < REPEATS; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length];
      const r = spawnSync(process.execPath, ['-e', SCRIPTS[name], file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
      runs[name].push(Number(r.stdout.trim().split('\n').pop()));
    }
  }
  const m = Object.fromEntries(names.map((k) => [k, median(runs[k])]));
  for (const k of names) console.log(`  ${k.padEnd(8)} ${m[k].toFixed(0).padStart(7)} ms   (${runs[k].map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  verify / js-yaml parse: ${(m.verify / m['js-yaml']).toFixed(2)} (goal <= 3); yaml / js-yaml parse: ${(m.yaml / m['js-yaml']).toFixed(2)}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main();
