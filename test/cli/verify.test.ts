// `cdk8s-services verify`: loads manifests, runs the one engine, prints findings grouped by
// object (text) or as JSON, and exits 0 / 1 / 2 / 3. Most tests run in-process through
// runCli/runVerify; the last block spawns the real bin.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliIo, Command } from '../../src/cli/args';
import { COMMANDS } from '../../src/cli/commands';
import { runCli } from '../../src/cli/main';
import { parseVerifyArgs, runVerify } from '../../src/cli/verify';
import { RuleCategory, Severity } from '../../src/model/findings';
import { Rule, violation } from '../../src/rules/rule';
import * as report from '../../src/simulation/report';

const FIX = path.join('test', 'fixtures', 'verify');
const fx = (...p: string[]) => path.join(FIX, ...p);
const PORTS = fx('invalid', 'ports.yaml');

function capture(): { io: CliIo; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s) => void out.push(s), err: (s) => void err.push(s) }, out: () => out.join(''), err: () => err.join('') };
}

async function cli(...argv: string[]) {
  const c = capture();
  const code = await runCli(argv, c.io, {});
  return { code, out: c.out(), err: c.err() };
}

/** Rules of the test, so CLI behaviour is tested apart from the real rule set. */
const FAKE_RULES: Rule[] = [
  {
    id: 'T1',
    name: 'test-port-above-range',
    category: RuleCategory.API_SERVER,
    severity: Severity.ERROR,
    summary: 'port above 65535',
    checkService: (svc) => (svc.spec.ports ?? []).flatMap((p: any, i: number) => (p.port > 65535
      ? [violation(svc, `spec.ports[${i}].port`, p.port, 'port must be between 1 and 65535', 'use e.g. 80')]
      : [])),
  },
  {
    id: 'T2',
    name: 'test-port-name-upper-case',
    category: RuleCategory.BEST_PRACTICE,
    severity: Severity.WARNING,
    summary: 'port name with upper case',
    checkService: (svc) => (svc.spec.ports ?? []).flatMap((p: any, i: number) => (typeof p.name === 'string' && p.name !== p.name.toLowerCase()
      ? [violation(svc, `spec.ports[${i}].name`, p.name, 'port name has upper case', 'write it in lower case')]
      : [])),
  },
];

/** Runs verify with `rules` and without the simulation (its own tests below mock it). */
function verifyWith(rules: Rule[], ...argv: string[]) {
  return verifySimulated(rules, '--no-simulate', ...argv);
}

function verifySimulated(rules: Rule[], ...argv: string[]) {
  const c = capture();
  const code = runVerify(parseVerifyArgs(argv), c.io, rules);
  return { code, out: c.out(), err: c.err() };
}

describe('verify: text output', () => {
  test('findings are grouped by object under `Kind/namespace/name (file:line)`, each with its field\'s line, then a summary line', () => {
    const r = verifyWith(FAKE_RULES, PORTS);
    expect(r.out).toBe([
      `Service/default/api (${PORTS}:21)`,
      '  error T1 test-port-above-range spec.ports[0].port = 70000 (line 31): port must be between 1 and 65535. Fix: use e.g. 80',
      '  warning T2 test-port-name-upper-case spec.ports[1].name = "Metrics.Port" (line 34): port name has upper case. Fix: write it in lower case',
      '',
      '1 error, 1 warning in 1 file (2 objects)',
      '',
    ].join('\n'));
    expect(r.code).toBe(1);
  });

  test('two objects with findings make two groups, in file order', () => {
    const r = verifyWith(FAKE_RULES, fx('bad', 'no-kind.yaml'), fx('bad', 'syntax-error.yaml'));
    const headings = r.out.split('\n').filter((l) => /^Service\//.test(l));
    expect(headings).toEqual([
      `Service/default/still-checked (${fx('bad', 'no-kind.yaml')}:1)`,
      `Service/default/after-the-error (${fx('bad', 'syntax-error.yaml')}:10)`,
    ]);
  });

  test('load errors come first as `error: file:line: message` and count as errors', () => {
    const r = verifyWith(FAKE_RULES, fx('bad', 'no-kind.yaml'), fx('valid', 'app.k8s.yaml'));
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`error: ${fx('bad', 'no-kind.yaml')}:9: document 2 (metadata.name "kindless") has no kind; every Kubernetes object needs both, e.g. \`apiVersion: v1\` and \`kind: Service\``);
    expect(lines[1]).toBe('');
    expect(lines[2]).toBe(`Service/default/still-checked (${fx('bad', 'no-kind.yaml')}:1)`);
    expect(lines[lines.length - 2]).toBe('2 errors (1 of them in reading the input), 0 warnings in 2 files (3 objects)');
    expect(r.code).toBe(1);
  });

  test('a load error alone fails the run (exit 1); the same files without it pass (exit 0)', () => {
    expect(verifyWith(FAKE_RULES, fx('valid'), fx('bad', 'not-a-mapping.yaml')).code).toBe(1);
    const ok = verifyWith(FAKE_RULES, fx('valid'));
    expect(ok.code).toBe(0);
    expect(ok.out).toBe('0 errors, 0 warnings in 5 files (9 objects)\n');
  });

  test('a missing path is reported and the other paths are still checked', () => {
    const r = verifyWith(FAKE_RULES, fx('does-not-exist'), PORTS);
    expect(r.out).toContain(`error: ${fx('does-not-exist')}: cannot read: no such file or directory`);
    expect(r.out).toContain('error T1 test-port-above-range spec.ports[0].port = 70000');
    expect(r.code).toBe(1);
  });
});

describe('verify: exit codes and --strict', () => {
  const warnOnly = [FAKE_RULES[1]];

  test('warnings alone exit 0 and print as warnings', () => {
    const r = verifyWith(warnOnly, PORTS);
    expect(r.code).toBe(0);
    expect(r.out).toContain('  warning T2 test-port-name-upper-case spec.ports[1].name');
    expect(r.out).toContain('0 errors, 1 warning in 1 file');
  });

  test('--strict turns the same warnings into errors and exits 1', () => {
    const r = verifyWith(warnOnly, PORTS, '--strict');
    expect(r.code).toBe(1);
    expect(r.out).toContain('  error T2 test-port-name-upper-case spec.ports[1].name');
    expect(r.out).toContain('1 error, 0 warnings in 1 file');
  });

  test('--disable RULE=reason turns a rule off; its neighbour rule still fires', () => {
    const r = verifyWith(FAKE_RULES, PORTS, '--disable', 'T1=tested elsewhere');
    expect(r.out).not.toContain(' T1 ');
    expect(r.out).toContain(' T2 ');
    expect(r.code).toBe(0);
  });
});

describe('verify: --format json', () => {
  test('prints {"findings":[...],"errors":[...]} with exactly the documented keys', () => {
    const r = verifyWith(FAKE_RULES, '--format', 'json', PORTS, fx('bad', 'not-a-mapping.yaml'));
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['findings', 'suppressed', 'errors']);
    expect(json.findings).toHaveLength(2);
    for (const f of json.findings) {
      expect(Object.keys(f)).toEqual(['rule', 'ruleName', 'category', 'severity', 'file', 'object', 'field', 'value', 'message', 'fix', 'line', 'fieldLine']);
    }
    expect(json.findings[0]).toEqual({
      rule: 'T1',
      ruleName: 'test-port-above-range',
      category: 'api-server',
      severity: 'error',
      file: PORTS,
      object: 'Service/default/api',
      field: 'spec.ports[0].port',
      value: '70000',
      message: 'port must be between 1 and 65535',
      fix: 'use e.g. 80',
      line: 21,
      fieldLine: 31,
    });
    expect(json.errors).toEqual([{
      file: fx('bad', 'not-a-mapping.yaml'),
      line: 2,
      message: 'document 1 is the string "just some text", not a Kubernetes object (a mapping with apiVersion and kind)',
    }]);
    expect(r.code).toBe(1);
  });

  test('a clean run prints empty arrays and exits 0', () => {
    const r = verifyWith(FAKE_RULES, '--format=json', fx('valid'));
    expect(JSON.parse(r.out)).toEqual({ findings: [], suppressed: [], errors: [] });
    expect(r.code).toBe(0);
  });

  test('a missing line is null, not left out (every entry has every key)', () => {
    const r = verifyWith(FAKE_RULES, '--format', 'json', fx('nope.yaml'));
    expect(JSON.parse(r.out).errors).toEqual([{ file: fx('nope.yaml'), line: null, message: 'cannot read: no such file or directory' }]);
  });
});

describe('verify: the simulation report', () => {
  const simFinding = {
    rule: 'SIM1',
    category: RuleCategory.CROSS_OBJECT,
    severity: Severity.WARNING,
    objectRef: 'Service/default/api',
    field: 'spec.selector',
    value: '{"app":"api"}',
    message: 'simulated',
    fix: 'none',
    file: PORTS,
    line: 21,
  };
  let spy: jest.SpyInstance;
  beforeEach(() => {
    spy = jest.spyOn(report, 'simulationReport').mockReturnValue({ text: 'SIMULATED ROUTING TABLE\n', findings: [simFinding] });
  });
  afterEach(() => spy.mockRestore());

  test('its text is appended before the summary and its findings join the report', () => {
    const r = verifySimulated([], PORTS);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(r.out).toContain('  warning SIM1 spec.selector = {"app":"api"}: simulated. Fix: none');
    expect(r.out).toMatch(/SIMULATED ROUTING TABLE\n\n0 errors, 1 warning in 1 file \(2 objects\)\n$/);
    expect(r.code).toBe(0);
  });

  test('--strict makes its warnings errors too', () => {
    const r = verifySimulated([], PORTS, '--strict', '--format', 'json');
    expect(JSON.parse(r.out).findings.map((f: any) => `${f.rule} ${f.severity}`)).toEqual(['SIM1 error']);
    expect(r.code).toBe(1);
  });

  test('--no-simulate does not run it', () => {
    const r = verifySimulated([], PORTS, '--no-simulate');
    expect(spy).not.toHaveBeenCalled();
    expect(r.out).toBe('0 errors, 0 warnings in 1 file (2 objects)\n');
  });
});

describe('verify: usage errors exit 2 with one readable line and where help is, never a stack', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['no paths', ['verify'], /error: no manifests given/],
    ['unknown flag', ['verify', '--bogus', 'x'], /error: unknown option --bogus$/m],
    ['misspelt flag with a suggestion', ['verify', '--stict', 'x'], /unknown option --stict \(did you mean --strict\?\)/],
    ['flag missing its value', ['verify', 'x', '--format'], /error: --format needs a value/],
    ['unknown format', ['verify', '--format', 'yaml', 'x'], /--format must be one of text, json, sarif, junit, github, markdown \(got "yaml"\)/],
    ['malformed node port range', ['verify', '--node-port-range', '32767-30000', 'x'], /error: --node-port-range "32767-30000" is not a port range/],
    ['--disable without a reason', ['verify', '--disable', 'V16', 'x'], /--disable needs a rule \(id or name\) and a reason, as RULE=REASON/],
    ['--disable of a rule that does not exist', ['verify', '--disable', 'NOPE1=because', 'x'], /--disable: there is no rule NOPE1/],
    ['a service CIDR that is not one', ['verify', '--service-cidr', '10.96.0.0/33', 'x'], /--service-cidr "10.96.0.0\/33" is not a CIDR/],
    ['an unknown IP family', ['verify', '--ip-family', 'IPv5', 'x'], /--ip-family must be IPv4 or IPv6/],
    ['a flag value on a boolean flag', ['verify', '--strict=yes', 'x'], /--strict is a flag and takes no value/],
    ['unknown command', ['lint', 'x'], /unknown command "lint" \(commands: verify/],
    ['an option before the command', ['--strict', 'verify'], /"--strict" comes before a command/],
  ];
  test.each(cases)('%s', async (_name, argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    // The error and one line on where help is, not the whole help again (issue 14).
    expect(r.err).toMatch(/\nRun `cdk8s-services (verify )?--help` for the options\.\n$/);
    expect(r.err).not.toMatch(/Usage:/);
    expect(r.err.trimEnd().split('\n')).toHaveLength(2);
    expect(r.err).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  });

  test('the nearest valid neighbours of those lines run (exit 0 on clean manifests)', async () => {
    const r = await cli('verify', '--format=text', '--node-port-range', '30000-32767', '--service-cidr', '10.96.0.0/12,fd00::/108',
      '--ip-family', 'ipv4', '--strict', '--no-simulate', '--allow-public-load-balancers', '--', fx('valid', 'app.k8s.yaml'), fx('valid', 'kubectl-list.json'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  test('no arguments at all print the command list to stderr and exit 2', async () => {
    const r = await cli();
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Usage: cdk8s-services <command> \[options\]\n\nCommands:\n  verify /);
  });
});

describe('help', () => {
  test('--help lists the commands and exits 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ {2}verify +check manifests/);
  });

  test.each([['verify', '--help'], ['verify', '-h'], ['help', 'verify']])('%s %s prints every verify flag', async (...argv) => {
    const r = await cli(...argv);
    expect(r.code).toBe(0);
    for (const flag of ['--format text|json', '--strict', '--node-port-range MIN-MAX', '--service-cidr CIDR', '--ip-family IPv4|IPv6',
      '--allow-public-load-balancers', '--disable RULE=REASON', '--no-simulate', '-h, --help']) {
      expect(r.out).toContain(flag);
    }
  });
});

describe('internal errors', () => {
  const boom: Command = { name: 'boom', summary: 'test only', usage: 'Usage: boom', run: () => { throw new TypeError('x is undefined'); } };
  beforeEach(() => COMMANDS.push(boom));
  afterEach(() => COMMANDS.splice(COMMANDS.indexOf(boom), 1));

  test('a bug prints one line and exits 3, without a stack', async () => {
    const r = await cli('boom');
    expect(r.code).toBe(3);
    expect(r.err).toBe('cdk8s-services: internal error: x is undefined. This is a bug in cdk8s-services; rerun with CDK8S_SERVICES_DEBUG=1 for the stack trace and report it.\n');
  });

  test('with CDK8S_SERVICES_DEBUG=1 the stack is shown', async () => {
    const c = capture();
    const code = await runCli(['boom'], c.io, { CDK8S_SERVICES_DEBUG: '1' });
    expect(code).toBe(3);
    expect(c.err()).toMatch(/TypeError: x is undefined\n\s+at /);
  });
});

describe('the real bin (spawned: shebang entry, real exit codes)', () => {
  const root = path.join(__dirname, '..', '..');
  const SPAWN_TIMEOUT = 60_000; // a cold ts-node start on a busy machine
  function bin(...args: string[]) {
    return binWithInput('', ...args);
  }
  function binWithInput(input: string, ...args: string[]) {
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', ...args], {
      cwd: root,
      input,
      encoding: 'utf8',
      env: { ...process.env, TS_NODE_PROJECT: 'test/tsconfig.json', CDK8S_SERVICES_DEBUG: '' },
      timeout: 60_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  test('main.ts starts with the node shebang (the compiled bin keeps it)', () => {
    expect(fs.readFileSync(path.join(root, 'src', 'cli', 'main.ts'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  test('clean manifests: exit 0 and the summary on stdout', () => {
    const r = bin('verify', '--no-simulate', fx('valid'));
    expect(r.err).toBe('');
    // Clean: no error or warning; hints (S4 for a NodePort) are listed and counted.
    expect(r.out).not.toMatch(/^\s*(error|warning) /m);
    expect(r.out).toMatch(/(^|\n)0 errors, 0 warnings(, \d+ hints?)? in 5 files \(9 objects\)\n$/);
    expect(r.code).toBe(0);
  }, SPAWN_TIMEOUT);

  test('an input error: exit 1, JSON on stdout still parses', () => {
    const r = bin('verify', '--format', 'json', '--no-simulate', fx('bad', 'syntax-error.yaml'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).errors[0]).toMatchObject({ file: fx('bad', 'syntax-error.yaml'), line: 7 });
  }, SPAWN_TIMEOUT);

  test('`-` reads standard input (helm template | verify -), named <stdin> with its lines', () => {
    const r = binWithInput(fs.readFileSync(PORTS, 'utf8'), 'verify', '--format', 'json', '--no-simulate', '-');
    expect(r.code).toBe(1);
    const v16 = JSON.parse(r.out).findings.find((f: any) => f.rule === 'V16');
    expect(v16).toMatchObject({ file: '<stdin>', line: 21, object: 'Service/default/api' });
  }, SPAWN_TIMEOUT);

  test('empty standard input is an input error, as an empty folder is (issue 14); one object passes', () => {
    for (const input of ['', '   \n', '# only a comment\n---\n']) {
      const r = binWithInput(input, 'verify', '--no-simulate', '-');
      expect(r.code).toBe(1);
      expect(r.out + r.err).toMatch(/<stdin>: standard input holds no Kubernetes object/);
    }
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-empty-'));
    const folder = bin('verify', '--no-simulate', empty);
    expect(folder.code).toBe(1);
    expect(folder.out + folder.err).toContain(`${empty}: this directory holds no Kubernetes object (`);
    // A folder of empty files, and an empty file named explicitly, alike.
    fs.writeFileSync(path.join(empty, 'empty.yaml'), '# nothing yet\n');
    const blank = bin('verify', '--no-simulate', empty);
    expect(blank.code).toBe(1);
    expect(blank.out + blank.err).toContain(`${empty}: this directory holds no Kubernetes object (`);
    const file = bin('verify', '--no-simulate', path.join(empty, 'empty.yaml'));
    expect(file.code).toBe(1);
    expect(file.out + file.err).toContain(`${path.join(empty, 'empty.yaml')}: this file holds no Kubernetes object (`);
    const one = binWithInput('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n', 'verify', '--no-simulate', '-');
    expect(one.code).toBe(0);
  }, SPAWN_TIMEOUT);

  test('a folder walk skips JSON and YAML without apiVersion and kind alike and names each on stderr (issue 14)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-skip-'));
    fs.writeFileSync(path.join(dir, 'app.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    fs.writeFileSync(path.join(dir, 'values.json'), JSON.stringify({ replicas: 2 }));
    fs.writeFileSync(path.join(dir, 'values.yaml'), 'replicas: 2\nimage: {tag: latest}\n');
    const r = bin('verify', '--no-simulate', '--format', 'json', dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).errors).toEqual([]);
    expect(r.err.split('\n').filter((l) => l.startsWith('skipped '))).toEqual([
      `skipped ${path.join(dir, 'values.json')}: not a Kubernetes manifest: no document has apiVersion or kind`,
      `skipped ${path.join(dir, 'values.yaml')}: not a Kubernetes manifest: no document has apiVersion or kind`,
    ]);
    // Named explicitly, each is read and its missing apiVersion and kind reported.
    for (const name of ['values.json', 'values.yaml']) {
      const named = bin('verify', '--no-simulate', path.join(dir, name));
      expect(named.code).toBe(1);
      expect(named.out).toMatch(/has no apiVersion and no kind/);
    }
    // Only skipped files: the folder holds no object, an input error that counts what it skipped.
    fs.rmSync(path.join(dir, 'app.k8s.yaml'));
    const none = bin('verify', '--no-simulate', dir);
    expect(none.code).toBe(1);
    expect(none.out).toContain(`${dir}: this directory holds no Kubernetes object (2 files skipped, not manifests;`);
  }, SPAWN_TIMEOUT);

  test('a usage error: exit 2, message on stderr, nothing on stdout', () => {
    const r = bin('verify', '--bogus');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')[0]).toBe('cdk8s-services verify: error: unknown option --bogus');
  }, SPAWN_TIMEOUT);
});

describe('verify with the real rules (end to end)', () => {
  const json = async (...argv: string[]) => {
    const r = await cli('verify', '--format', 'json', '--no-simulate', ...argv);
    return { ...r, json: JSON.parse(r.out) };
  };
  const ids = (findings: any[]) => findings.map((f) => `${f.rule} ${f.object} ${f.field} ${f.file}:${f.line}`);

  test('V16 port 70000, A11 nodePort 99999 and V15 port name "Metrics.Port" are api-server errors at the Service line', async () => {
    const r = await json(PORTS);
    expect(r.code).toBe(1);
    expect(ids(r.json.findings)).toEqual(expect.arrayContaining([
      `V16 Service/default/api spec.ports[0].port ${PORTS}:21`,
      `A11 Service/default/api spec.ports[0].nodePort ${PORTS}:21`,
      `V15 Service/default/api spec.ports[1].name ${PORTS}:21`,
    ]));
    for (const f of r.json.findings.filter((x: any) => ['V16', 'A11', 'V15'].includes(x.rule))) {
      expect(f).toMatchObject({ category: 'api-server', severity: 'error' });
    }
    expect(r.json.findings.find((f: any) => f.rule === 'V16').value).toBe('70000');
  });

  test('the valid fixtures have no api-server finding and no error', async () => {
    const r = await json(fx('valid'));
    expect(r.json.errors).toEqual([]);
    expect(r.json.findings.filter((f: any) => f.severity === 'error' || f.category === 'api-server')).toEqual([]);
    expect(r.code).toBe(0);
  });

  test('A11 follows --node-port-range: nodePort 30079 is fine by default and an error in 31000-32000', async () => {
    const file = fx('valid', 'helm-template.yaml');
    expect((await json(file)).json.findings.filter((f: any) => f.rule === 'A11')).toEqual([]);
    const r = await json('--node-port-range', '31000-32000', file);
    expect(ids(r.json.findings.filter((f: any) => f.rule === 'A11'))).toEqual([`A11 Service/default/redis spec.ports[0].nodePort ${file}:29`]);
    expect(r.code).toBe(1);
  });

  test('W1 (a deprecated annotation) is a warning: exit 0; with --strict it is an error: exit 1', async () => {
    const file = fx('invalid', 'warning.yaml');
    const plain = await json(file);
    expect(ids(plain.json.findings.filter((f: any) => f.rule === 'W1'))).toEqual([
      `W1 Service/default/hinted metadata.annotations[service.kubernetes.io/topology-aware-hints] ${file}:1`,
    ]);
    expect(plain.json.findings.filter((f: any) => f.severity === 'error')).toEqual([]);
    expect(plain.code).toBe(0);
    const strict = await json('--strict', file);
    expect(strict.json.findings.find((f: any) => f.rule === 'W1').severity).toBe('error');
    expect(strict.code).toBe(1);
  });

  test('the text report groups the real findings under the Service', async () => {
    const r = await cli('verify', '--no-simulate', PORTS);
    const lines = r.out.split('\n');
    const at = lines.indexOf(`Service/default/api (${PORTS}:21)`);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines.slice(at + 1).filter((l) => /^ {2}error (V16|A11|V15) /.test(l))).toHaveLength(3);
    expect(r.code).toBe(1);
  });
});

describe('verify: a simulation that crashes', () => {
  test('is an internal error (exit 3) that says --no-simulate skips it; --no-simulate then passes', async () => {
    const spy = jest.spyOn(report, 'simulationReport').mockImplementation(() => { throw new RangeError('bad index'); });
    try {
      const r = await cli('verify', fx('valid', 'app.k8s.yaml'));
      expect(r.code).toBe(3);
      expect(r.err).toBe('cdk8s-services: internal error: the simulation failed (bad index); --no-simulate skips it. This is a bug in cdk8s-services; rerun with CDK8S_SERVICES_DEBUG=1 for the stack trace and report it.\n');
      expect((await cli('verify', '--no-simulate', fx('valid', 'app.k8s.yaml'))).code).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('verify: the simulation does not repeat what the rules found', () => {
  // b reuses a's nodePort (X5), d reuses c's clusterIP (A10); c asks for 10.96.0.10, which the
  // cluster's own kube-dns holds (only the simulation knows that).
  const manifests = [
    'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {type: NodePort, selector: {app: a}, ports: [{port: 80, nodePort: 30080}]}',
    'apiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec: {type: NodePort, selector: {app: a}, ports: [{port: 80, nodePort: 30080}]}',
    'apiVersion: v1\nkind: Service\nmetadata: {name: c}\nspec: {clusterIP: 10.96.0.10, selector: {app: a}, ports: [{port: 80}]}',
    'apiVersion: v1\nkind: Service\nmetadata: {name: d}\nspec: {clusterIP: 10.96.0.10, selector: {app: a}, ports: [{port: 80}]}',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {selector: {matchLabels: {app: a}}, template: {metadata: {labels: {app: a}}, spec: {containers: [{name: a, image: nginx, ports: [{containerPort: 80}]}]}}}',
  ].join('\n---\n');
  let file: string;
  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-services-verify-'));
    file = path.join(dir, 'dup.yaml');
    fs.writeFileSync(file, `${manifests}\n`);
  });
  afterAll(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));

  test('each refusal is reported once (the rule where a rule explains it), in JSON and text', async () => {
    const json = await cli('verify', file, '--format', 'json');
    // (Hints left out: S4 for each NodePort Service.)
    const seen = JSON.parse(json.out).findings.filter((f: any) => f.severity !== 'info').map((f: any) => `${f.rule} ${f.object}`);
    expect(seen).toEqual(['X5 Service/default/a', 'X5 Service/default/b', 'A10 Service/default/d', 'A10 Service/default/c']);
    expect(json.code).toBe(1);

    const text = await cli('verify', file);
    // Once in the grouped findings; the routing table no longer repeats them.
    expect(text.out.split('\n').filter((l) => l.includes('the cluster refuses to create this Service'))).toHaveLength(1);
    expect(text.out).toContain('default/c  ClusterIP  cluster-ip REFUSED');
    expect(text.out).toMatch(/\n4 errors, 0 warnings, 2 hints in 1 file \(5 objects\)\n$/);
  });

  test('nearest neighbour: with --no-simulate only the rules speak, and kube-dns\'s address is not known', async () => {
    const json = await cli('verify', file, '--format', 'json', '--no-simulate');
    expect(JSON.parse(json.out).findings.filter((f: any) => f.severity !== 'info').map((f: any) => `${f.rule} ${f.object}`))
      .toEqual(['X5 Service/default/a', 'X5 Service/default/b', 'A10 Service/default/d']);
  });
});

describe('E3 (simulation only) is disabled like any rule', () => {
  test('--disable E3=reason removes the no-ready-pods warning; without it the warning shows', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e3-'));
    const file = path.join(dir, 'app.yaml');
    fs.writeFileSync(file, [
      'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { selector: { app: web }, ports: [{ port: 80 }] }',
      'apiVersion: v1\nkind: Pod\nmetadata: { name: web-0, labels: { app: web } }\nspec: { containers: [{ name: a, image: nginx, ports: [{ containerPort: 80 }] }] }\nstatus: { phase: Running, podIP: 10.244.0.5, conditions: [{ type: Ready, status: "False" }] }',
    ].join('\n---\n'));
    const rules = async (argv: string[]) => {
      let out = '';
      await runCli(argv, { out: (s) => { out += s; }, err: () => {} });
      return JSON.parse(out).findings.map((f: any) => f.rule);
    };
    expect(await rules(['verify', file, '--format', 'json'])).toContain('E3');
    expect(await rules(['verify', file, '--format', 'json', '--disable', 'E3=pods are started by hand'])).not.toContain('E3');
  });
});
