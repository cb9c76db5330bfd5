import { IpFamily } from '../../src/enums';
import { ClusterModel } from '../../src/model/cluster-model';
import { Severity } from '../../src/model/findings';
import { activeRules, checkModel, parseNodePortRange, resolveSettings } from '../../src/rules/engine';
import { sharedValidationRules, validationError } from '../../src/rules/refusal';
import { NO_VIOLATIONS } from '../../src/rules/rule';
import { check, expectNoRule, expectRule, service } from '../helpers';

describe('engine settings', () => {
  test('A13 the reference cluster: node ports 30000-32767, single-stack IPv4', () => {
    const s = resolveSettings();
    expect(s.nodePortRange).toEqual({ min: 30000, max: 32767 });
    expect(s.ipFamilies).toEqual(['IPv4']);
    expect(s.serviceClusterIpRanges).toEqual([]);
  });

  test('A13 a custom node port range moves the A11 boundary', () => {
    const np = service({ type: 'NodePort', ports: [{ port: 80, nodePort: 30000 }] });
    expectNoRule(check([np]), 'A11');
    expectRule(check([np], { nodePortRange: '31000-31999' }), 'A11', 'spec.ports[0].nodePort');
  });

  test('a malformed node port range is refused with a readable message', () => {
    expect(() => parseNodePortRange('30000:32767')).toThrow(/write it as min-max/);
    expect(() => parseNodePortRange('32767-30000')).toThrow(/min-max/);
    expect(parseNodePortRange(' 1 - 65535 ')).toEqual({ min: 1, max: 65535 });
  });

  test('a service CIDR the rules cannot parse is refused (it would turn A10 off silently)', () => {
    expect(resolveSettings({ serviceClusterIpRanges: ['10.96.0.0/12', 'fd00:10:96::/112'] }).serviceClusterIpRanges)
      .toEqual(['10.96.0.0/12', 'fd00:10:96::/112']);
    expect(() => resolveSettings({ serviceClusterIpRanges: ['nope'] })).toThrow('serviceClusterIpRanges: "nope" is not a CIDR; write it as address/prefix, e.g. 10.96.0.0/12');
    expect(() => resolveSettings({ serviceClusterIpRanges: ['10.96.0.0'] })).toThrow(/is not a CIDR/);
  });

  test('an IP family other than IPv4 or IPv6 is refused (it would be ignored silently)', () => {
    expect(resolveSettings({ clusterIpFamilies: [IpFamily.IPV6, IpFamily.IPV4] }).ipFamilies).toEqual(['IPv6', 'IPv4']);
    expect(() => resolveSettings({ clusterIpFamilies: ['IPv7' as IpFamily] })).toThrow('clusterIpFamilies: "IPv7" is not an IP family; write IPv4 or IPv6');
    expect(() => resolveSettings({ clusterIpFamilies: ['ipv4' as IpFamily] })).toThrow(/write IPv4 or IPv6/);
  });
});

describe('strict mode and disabled rules', () => {
  const warned = service({ type: 'LoadBalancer', loadBalancerIP: '010.0.0.1', ports: [{ port: 80 }] });

  test('a warning stays a warning by default and becomes an error in strict mode', () => {
    expect(check([warned]).filter((f) => f.rule === 'W4').map((f) => f.severity)).toEqual([Severity.WARNING]);
    expect(check([warned], { strict: true }).filter((f) => f.rule === 'W4').map((f) => f.severity)).toEqual([Severity.ERROR]);
  });

  test('a rule can be turned off with a reason, never without one', () => {
    const bad = service({ ports: [{ port: 70000 }] });
    expectRule(check([bad]), 'V16', 'spec.ports[0].port');
    expectNoRule(check([bad], { disabledRules: [{ id: 'V16', reason: 'testing the switch' }] }), 'V16');
    expect(() => activeRules({ disabledRules: [{ id: 'V16', reason: ' ' }] })).toThrow(/without a reason/);
    expect(() => activeRules({ disabledRules: [{ id: 'NOPE', reason: 'x' }] })).toThrow(/there is no rule NOPE/);
  });

  test('findings come out grouped by object in manifest order', () => {
    const model = ClusterModel.fromObjects([
      service({ ports: [{ port: 0 }] }, { name: 'b' }),
      service({ ports: [{ port: 70000, name: 'UPPER' }, { port: 1 }] }, { name: 'a' }),
    ]);
    const objects = checkModel(model).map((f) => f.objectRef);
    expect(objects.indexOf('Service/default/a')).toBeGreaterThan(objects.lastIndexOf('Service/default/b'));
  });
});

describe('one model, several runs', () => {
  test('results memoized per Service follow the settings of each run (A5, A10)', () => {
    const model = ClusterModel.fromObjects([
      service({ clusterIP: 'fd00::10', ipFamilies: ['IPv6'], ports: [{ port: 80 }] }, { name: 'v6' }),
      service({ clusterIP: '10.96.0.10', ports: [{ port: 80 }] }, { name: 'a' }),
    ]);
    const ids = (options: any) => checkModel(model, options).map((f) => `${f.rule} ${f.objectRef}`);
    expect(ids({})).toContain('A8 Service/default/v6');
    expect(ids({ clusterIpFamilies: ['IPv6'] })).not.toContain('A8 Service/default/v6');
    expect(ids({ clusterIpFamilies: ['IPv6'] })).toContain('A5 Service/default/a');
    expect(ids({})).not.toContain('A10 Service/default/a');
    expect(ids({ serviceClusterIpRanges: ['10.0.0.0/24'] })).toContain('A10 Service/default/a');
    expect(ids({})).toContain('A8 Service/default/v6');
  });

  test('the engine\'s pass records each Service\'s first validation error only when it ran every validation rule in order', () => {
    const bad = service({ ports: [{ port: 70000 }] });
    const ctx = { model: ClusterModel.fromObjects([bad]), settings: resolveSettings() };
    const all = activeRules().filter((r) => r.checkService);
    expect(sharedValidationRules(all, ctx)).toBeDefined();
    // A disabled validation rule still refuses on a real cluster: the pass then records nothing.
    const without = activeRules({ disabledRules: [{ id: 'V16', reason: 'testing the switch' }] }).filter((r) => r.checkService);
    expect(sharedValidationRules(without, ctx)).toBeUndefined();
    expect(sharedValidationRules([...all].reverse(), ctx)).toBeUndefined();
    checkModel(ctx.model, { disabledRules: [{ id: 'V16', reason: 'testing the switch' }] });
    expect(validationError(ctx.model.services[0], ctx)?.rule.id).toBe('V16');
  });

  test('a rule that finds nothing returns the shared frozen empty list, which cannot be changed', () => {
    const model = ClusterModel.fromObjects([service({ ports: [{ port: 80 }] })]);
    const ctx = { model, settings: resolveSettings() };
    const empty = activeRules().filter((r) => r.checkService).map((r) => r.checkService!(model.services[0], ctx));
    expect(empty.every((v) => v.length === 0)).toBe(true);
    expect(empty.some((v) => v === NO_VIOLATIONS)).toBe(true);
    expect(() => (NO_VIOLATIONS as any[]).push(1)).toThrow(TypeError);
  });
});
