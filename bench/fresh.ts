// Synth in fresh processes (issue 14 "Synth speed, restated"): a user's `cdk8s synth` is one
// process, so its code runs cold. Every run here is a new node process (bench/fresh-child.ts)
// that loads the same modules (one cdk8s, cdk8s-plus-27, this library), then builds and
// synthesizes one app of bench/apps.ts; only the build and the synth are timed. Rounds run
// every variant once, in an order that rotates each round; the ratios are of medians, and the
// median of per-round pairs is printed beside them.
//
//   npx ts-node --transpile-only -P test/tsconfig.json bench/fresh.ts
//   BENCH_SIZES=1000,5000  BENCH_REPEATS=9  BENCH_VARIANTS=raw,ours,plus,rawL2,rawRender  BENCH_ENFORCE=1
import { spawnSync } from 'child_process';
import * as path from 'path';
import { Variant, VARIANTS } from './apps';
import { medians, pairedRatio, SynthRun } from './synth';
import { machineLoad } from './timing';

/** Issue 14: ours/raw <= 1.15 and ours/plus <= 0.60 at both sizes, fresh processes. */
export const FRESH_BUDGET = { oursOverRaw: 1.15, oursOverPlus: 0.6 };

const env = process.env;
const sizes = (env.BENCH_SIZES ?? '1000,5000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const repeats = Math.max(1, Number(env.BENCH_REPEATS ?? 9));
const variants = (env.BENCH_VARIANTS ? env.BENCH_VARIANTS.split(',').map((s) => s.trim()) : ['raw', 'ours', 'plus', 'rawL2', 'rawRender']) as Variant[];
const unknown = variants.filter((v) => !VARIANTS.includes(v));
if (unknown.length > 0) {
  console.error(`BENCH_VARIANTS: unknown variant ${unknown.join(', ')}; the variants are ${VARIANTS.join(', ')}`);
  process.exit(2);
}
const ROOT = path.join(__dirname, '..');

function runChild(variant: Variant, n: number): SynthRun {
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'fresh-child.ts'), variant, String(n)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...env, TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json') },
  });
  if (r.status !== 0) throw new Error(`fresh-child ${variant} ${n} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const fixed = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
let ok = true;
const load0 = machineLoad();
console.log(`fresh-process synth: node ${process.version}, ${load0.cores} cores, load average ${load0.loadAvg1}; ${repeats} rounds of ${variants.join(', ')}`);
for (const n of sizes) {
  const runs: Record<string, SynthRun[]> = Object.fromEntries(variants.map((v) => [v, []]));
  for (let r = 0; r < repeats; r++) {
    const k = r % variants.length;
    for (const v of [...variants.slice(k), ...variants.slice(0, k)]) runs[v].push(runChild(v, n));
  }
  const m = Object.fromEntries(variants.map((v) => [v, medians(runs[v])]));
  console.log(`\nN=${n} (load average ${machineLoad().loadAvg1}), median ms`);
  for (const v of variants) {
    const x = m[v];
    console.log(`  ${v.padEnd(9)} construct ${x.construct.toFixed(0).padStart(5)}  synth ${x.synth.toFixed(0).padStart(5)}  total ${x.total.toFixed(0).padStart(5)}  cpu ${x.cpu.toFixed(0).padStart(5)}   ${x.totals.join(' ')}`);
  }
  const show = (a: Variant, b: Variant, budget?: number) => {
    if (!m[a] || !m[b]) return;
    const ratio = m[a].total / m[b].total;
    const verdict = budget === undefined ? '' : ratio <= budget ? ` (budget <= ${budget}: ok)` : ` (budget <= ${budget}: OVER)`;
    if (budget !== undefined && ratio > budget) ok = false;
    console.log(`  ${`${a}/${b}`.padEnd(14)} ${fixed(ratio)}${verdict}   cpu ${fixed(m[a].cpu / m[b].cpu)}  paired ${fixed(pairedRatio(runs[a], runs[b]))}`);
  };
  show('ours', 'raw', FRESH_BUDGET.oursOverRaw);
  show('ours', 'plus', FRESH_BUDGET.oursOverPlus);
  show('plus', 'raw');
  show('oursPlus', 'plus');
  show('rawL2', 'raw');
  show('rawRender', 'raw');
  show('ours', 'rawRender');
}
console.log(`\n${ok ? 'fresh-process budgets met' : 'OVER BUDGET'} (issue 14: ours/raw <= ${FRESH_BUDGET.oursOverRaw}, ours/plus <= ${FRESH_BUDGET.oursOverPlus})`);
if (!ok && env.BENCH_ENFORCE === '1') process.exitCode = 1;
