// Every example app synthesizes, is clean under every rule (strict), and its YAML is snapshotted.
import { EXAMPLES } from '../examples';
import { ServiceValidation } from '../src';

describe.each(EXAMPLES.map((e) => [e.name, e] as const))('example %s', (_name, example) => {
  test('synthesizes to the snapshotted YAML', () => {
    expect(example.build().synthYaml()).toMatchSnapshot();
  });

  test('has no finding, warnings included', () => {
    const app = example.build();
    const findings = ServiceValidation.findings(app).map((f) => `${f.rule} ${f.object} ${f.field}: ${f.message}`);
    expect(findings).toEqual([]);
  });
});
