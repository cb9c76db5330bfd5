// Every rule's failing and passing example (src/rules/examples.ts, printed in docs/rules.md)
// runs through the engine: the failing one reports the rule, the passing one does not.
import { ClusterModel } from '../../src/model/cluster-model';
import { Finding } from '../../src/model/findings';
import { checkModel, DOCUMENTED_RULES } from '../../src/rules/engine';
import { RULE_EXAMPLES, RuleExamples } from '../../src/rules/examples';
import { LocalCluster } from '../../src/simulation/local-cluster';

function findings(e: RuleExamples, objects: object[]): Finding[] {
  if (e.simulation) return LocalCluster.fromManifests(objects, {}).verify().findings;
  return checkModel(ClusterModel.fromObjects(objects), e.options ?? {});
}

const ids = Object.keys(RULE_EXAMPLES);

test('every example names a documented rule', () => {
  const known = new Set(DOCUMENTED_RULES.map((r) => r.id));
  expect(ids.filter((id) => !known.has(id))).toEqual([]);
});

test('every model rule of the cross-object, security and ignore families has examples', () => {
  const want = DOCUMENTED_RULES.filter((r) => /^[XSI]\d/.test(r.id)).map((r) => r.id);
  expect(want.filter((id) => !RULE_EXAMPLES[id])).toEqual([]);
});

describe.each(ids)('%s', (id) => {
  const e = RULE_EXAMPLES[id];
  test('the failing example reports it', () => {
    expect(findings(e, e.failing).map((f) => f.rule)).toContain(id);
  });
  test('the passing example does not', () => {
    expect(findings(e, e.passing).filter((f) => f.rule === id).map((f) => `${f.field}: ${f.message}`)).toEqual([]);
  });
});
