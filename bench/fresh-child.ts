// One timed build + synth in this process, for bench/fresh.ts: argv variant, N. Prints one JSON
// line: construct, synth and total milliseconds and the process' CPU milliseconds over them.
// The modules are loaded before the clock starts (what every variant loads: cdk8s,
// cdk8s-plus-27, constructs, this library); the timed code runs cold, as in a user's synth.
import { Variant, VARIANTS } from './apps';
import { timeSynth } from './synth';

const [variant, n] = [process.argv[2] as Variant, Number(process.argv[3])];
if (!VARIANTS.includes(variant) || !(n > 0)) {
  console.error(`usage: fresh-child.ts <${VARIANTS.join('|')}> <N>`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(timeSynth(variant, n)) + '\n');
