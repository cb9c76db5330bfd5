import { JsonPatch, Testing } from 'cdk8s';
import { newChart, ruleIdsOf, synthService } from './util';
import { ExternalNameService, SelectingServiceBase, ServiceBase } from '../../src';

describe('ExternalNameService', () => {
  test('defaults: type ExternalName and externalName; no selector, no ports, no clusterIP', () => {
    const chart = newChart();
    const svc = new ExternalNameService(chart, 'db', { externalName: 'db.example.com' });
    expect(synthService(chart, svc).spec).toEqual({ type: 'ExternalName', externalName: 'db.example.com' });
    expect(svc.externalName).toBe('db.example.com');
  });

  test('ports are optional and emitted when given', () => {
    const chart = newChart();
    const svc = new ExternalNameService(chart, 'db', { metadata: { name: 'db' }, externalName: 'db.example.com', ports: [{ name: 'pg', port: 5432 }] });
    expect(synthService(chart, svc).spec).toEqual({ type: 'ExternalName', externalName: 'db.example.com', ports: [{ name: 'pg', port: 5432 }] });
    expect(svc.dnsName).toBe('db.default.svc.cluster.local');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('has no select() or selectLabel(): selecting pods is a type error', () => {
    const chart = newChart();
    const ext = new ExternalNameService(chart, 'a', { externalName: 'a.example.com' });
    // @ts-expect-error an ExternalName Service has no endpoints, so it has no selector
    expect(ext.select).toBeUndefined();
    // @ts-expect-error likewise
    expect(ext.selectLabel).toBeUndefined();
    expect(ext).not.toBeInstanceOf(SelectingServiceBase);
    expect(ext).toBeInstanceOf(ServiceBase);
    expect(synthService(chart, ext).spec.selector).toBeUndefined();
  });

  test('C6 a selector patched into an ExternalName Service is a warning; without one there is none', () => {
    const chart = newChart();
    const withSel = new ExternalNameService(chart, 'a', { externalName: 'a.example.com' });
    withSel.apiObject.addJsonPatch(JsonPatch.add('/spec/selector', { app: 'a' }));
    const without = new ExternalNameService(chart, 'b', { externalName: 'b.example.com' });
    expect(ruleIdsOf(chart, withSel)).toContain('C6');
    expect(ruleIdsOf(chart, without)).not.toContain('C6');
  });
});
