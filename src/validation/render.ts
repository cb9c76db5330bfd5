// The JSON of one validation run: each ApiObject rendered (toJson) at most once per run, shared
// by the model, the construct checks and lazy selectors (Selector.fromApiObject).
import { ApiObject } from 'cdk8s';
import { JsonMap } from '../model/json';

/** JSON computed during the current run, shared by the model and lazy selectors. */
let jsonCache: Map<ApiObject, JsonMap> | undefined;

/**
 * A token for the validation run in progress (the run's JSON cache), or undefined outside one:
 * what a construct may memoize for the length of one run. @internal
 */
export function currentValidationRun(): object | undefined {
  if (!jsonCache) return undefined;
  let token = runTokens.get(jsonCache);
  if (!token) runTokens.set(jsonCache, (token = {}));
  return token;
}

/** One small token per run's JSON cache: what memoizes per run holds the token, not the app's JSON. */
const runTokens = new WeakMap<Map<ApiObject, JsonMap>, object>();

/** Runs `fn` with `cache` as the run's JSON. */
export function withJsonCache<T>(cache: Map<ApiObject, JsonMap>, fn: () => T): T {
  const previous = jsonCache;
  jsonCache = cache;
  try {
    return fn();
  } finally {
    jsonCache = previous;
  }
}

/**
 * `obj.toJson()`, computed at most once per validation run (Selector.fromApiObject reads a
 * workload's labels while the Service spec is produced). @internal
 */
export function cachedJson(obj: ApiObject): JsonMap {
  if (!jsonCache) return obj.toJson();
  const cached = jsonCache.get(obj);
  if (cached !== undefined) return cached;
  const j: JsonMap = obj.toJson();
  jsonCache.set(obj, j);
  return j;
}

/**
 * Renders ApiObjects (`toJson`), each once: a Service whose selector is a raw workload reads that
 * workload's JSON from the same pass instead of rendering it again. `LocalCluster.fromApp` uses
 * it. @internal
 */
export function renderObjects<T>(objects: ApiObject[], each: (obj: ApiObject, json: JsonMap) => T): T[] {
  return withJsonCache(new Map(), () => objects.map((obj) => each(obj, cachedJson(obj))));
}
