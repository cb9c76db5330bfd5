// `npm run demo`: synthesize every example app, verify the result with the same command a CI
// pipeline runs (`cdk8s-services verify`: API-server, cross-object and security rules plus the
// simulated cluster), print one line per Service of what the simulated cluster does with it,
// and write the real-cluster harness for the app that uses all six constructs.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { EXAMPLES } from './index';
import { LocalCluster } from '../src';
import { runCli } from '../src/cli/main';
import { loadManifestFiles } from '../src/model/load';

const OUT = path.join('dist', 'examples');
// Outside dist/: the harness copies the app's manifests, and `verify dist/` would read them twice.
const HARNESS_OUT = path.join('harness-out', 'all-six');

const print = (s = '') => process.stdout.write(`${s}\n`);
function heading(title: string) {
  print(`\n== ${title} ${'='.repeat(Math.max(0, 76 - title.length))}`);
}

/** Captures a CLI run's output; returns the exit code and the text. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

async function main(): Promise<number> {
  fs.rmSync(OUT, { recursive: true, force: true });

  heading('1. synthesize the examples (app.synth() runs every check)');
  for (const ex of EXAMPLES) {
    const outdir = path.join(OUT, ex.name);
    ex.build(new App({ outdir })).synth();
    print(`  ${ex.name.padEnd(14)} ${ex.title}`);
  }

  heading(`2. cdk8s-services verify ${OUT}`);
  const started = process.hrtime.bigint();
  const verify = await cli(['verify', OUT]);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const summary = verify.out.trim().split('\n').pop();
  print(`  ${summary} (${ms.toFixed(0)} ms, rules and simulation)`);
  if (verify.code !== 0) {
    process.stderr.write(`${verify.out}${verify.err}\nverify exited ${verify.code}: the examples must be clean.\n`);
    return verify.code;
  }

  heading('3. what the simulated cluster does with each Service');
  const cluster = LocalCluster.fromManifests(loadManifestFiles([OUT]).objects.map((o) => o.object));
  const rows = cluster.services().map((s) => {
    const ports = s.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}->${p.targetPort}`).join(',') || '-';
    const ready = s.type === 'ExternalName' ? '-' : String(cluster.endpoints(s.name, s.namespace).length);
    const dns = cluster.resolve(s.dnsName + '.').answers.map((a) => a.value);
    return [`${s.namespace}/${s.name}`, s.type, s.headless ? 'None' : s.clusterIp ?? '-', s.externalDisplay, ports, ready,
      dns.length > 1 ? `${dns[0]} +${dns.length - 1}` : dns[0] ?? '-'];
  });
  const head = ['SERVICE', 'TYPE', 'CLUSTER-IP', 'EXTERNAL', 'PORTS', 'READY', 'DNS'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [head, ...rows]) print(`  ${r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()}`);
  print(`  (full table with endpoints and SRV records: npm run cli -- verify ${OUT})`);

  heading(`4. cdk8s-services harness ${path.join(OUT, 'all-six')} --out ${HARNESS_OUT}`);
  const harness = await cli(['harness', path.join(OUT, 'all-six'), '--out', HARNESS_OUT]);
  process.stdout.write(harness.out.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n'));
  if (harness.code !== 0) process.stderr.write(harness.err);
  return harness.code;
}

main().then((code) => process.exit(code), (err) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
