import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-services',
  description: 'Typed, checked and testable Kubernetes Services for cdk8s: API-server-grade validation at synth time, selector wiring to workloads, and a simulated cluster for tests.',
  author: 'cdk8s-services developers',
  authorAddress: 'cdk8s-services@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk8s-services/cdk8s-services.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  keywords: ['cdk8s', 'kubernetes', 'service', 'validation', 'testing', 'jsii'],

  // cdk8s 2.x and constructs 10 (projen's cdk8s-construct template defaults to 1.x).
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.3.0',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.0',
  // No cdk8s-plus at run time: every cdk8s-plus-27..34 workload is a selector (duck-typed, issue 12).
  // Tests compile and synthesize apps against the oldest, the two most used and the newest.
  // `yaml` parses manifests for `verify` and LocalCluster with exact errors, lines and alias
  // bounds; js-yaml reads plain large streams ten times faster (src/model/yaml-fast.ts, issue 14).
  // jsii needs non-jsii deps bundled.
  deps: ['yaml@^2.4.0', 'js-yaml@^4.1.0'],
  bundledDeps: ['yaml', 'js-yaml'],
  devDeps: ['@types/node@^20', '@types/js-yaml@^4', 'fast-check@^4', 'kubernetes-models@^4.4.0', 'cdk8s-plus-27@^2.9.0', 'cdk8s-plus-28@^2.5.6', 'cdk8s-plus-32@^2.5.92', 'cdk8s-plus-34@^2.0.54', '@microsoft/sarif-multitool', 'fast-xml-parser', 'mermaid', 'jsdom', 'marked', 'ajv@^8', 'ajv-formats'],

  bin: { 'cdk8s-services': 'lib/cli/main.js' },
  // No source maps in lib/: the default inline maps name ../src/*.ts, which the package does not
  // ship, so a stack trace under `node --enable-source-maps` would point at files a user cannot
  // open. Without them a trace names lib/*.js, which is in the package (issue 14, test/package.test.ts).
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: false } },

  jestOptions: {
    // Snapshots are tests: never rewrite them silently (use `npx projen test:update`).
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      collectCoverage: false,
      // fast-check's seed: fixed in CI, fresh elsewhere (test/setup/fast-check.ts).
      setupFiles: ['<rootDir>/test/setup/fast-check.ts'],
    },
  },
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'examples', 'bench', 'scripts', 'projenrc'] },

  // We publish to every jsii target; only the JavaScript one can be built on these machines.
  publishToPypi: { distName: 'cdk8s-services', module: 'cdk8s_services' },
  publishToMaven: {
    javaPackage: 'io.github.cdk8s_services',
    mavenGroupId: 'io.github.cdk8s-services',
    mavenArtifactId: 'cdk8s-services',
  },
  publishToGo: { moduleName: 'github.com/cdk8s-services/cdk8s-services-go' },
  publishToNuget: { dotNetNamespace: 'Cdk8sServices', packageId: 'Cdk8sServices' },
  release: false,
});

// `npm ci` fails on this registry without this pin (a transitive dep of eslint-import-resolver).
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// run.sh is a real bash file (src/harness/run.sh, issue 15): lib/ gets a copy beside the
// compiled runner.js, which reads it.
project.compileTask.exec('cp src/harness/run.sh lib/harness/run.sh');

// jsii prints an end-of-life banner on Node 20; it is noise in every build log.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// Only the JavaScript target can be packaged on machines without the Python/Java/Go/.NET
// toolchains; `package-all` stays available for a release machine that has them.
const packageTask = project.tasks.tryFind('package')!;
packageTask.reset();
packageTask.spawn(project.tasks.tryFind('package:js')!);

project.gitignore.exclude('/harness-out/', '/bench/results/', '*.tsbuildinfo');
// The npm package holds lib/, .jsii, API.md, README.md, LICENSE and the bundled `yaml` (issue 14):
// not CI, benchmarks, examples, scripts, docs or a demo's harness (test/package.test.ts).
project.addPackageIgnore('/.ci/');
project.addPackageIgnore('/bench/');
project.addPackageIgnore('/examples/');
project.addPackageIgnore('/scripts/');
project.addPackageIgnore('/docs/');
project.addPackageIgnore('/harness-out/');

// ts-jest runs transpile-only (fast); the type check of tests, examples, scripts and benchmarks
// is its own step of `npm test`.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check tests, examples, scripts and benchmarks',
  steps: ['test', 'examples', 'scripts', 'bench'].map((dir) => ({ exec: `tsc --noEmit -p ${dir}/tsconfig.json` })),
});
project.testTask.spawn(typecheck);

// Property suites with fresh seeds and ten times the runs (CI fixes the seed: test/setup/fast-check.ts).
project.addTask('test:explore', {
  description: 'Run the property tests with fresh fast-check seeds and PROPERTY_RUNS=10000',
  env: { CI: 'false', PROPERTY_RUNS: '10000' },
  exec: 'jest --ci=false test/property test/harness/hostile.test.ts',
});

// The main job: synthesize every example, verify it (rules + simulation), write the harness.
project.addTask('demo', {
  description: 'Synthesize the examples, verify them and print the report',
  exec: 'ts-node --transpile-only -P test/tsconfig.json examples/demo.ts',
});
// The `cdk8s-services` command from the sources, for this repository (the published package's
// bin is lib/cli/main.js): `npm run cli -- verify dist/examples`.
project.addTask('cli', {
  description: 'Run the cdk8s-services command from the sources (npm run cli -- verify dist/examples)',
  exec: 'ts-node --transpile-only -P test/tsconfig.json src/cli/main.ts',
  receiveArgs: true,
});
project.addTask('docs:rules', {
  description: "Regenerate the README's rule table and docs/rules.md from the rule registry",
  exec: 'ts-node --transpile-only -P test/tsconfig.json scripts/rules-table.ts',
});
project.addTask('bench', {
  description: 'Benchmark synth and simulation against cdk8s-plus-27 and raw cdk8s (prints ratios)',
  exec: 'ts-node --transpile-only -P test/tsconfig.json bench/run.ts',
});
project.addTask('bench:fresh', {
  description: 'Benchmark synth with each run in a fresh process (issue 14 budget: ours/raw, ours/plus)',
  exec: 'ts-node --transpile-only -P test/tsconfig.json bench/fresh.ts',
});

project.synth();
