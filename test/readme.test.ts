// The README is part of the product: its rule table matches the registry and its quick
// start is the two commands CI and a new user run.
import * as fs from 'fs';
import * as path from 'path';
import { renderReadme } from '../scripts/rules-table';

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

test('the README rule table is current (regenerate with `npx projen docs:rules`)', () => {
  expect(renderReadme(readme)).toBe(readme);
});

test('the quick start is exactly the two commands', () => {
  const quick = /## Quick start\n([\s\S]*?)\n## /.exec(readme)![1];
  const commands = quick.split('\n').filter((l) => l.startsWith('npm '));
  expect(commands).toEqual(['npm ci && npm run demo', 'npm ci && npm test']);
});

test('.ci/run runs the README test command', () => {
  const ci = fs.readFileSync(path.join(__dirname, '..', '.ci', 'run'), 'utf8');
  expect(ci).toMatch(/^npm ci$/m);
  expect(ci).toMatch(/^npm test$/m);
});
