// Where the synth time goes: `npx ts-node --transpile-only -P test/tsconfig.json bench/breakdown.ts`.
// Builds and synthesizes `raw` and `ours` (bench/apps.ts) alternately and splits each synth into
// phases by wrapping, from the outside, the functions that do the work (nothing in src/ is
// changed): ApiObject.toJson and our Service's own toJson (rendering; in `ours` our Services'
// rendering in the validation is reused by cdk8s' own call, see src/validation/app-validation.ts),
// ClusterModel.fromSourced (the model), checkModelReport (every rule, then suppression) and Yaml.save (writing YAML).
// `rest` is the remainder (dependency graph, the validation's own bookkeeping, GC not
// attributed elsewhere).
// Settings: BENCH_N=5000 BENCH_ROUNDS=3 BENCH_VARIANTS=raw,ours
import { ApiObject, Yaml } from 'cdk8s';
import { Variant } from './apps';
import { timeSynth } from './synth';
import { since } from './timing';

/* eslint-disable @typescript-eslint/no-require-imports */
const clusterModel = require('../src/model/cluster-model');
const engine = require('../src/rules/engine');
const serviceResource = require('../src/services/service-resource');

const spent: Record<string, number> = {};
const depth: Record<string, number> = {};
function wrap(target: any, key: string, label: string) {
  const original = target[key];
  target[key] = function wrapped(this: any, ...args: any[]) {
    // Only the outermost call of a label counts (our Service's toJson may call KubeService's).
    if (depth[label]) return original.apply(this, args);
    depth[label] = 1;
    const t = process.hrtime.bigint();
    try {
      return original.apply(this, args);
    } finally {
      depth[label] = 0;
      spent[label] = (spent[label] ?? 0) + since(t);
    }
  };
}
wrap(ApiObject.prototype, 'toJson', 'toJson');
wrap(serviceResource.ServiceResource.prototype, 'toJson', 'toJson');
wrap(clusterModel.ClusterModel, 'fromSourced', 'model');
wrap(engine, 'checkModelReport', 'rules');
wrap(Yaml, 'save', 'yaml');

const n = Number(process.env.BENCH_N ?? 5000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const variants = (process.env.BENCH_VARIANTS ?? 'raw,ours').split(',') as Variant[];
const phases = ['toJson', 'model', 'rules', 'yaml'];

/** One timed build + synth (bench/synth.ts `timeSynth`), split into the wrapped phases. */
function once(variant: Variant, size: number): Record<string, number> {
  for (const k of Object.keys(spent)) delete spent[k];
  const { construct, synth } = timeSynth(variant, size);
  const row: Record<string, number> = { construct, synth };
  for (const p of phases) row[p] = spent[p] ?? 0;
  row.rest = synth - phases.reduce((a, p) => a + row[p], 0);
  return row;
}

for (let i = 0; i < 2; i++) for (const v of variants) once(v, 300);
console.log(`N=${n}: ms per phase of construct + app.synth(); ${rounds} rounds, alternating`);
const cols = ['construct', 'synth', ...phases, 'rest'];
console.log(`  ${'variant'.padEnd(8)} ${cols.map((c) => c.padStart(9)).join(' ')}`);
for (let r = 0; r < rounds; r++) {
  for (const v of r % 2 ? [...variants].reverse() : variants) {
    const row = once(v, n);
    console.log(`  ${v.padEnd(8)} ${cols.map((c) => row[c].toFixed(0).padStart(9)).join(' ')}`);
  }
}
