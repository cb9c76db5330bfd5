// Simulation benchmark (issue 4 "Performance"): LocalCluster over the app of `ours` (N Services
// selecting N three-replica Deployments), timed right after that very app was synthesized, so
// the two times come from the same objects in the same round.
//
// What is timed (after a full GC):
//   simulate  LocalCluster.fromApp(app) (renders every ApiObject, builds the model, places
//             3N pods, allocates N ClusterIPs) and then every Service's EndpointSlices computed,
//             by the names of the app's Service constructs: what a test that checks every
//             Service pays. The budget is read on this.
//   render    the same app's ApiObjects rendered (toJson) alone: the part of `simulate` that is
//             cdk8s serialization rather than simulation
//   core      LocalCluster.fromManifests(rendered JSON) + every Service's EndpointSlices:
//             the simulation proper (also what `cdk8s-services verify dist/` pays after parsing)
import { ApiObject, App } from 'cdk8s';
import { LocalCluster, ServiceBase } from '../src';
import { collectGarbage, since } from './timing';

/** One timed simulation of a synthesized app. */
export interface SimRun {
  simulate: number;
  render: number;
  core: number;
  services: number;
  endpoints: number;
}

/** The Services a test would check: the app's Service constructs, by name and namespace. */
function serviceNames(app: App): Array<[string, string]> {
  return app.node.findAll().filter((c): c is ServiceBase => c instanceof ServiceBase).map((s) => [s.name, s.namespace]);
}

function allSlices(cluster: LocalCluster, names: Array<[string, string]>): number {
  let endpoints = 0;
  for (const [name, ns] of names) {
    for (const slice of cluster.endpointSlices(name, ns)) endpoints += slice.endpoints.length;
  }
  return endpoints;
}

/** Times the simulation of `app` three ways (see the file comment). */
export function timeSimulation(app: App): SimRun {
  const names = serviceNames(app);
  collectGarbage();
  let t = process.hrtime.bigint();
  const cluster = LocalCluster.fromApp(app);
  const endpoints = allSlices(cluster, names);
  const simulate = since(t);

  collectGarbage();
  t = process.hrtime.bigint();
  const objects = app.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => o.toJson());
  const render = since(t);

  collectGarbage();
  t = process.hrtime.bigint();
  const fromJson = LocalCluster.fromManifests(objects);
  const endpoints2 = allSlices(fromJson, names);
  const core = since(t);

  if (endpoints !== endpoints2) throw new Error(`bench: fromApp and fromManifests disagree (${endpoints} vs ${endpoints2} endpoints)`);
  return { simulate, render, core, services: names.length, endpoints };
}
