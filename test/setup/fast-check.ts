// fast-check's seed. On a developer's machine each run draws a new seed, so the property tests
// keep exploring new inputs (a failure prints its seed and path; replay it with FC_SEED=<seed>).
// In CI (CI=true) the seed is fixed, so a pipeline's result depends on the commit alone and a
// merge is never refused by an input that no one has seen yet; `npx projen test:explore` runs the
// property suites with fresh seeds and more runs, to find such inputs before they land.
import fc from 'fast-check';

const FIXED_CI_SEED = 20261203;

const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED)
  : process.env.CI === 'true' || process.env.CI === '1' ? FIXED_CI_SEED : undefined;
if (seed !== undefined && Number.isInteger(seed)) fc.configureGlobal({ seed });
