import { parseVerifyArgs, runVerify } from './src/cli/verify';
import './src/harness/report';
const a = parseVerifyArgs([process.argv[2], '--format', 'json']);
const s = Date.now();
let n = 0;
runVerify(a, { out: (x) => { n += x.length; }, err: () => undefined });
console.log('verify ms', Date.now() - s);
