// Compares the two readings of YAML (src/model/yaml-fast.ts with js-yaml, src/model/yaml-read.ts
// with the yaml package) on every .yaml/.yml file under the folders given: for each file the fast
// path takes, the objects, their documents and lines, field lines and errors must be the same.
// For reviewing the fast path on real manifests (issue 14); the property test is
// test/model/yaml-fast.test.ts.
//
//   npx ts-node --transpile-only -P test/tsconfig.json scripts/yaml-readings.ts <dir>...
import * as fs from 'fs';
import * as path from 'path';
import { fieldLine } from '../src/model/field-lines';
import { loadManifestText } from '../src/model/load';
import { readFastDocuments } from '../src/model/yaml-fast';

const FIELDS = ['metadata.name', 'spec', 'spec.ports', 'spec.selector', 'spec.template.spec.containers'];

function* yamlFiles(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* yamlFiles(full);
    else if (e.isFile() && /\.ya?ml$/i.test(e.name)) yield full;
  }
}

function reading(text: string, file: string, fast: boolean): string {
  const r = loadManifestText(text, file, { fast });
  const objects = r.objects.map((o) => [o.object, o.source, FIELDS.map((f) => fieldLine(o.object, f))]);
  return JSON.stringify({ objects, errors: r.errors, notManifest: r.notManifest });
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  process.stderr.write('usage: scripts/yaml-readings.ts <dir>...\n');
  process.exit(2);
}
let files = 0;
let fast = 0;
const differ: string[] = [];
for (const dir of dirs) {
  for (const file of yamlFiles(dir)) {
    files++;
    const text = fs.readFileSync(file, 'utf8');
    if (readFastDocuments(text.replace(/^\uFEFF/, '')) === undefined) continue;
    fast++;
    if (reading(text, file, true) !== reading(text, file, false)) differ.push(file);
  }
}
for (const f of differ) console.log(`differs: ${f}`);
console.log(`${files} YAML files, ${fast} read by js-yaml, ${differ.length} read differently`);
process.exit(differ.length > 0 ? 1 : 0);
