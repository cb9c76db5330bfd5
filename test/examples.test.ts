// Every example app synthesizes, is clean under every rule (strict), and its YAML is snapshotted.
import { EXAMPLES } from '../examples';
import { ServiceValidation, Severity } from '../src';

describe.each(EXAMPLES.map((e) => [e.name, e] as const))('example %s', (_name, example) => {
  test('synthesizes to the snapshotted YAML', () => {
    expect(example.build().synthYaml()).toMatchSnapshot();
  });

  test('has no error or warning; its only hints are S4, one per NodePort Service (docs/severity.md)', () => {
    const app = example.build();
    const all = ServiceValidation.findings(app);
    const findings = all.filter((f) => f.severity !== Severity.INFO).map((f) => `${f.rule} ${f.objectRef} ${f.field}: ${f.message}`);
    expect(findings).toEqual([]);
    const nodePorts = app.charts.flatMap((c) => c.toJson()).filter((o: any) => o.kind === 'Service' && o.spec?.type === 'NodePort');
    expect(all.filter((f) => f.severity === Severity.INFO).map((f) => `${f.rule} ${f.objectRef}`))
      .toEqual(nodePorts.map((o: any) => `S4 Service/${o.metadata.namespace ?? 'default'}/${o.metadata.name}`));
  });
});
