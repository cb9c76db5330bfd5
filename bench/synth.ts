// Synth benchmark (issue 3 "Performance budget"): the variants of bench/apps.ts, built and
// synthesized side by side in one process, interleaved (the order rotates every round so no
// variant always runs after the same one), after warm-up rounds; the median of each is reported.
//
// What is timed, per run, with process.hrtime.bigint() after a full GC:
//   construct  new App(), new Chart(), N pairs of constructs
//   synth      app.synth() into a fresh directory in /dev/shm: what `cdk8s synth` runs, with
//              dependency resolution, every validation (our rules included) and the YAML written
//              (to memory, so disk noise stays out)
//   total      construct + synth. The budget is read on `total`; `synth` alone is printed too.
//   cpu        process CPU time (user + system, all threads) over construct + synth: less
//              sensitive than wall time to other processes sharing the cores, printed alongside.
import { App } from 'cdk8s';
import { buildApp, Variant } from './apps';
import { collectGarbage, median, removeDir, scratchDir, since } from './timing';

/** One timed build+synth. */
export interface SynthRun {
  construct: number;
  synth: number;
  total: number;
  cpu: number;
}

/** Milliseconds to build and synthesize the app of `variant`; `after` sees the synthesized app. */
export function timeSynth(variant: Variant, n: number, after?: (app: App) => void): SynthRun {
  const outdir = scratchDir();
  try {
    collectGarbage();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const app = buildApp(variant, n, outdir);
    const construct = since(t0);
    const t1 = process.hrtime.bigint();
    app.synth();
    const synth = since(t1);
    const c = process.cpuUsage(c0);
    const run = { construct, synth, total: construct + synth, cpu: (c.user + c.system) / 1000 };
    after?.(app);
    return run;
  } finally {
    removeDir(outdir);
  }
}

/** Medians of one variant at one size. */
export interface SynthMedians {
  construct: number;
  synth: number;
  total: number;
  cpu: number;
  /** The fastest run's total (least disturbed by other processes). */
  min: number;
  /** Every run's total, in run order (to judge the noise). */
  totals: number[];
}

export function medians(runs: SynthRun[]): SynthMedians {
  return {
    construct: median(runs.map((r) => r.construct)),
    synth: median(runs.map((r) => r.synth)),
    total: median(runs.map((r) => r.total)),
    cpu: median(runs.map((r) => r.cpu)),
    min: Math.min(...runs.map((r) => r.total)),
    totals: runs.map((r) => Math.round(r.total)),
  };
}

/** Median over rounds of a/b within the same round (neighbouring runs share the machine's load). */
export function pairedRatio(a: SynthRun[], b: SynthRun[]): number {
  const k = Math.min(a.length, b.length);
  if (k === 0) return NaN;
  return median(Array.from({ length: k }, (_, i) => a[i].total / b[i].total));
}

/**
 * Runs `variants` at size `n`, `repeats` rounds, interleaved with a rotating order.
 * `after(variant, app)` runs after each timed synth, outside the timing (the simulation
 * benchmark uses it to simulate the very app that was just synthesized).
 */
export function benchSynth(variants: Variant[], n: number, repeats: number,
  after?: (variant: Variant, app: App) => void): Record<string, SynthRun[]> {
  const runs: Record<string, SynthRun[]> = {};
  for (const v of variants) runs[v] = [];
  for (let r = 0; r < repeats; r++) {
    const k = r % variants.length;
    const order = [...variants.slice(k), ...variants.slice(0, k)];
    for (const v of order) runs[v].push(timeSynth(v, n, after ? (app) => after(v, app) : undefined));
  }
  return runs;
}
