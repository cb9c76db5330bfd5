// Readable rule names next to the ids (issue 11): unique kebab-case names, one lookup
// (findRule), accepted wherever an id is, and carried by every finding.
import { runVerify } from '../../src/cli/verify';
import { DOCUMENTED_RULES, findRule, ruleNameOf } from '../../src/rules/engine';
import { check, deployment, expectNoRule, expectRule, service } from '../helpers';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/;

describe('rule names', () => {
  test('every documented rule has a kebab-case name of at least two words', () => {
    for (const r of DOCUMENTED_RULES) expect({ id: r.id, name: r.name }).toEqual({ id: r.id, name: expect.stringMatching(KEBAB) });
  });

  test('names are unique, and no name is also an id', () => {
    const names = DOCUMENTED_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    const ids = new Set(DOCUMENTED_RULES.map((r) => r.id));
    expect(names.filter((n) => ids.has(n))).toEqual([]);
  });

  test('the names the issue asks for', () => {
    expect(ruleNameOf('X1')).toBe('selector-matches-no-pods');
    expect(ruleNameOf('X3')).toBe('named-target-port-undeclared');
    expect(ruleNameOf('V16')).toBe('port-out-of-range');
  });

  test('findRule resolves an id and a name to the same rule; case of a name and spaces do not matter', () => {
    for (const r of DOCUMENTED_RULES) {
      expect(findRule(r.id)).toBe(r);
      expect(findRule(r.name)).toBe(r);
      expect(findRule(` ${r.name.toUpperCase()} `)).toBe(r);
    }
  });

  test('findRule knows no other rule (nearest neighbours of real ids and names)', () => {
    for (const s of ['X99', 'x1x', 'selector-matches-no-pod', '', 'V0']) expect(findRule(s)).toBeUndefined();
  });
});

describe('a name is accepted wherever an id is', () => {
  const twoPorts = () => [service({ selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'htp' }] }), deployment('web', { app: 'web' })];

  test('every finding carries its rule name', () => {
    const [hit] = expectRule(check(twoPorts()), 'X3', 'spec.ports[0].targetPort');
    expect(hit.ruleName).toBe('named-target-port-undeclared');
  });

  test('disabledRules by name turns the rule off, as by id', () => {
    expectNoRule(check(twoPorts(), { disabledRules: [{ id: 'named-target-port-undeclared', reason: 'test: off by name' }] }), 'X3');
    expectNoRule(check(twoPorts(), { disabledRules: [{ id: 'X3', reason: 'test: off by id' }] }), 'X3');
  });

  test('an unknown name is refused with the names it may have meant', () => {
    expect(() => check(twoPorts(), { disabledRules: [{ id: 'named-target-port-undeclard', reason: 'typo' }] }))
      .toThrow(/there is no rule named-target-port-undeclard \(did you mean named-target-port-undeclared\?\)/);
  });

  test('verify --disable NAME=reason', () => {
    const out: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: () => undefined };
    const args = (disable?: string) => ({
      help: false,
      paths: ['test/fixtures/verify/valid'],
      format: 'json' as const,
      simulate: false,
      validation: disable ? { disabledRules: [{ id: disable, reason: 'test: the NodePort is meant' }] } : {},
    });
    runVerify(args(), io);
    expect(JSON.parse(out.pop()!).findings.map((f: any) => f.ruleName)).toContain('node-port-service');
    runVerify(args('node-port-service'), io);
    expect(JSON.parse(out.pop()!).findings.map((f: any) => f.ruleName)).not.toContain('node-port-service');
  });
});
