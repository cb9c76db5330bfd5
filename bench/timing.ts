// Timing helpers shared by the benchmarks: a monotonic clock, a full GC between runs, medians.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';

/** Milliseconds elapsed since `start` (a `process.hrtime.bigint()` reading). */
export function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// `npm run bench` runs through ts-node, which takes no node flags: expose gc() at run time.
v8.setFlagsFromString('--expose-gc');
const gcFn: (() => void) | undefined = (globalThis as any).gc ?? vm.runInNewContext('gc');

/** A full garbage collection, so one run's garbage is not collected during the next. */
export function collectGarbage(): void {
  if (gcFn) gcFn();
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A fresh directory for `app.synth()` output: in memory (/dev/shm) when the machine has it. */
export function scratchDir(): string {
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  return fs.mkdtempSync(path.join(base, 'cdk8s-services-bench-'));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The 1-minute load average and the core count, to judge how noisy a run was. */
export function machineLoad(): { loadAvg1: number; cores: number } {
  return { loadAvg1: Number(os.loadavg()[0].toFixed(2)), cores: os.cpus().length };
}
