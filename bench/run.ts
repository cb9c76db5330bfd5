// `npm run bench`: the performance budgets of issue 3 (synth) and issue 4 (simulation), measured
// side by side in one process and printed as a table with the ratios. Not a unit test: the
// numbers depend on the machine and its load, which is printed with them. See bench/README.md.
//
// Settings (environment):
//   BENCH_SIZES=1000,5000     pair counts N
//   BENCH_REPEATS             measured rounds per size (default 7 at N <= 1000, 5 above)
//   BENCH_WARMUP=3            warm-up rounds of every variant at N=300, not measured
//   BENCH_VARIANTS=raw,ours,plus,oursPlus,rawL2,rawRender
//   BENCH_ENFORCE=1           exit 1 when a budget is missed
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { checkApps, DESCRIPTIONS, REPLICAS, Variant, VARIANTS } from './apps';
import { SimRun, timeSimulation } from './simulate';
import { benchSynth, medians, pairedRatio, SynthMedians, SynthRun } from './synth';
import { machineLoad, median } from './timing';

/** Issue 3: ours/raw <= 1.10 and ours/plus <= 0.50; issue 4: simulate/synth <= 0.50. */
export const BUDGET = { oursOverRaw: 1.10, oursOverPlus: 0.5, simOverSynth: 0.5 };

const env = process.env;
const sizes = (env.BENCH_SIZES ?? '1000,5000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const warmup = Math.max(0, Number(env.BENCH_WARMUP ?? 3));
const variants = (env.BENCH_VARIANTS ? env.BENCH_VARIANTS.split(',').map((s) => s.trim()) : VARIANTS) as Variant[];
const unknown = variants.filter((v) => !VARIANTS.includes(v));
if (unknown.length > 0) {
  console.error(`BENCH_VARIANTS: unknown variant ${unknown.join(', ')}; the variants are ${VARIANTS.join(', ')}`);
  process.exit(2);
}
const repeatsFor = (n: number) => Math.max(1, Number(env.BENCH_REPEATS ?? (n <= 1000 ? 7 : 5)));

const log = (s = '') => console.log(s);
const ms = (x: number) => x.toFixed(0);
const ratio = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const verdict = (x: number, max: number) => (Number.isFinite(x) ? (x <= max ? 'ok' : 'OVER') : '');

interface SizeResult {
  n: number;
  repeats: number;
  loadBefore: number;
  loadAfter: number;
  synth: Record<string, SynthMedians>;
  ratios: Record<string, number>;
  simulation?: {
    simulate: number;
    render: number;
    core: number;
    services: number;
    endpoints: number;
    runs: number[];
  };
}

function main(): void {
  const started = Date.now();
  const load0 = machineLoad();
  log(`cdk8s-services bench: node ${process.version}, ${load0.cores} cores, load average ${load0.loadAvg1} at start`);
  log(`apps: N Deployment+Service pairs, ${REPLICAS} replicas each; variants:`);
  for (const v of variants) log(`  ${v.padEnd(9)} ${DESCRIPTIONS[v]}`);
  log('timed per run: construct (new App + N pairs) and synth (app.synth() into /dev/shm); total = both');
  log(`warm-up: ${warmup} round(s) at N=300; then interleaved rounds, rotating order; medians`);

  const problems = checkApps();
  if (problems.length > 0) {
    console.error(`bench: the apps are not comparable:\n  ${problems.join('\n  ')}`);
    process.exit(2);
  }
  log('checked: ours emits the same objects as raw (plus type: ClusterIP); ours and oursPlus have no finding');

  for (let i = 0; i < warmup; i++) benchSynth(variants, 300, 1, (v, app) => { if (v === 'ours') timeSimulation(app); });

  const results: SizeResult[] = [];
  let ok = true;
  for (const n of sizes) {
    const repeats = repeatsFor(n);
    const loadBefore = machineLoad().loadAvg1;
    const sims: SimRun[] = [];
    const runs = benchSynth(variants, n, repeats, (v: Variant, app: App) => {
      if (v === 'ours') sims.push(timeSimulation(app));
    });
    const loadAfter = machineLoad().loadAvg1;
    const m: Record<string, SynthMedians> = {};
    for (const v of variants) m[v] = medians(runs[v]);

    log();
    log(`synth, N=${n}: median of ${repeats} runs, ms (load average ${loadBefore} -> ${loadAfter})`);
    log(`  ${'variant'.padEnd(9)} ${'construct'.padStart(9)} ${'synth'.padStart(8)} ${'total'.padStart(8)} ${'cpu'.padStart(8)} ${'fastest'.padStart(8)}   totals of every run`);
    for (const v of variants) {
      const x = m[v];
      log(`  ${v.padEnd(9)} ${ms(x.construct).padStart(9)} ${ms(x.synth).padStart(8)} ${ms(x.total).padStart(8)} ${ms(x.cpu).padStart(8)} ${ms(x.min).padStart(8)}   ${x.totals.join(' ')}`);
    }

    type Key = 'total' | 'synth' | 'cpu' | 'min';
    const r = (a: Variant, b: Variant, k: Key) => (m[a] && m[b] ? m[a][k] / m[b][k] : NaN);
    const p = (a: Variant, b: Variant) => (runs[a] && runs[b] ? pairedRatio(runs[a] as SynthRun[], runs[b] as SynthRun[]) : NaN);
    const ratios: Record<string, number> = {};
    const pairs: Array<[string, Variant, Variant, number | undefined, string]> = [
      ['oursOverRaw', 'ours', 'raw', BUDGET.oursOverRaw, 'ours/raw '],
      ['oursOverPlus', 'ours', 'plus', BUDGET.oursOverPlus, 'ours/plus'],
      ['oursPlusOverPlus', 'oursPlus', 'plus', undefined, 'oursPlus/plus'],
      ['plusOverRaw', 'plus', 'raw', undefined, 'plus/raw '],
      ['oursOverRawL2', 'ours', 'rawL2', undefined, 'ours/rawL2'],
      ['rawL2OverRaw', 'rawL2', 'raw', undefined, 'rawL2/raw'],
      ['rawRenderOverRaw', 'rawRender', 'raw', undefined, 'rawRender/raw'],
      ['oursOverRawRender', 'ours', 'rawRender', undefined, 'ours/rawRender'],
    ];
    log('  ratios of medians (total; the budget), and for the noise: synth alone, cpu, fastest runs, per-round pairs');
    for (const [key, a, b, budget, label] of pairs) {
      if (!m[a] || !m[b]) continue;
      ratios[key] = r(a, b, 'total');
      ratios[`${key}SynthOnly`] = r(a, b, 'synth');
      ratios[`${key}Cpu`] = r(a, b, 'cpu');
      ratios[`${key}Fastest`] = r(a, b, 'min');
      ratios[`${key}Paired`] = p(a, b);
      const head = budget === undefined
        ? `  ${label.padEnd(13)} ${ratio(ratios[key])}${' '.repeat(21)}`
        : `  ${label.padEnd(13)} ${ratio(ratios[key])} (budget <= ${budget.toFixed(2)}: ${verdict(ratios[key], budget).padEnd(4)})`;
      log(`${head}   synth ${ratio(ratios[`${key}SynthOnly`])}  cpu ${ratio(ratios[`${key}Cpu`])}  fastest ${ratio(ratios[`${key}Fastest`])}  paired ${ratio(ratios[`${key}Paired`])}`);
    }
    if (m.oursPlus) log('  (oursPlus is information only: kplus Deployments with our ClusterIpService instead of exposeViaService)');
    if (m.rawRender) log('  (rawRender is information only: rawL2 with every ApiObject rendered once more at validation, the floor of any check that reads the JSON)');
    if (m.rawL2) log('  (rawL2 is information only: raw with each KubeService owned by a Construct, the L2 shape; ours/rawL2 is what the checks and our rendering cost on top of that shape)');
    ok = ok && !(ratios.oursOverRaw > BUDGET.oursOverRaw) && !(ratios.oursOverPlus > BUDGET.oursOverPlus);

    const result: SizeResult = { n, repeats, loadBefore, loadAfter, synth: m, ratios };
    if (sims.length > 0) {
      const s = {
        simulate: median(sims.map((x) => x.simulate)),
        render: median(sims.map((x) => x.render)),
        core: median(sims.map((x) => x.core)),
        services: sims[0].services,
        endpoints: sims[0].endpoints,
        runs: sims.map((x) => Math.round(x.simulate)),
      };
      result.simulation = s;
      ratios.simOverSynth = s.simulate / m.ours.total;
      ratios.simOverSynthOnly = s.simulate / m.ours.synth;
      ratios.simOverRawSynth = s.simulate / (m.raw?.total ?? NaN);
      ratios.simCoreOverSynth = s.core / m.ours.total;
      log();
      log(`simulation, N=${n}: ${s.services} Services, ${s.endpoints} endpoints (${REPLICAS} pods each), median of ${sims.length}, ms`);
      if (s.services !== n || s.endpoints !== n * REPLICAS) log(`  WRONG: expected ${n} Services and ${n * REPLICAS} endpoints`);
      log(`  simulate (LocalCluster.fromApp + every Service's EndpointSlices) ${ms(s.simulate)}   runs ${s.runs.join(' ')}`);
      log(`    of which rendering the ApiObjects (toJson) ~${ms(s.render)}; simulation from rendered manifests ${ms(s.core)}`);
      log(`  simulate / synth of the same app (ours, total) ${ratio(ratios.simOverSynth)} (budget <= ${BUDGET.simOverSynth.toFixed(2)}: ${verdict(ratios.simOverSynth, BUDGET.simOverSynth)})`
        + `   vs synth alone ${ratio(ratios.simOverSynthOnly)}   vs raw total ${ratio(ratios.simOverRawSynth)}`
        + `   from manifests / synth ${ratio(ratios.simCoreOverSynth)}`);
      if (n >= 5000) ok = ok && !(ratios.simOverSynth > BUDGET.simOverSynth);
    }
    results.push(result);
  }

  const seconds = (Date.now() - started) / 1000;
  log();
  log(`${ok ? 'all budgets met' : 'OVER BUDGET'} (issue 3: ours/raw <= ${BUDGET.oursOverRaw}, ours/plus <= ${BUDGET.oursOverPlus}; issue 4: simulate/synth <= ${BUDGET.simOverSynth} at N=5000); ${seconds.toFixed(0)} s`);

  const outDir = path.join(__dirname, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'latest.json');
  fs.writeFileSync(file, JSON.stringify({
    date: new Date().toISOString(),
    node: process.version,
    cores: load0.cores,
    loadAverageAtStart: load0.loadAvg1,
    loadAverageAtEnd: machineLoad().loadAvg1,
    seconds,
    budget: BUDGET,
    budgetsMet: ok,
    replicas: REPLICAS,
    variants: Object.fromEntries(variants.map((v) => [v, DESCRIPTIONS[v]])),
    timed: { construct: 'new App + Chart + N pairs', synth: 'app.synth() into /dev/shm', total: 'construct + synth (the budget)' },
    sizes: results,
  }, null, 2) + '\n');
  log(`results: ${path.relative(process.cwd(), file)}`);
  if (!ok && env.BENCH_ENFORCE === '1') process.exitCode = 1;
}

main();
