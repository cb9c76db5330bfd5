// The import direction of src/ (docs/architecture.md): each folder imports only the layers
// below it. Imports are read with TypeScript's own parser, so `import type`, re-exports and
// dynamic `import()` count too.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const SRC = path.join(__dirname, '..', 'src');

/** What each top-level part of src/ may import from the others (docs/architecture.md). */
const ALLOWED: Record<string, string[]> = {
  enums: [],
  ports: [],
  model: [],
  rules: ['enums', 'model'],
  validation: ['model', 'rules'],
  selection: ['model', 'rules', 'validation'],
  services: ['enums', 'ports', 'model', 'rules', 'selection', 'validation'],
  simulation: ['enums', 'ports', 'model', 'rules', 'validation'],
  harness: ['enums', 'ports', 'model', 'rules', 'validation', 'simulation'],
  plugin: ['model', 'rules'],
  cli: ['enums', 'model', 'rules', 'simulation', 'harness', 'plugin'],
  index: ['*'],
};

/** The top-level part of src/ a file belongs to: its first folder, or the file's own name. */
function part(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? rel[0] : rel[0].replace(/\.ts$/, '');
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every relative import of a file, resolved to the file or folder it names. */
function importsOf(file: string, text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => f.fileName).filter((f) => f.startsWith('.'))
    .map((f) => path.resolve(path.dirname(file), f));
}

/** The imports of `files` that `ALLOWED` does not allow, as "from -> to (file: import)". */
function violations(files: string[], read = (f: string) => fs.readFileSync(f, 'utf8')): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = part(file);
    for (const target of importsOf(file, read(file))) {
      if (path.relative(SRC, target).startsWith('..')) {
        out.push(`${path.relative(SRC, file)} imports ${path.relative(SRC, target)}, outside src/`);
        continue;
      }
      const to = part(target.endsWith('.ts') ? target : `${target}.ts`);
      if (to === from || ALLOWED[from]?.includes('*') || ALLOWED[from]?.includes(to)) continue;
      out.push(`${from} -> ${to} (${path.relative(SRC, file)} imports ${path.relative(path.dirname(file), target) || '.'})`);
    }
  }
  return out;
}

const files = sourceFiles(SRC);

test('every part of src/ is in the layer table (docs/architecture.md)', () => {
  expect([...new Set(files.map(part))].filter((p) => !(p in ALLOWED))).toEqual([]);
});

test('no import runs up a layer', () => {
  expect(violations(files)).toEqual([]);
});

test('the table itself has no circle: each layer imports only parts listed before it', () => {
  const order = Object.keys(ALLOWED);
  for (const [p, deps] of Object.entries(ALLOWED)) {
    for (const d of deps) if (d !== '*') expect(order.indexOf(d)).toBeLessThan(order.indexOf(p));
  }
});

test('the check fails on an upward import (a model file importing a rule or a construct)', () => {
  // A file that is not on disk: its text is given, its path places it in model/.
  const file = path.join(SRC, 'model', 'upward.ts');
  const text = "import { ALL_RULES } from '../rules/engine';\nexport type X = import('../services').ClusterIpService;\nimport './json';\n";
  const found = violations([file], () => text);
  expect(found).toHaveLength(2);
  expect(found[0]).toMatch(/^model -> rules /);
  expect(found[1]).toMatch(/^model -> services /);
});
