// Issue 14: the npm package holds what a user's app loads and reads, and nothing of the
// repository's own tooling: lib/ (JavaScript and typings), .jsii, API.md, README.md, LICENSE,
// package.json and the bundled parsers (`yaml`; `js-yaml` with its one dependency, `argparse`). Not .ci/, bench/, examples/, scripts/, docs/, src/,
// test/ or a demo's harness-out/.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return (JSON.parse(out)[0].files as Array<{ path: string }>).map((f) => f.path);
}

test('npm pack holds lib/, .jsii, API.md, README.md, LICENSE, package.json and the bundled parsers only', () => {
  const files = packedFiles();
  const allowedTop = new Set(['lib', 'node_modules', '.jsii', 'API.md', 'README.md', 'LICENSE', 'package.json']);
  const outside = files.filter((f) => !allowedTop.has(f.split('/')[0]));
  expect(outside).toEqual([]);
  for (const must of ['package.json', 'README.md', 'LICENSE', 'API.md']) expect(files).toContain(must);
  // What `main`, `types` and `bin` name is in the package whenever lib/ is built (CI packs after
  // the jsii build; a fresh clone without lib/ packs no lib at all, which the check above allows).
  if (files.some((f) => f.startsWith('lib/'))) {
    // lib/harness/run.sh: the harness runner, a bash file the compile copies (runner.js reads it).
    for (const must of ['lib/index.js', 'lib/index.d.ts', 'lib/cli/main.js', 'lib/harness/run.sh', '.jsii']) expect(files).toContain(must);
  }
  // The only bundled dependencies are the YAML parsers (js-yaml needs argparse); no dev dependency leaks in.
  const bundled = new Set(files.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/')[1]));
  expect([...bundled].sort()).toEqual(bundled.size === 0 ? [] : ['argparse', 'js-yaml', 'yaml']);
});

test('stack traces of the packed JavaScript point at files the package ships (no source map to src/)', () => {
  const files = packedFiles();
  const shipped = new Set(files);
  const js = files.filter((f) => f.startsWith('lib/') && f.endsWith('.js'));
  // Nothing to check on a fresh clone without lib/ (the first test allows that); CI packs after the build.
  const missing: string[] = [];
  for (const file of js) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/^\/\/# sourceMappingURL=(\S+)\s*$/gm)) {
      const url = m[1];
      const inline = /^data:application\/json;(?:charset=utf-8;)?base64,(.*)$/.exec(url);
      let map: { sources?: string[] };
      if (inline) {
        map = JSON.parse(Buffer.from(inline[1], 'base64').toString('utf8'));
      } else {
        const mapFile = path.posix.join(path.posix.dirname(file), url);
        if (!shipped.has(mapFile)) {
          missing.push(`${file} -> ${mapFile}`);
          continue;
        }
        map = JSON.parse(fs.readFileSync(path.join(ROOT, mapFile), 'utf8'));
      }
      for (const source of map.sources ?? []) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), source));
        if (!shipped.has(target)) missing.push(`${file} -> ${target}`);
      }
    }
  }
  expect(missing).toEqual([]);
});
