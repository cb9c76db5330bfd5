#!/usr/bin/env bash
# Issue 12: the packed library in a fresh TypeScript app that has ONE cdk8s-plus version and no
# other (no cdk8s-plus-27 beside it): it must install without --legacy-peer-deps, compile with
# `tsc --strict`, and synthesize, for the oldest and the newest cdk8s-plus we support by default.
#
#   scripts/consumer-check.sh dist/js/cdk8s-services@0.0.0.jsii.tgz [28 34]
#
# Exits non-zero on the first version that fails. Uses the npm registry (or the npm cache).
set -euo pipefail
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(28 34)
[ -f "$tarball" ] || { echo "consumer-check: no package at $tarball (run npx projen build first)" >&2; exit 2; }

for v in "${versions[@]}"; do
  app=$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-services-consumer-$v.XXXXXX")
  cat >"$app/package.json" <<JSON
{ "name": "consumer-$v", "version": "1.0.0", "private": true }
JSON
  cat >"$app/tsconfig.json" <<'JSON'
{ "compilerOptions": { "target": "ES2020", "module": "commonjs", "strict": true, "esModuleInterop": true, "skipLibCheck": false, "outDir": "out" }, "files": ["main.ts"] }
JSON
  cat >"$app/main.ts" <<TS
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-$v';
import { ClusterIpService, HeadlessService, TargetPort } from 'cdk8s-services';

const app = new App({ outdir: 'dist' });
const chart = new Chart(app, 'shop', { namespace: 'shop' });
const web = new kplus.Deployment(chart, 'web', {
  containers: [{ image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }], securityContext: { ensureNonRoot: false } }],
});
new ClusterIpService(chart, 'web-svc', { selector: web, ports: [{ port: 80, targetPort: TargetPort.named('http') }] });
const db = new kplus.StatefulSet(chart, 'db', { containers: [{ image: 'postgres:16', portNumber: 5432, securityContext: { ensureNonRoot: false } }] });
new HeadlessService(chart, 'db-svc', { statefulSet: db, ports: [{ port: 5432 }] });
app.synth();
TS
  echo "consumer-check: cdk8s-plus-$v in $app"
  (
    cd "$app"
    npm install --no-audit --no-fund --prefer-offline --loglevel=error \
      "cdk8s@^2.70.0" "constructs@^10.3.0" "cdk8s-plus-$v" "typescript@~6.0.0" "$tarball" >/dev/null
    [ ! -d node_modules/cdk8s-plus-27 ] || [ "$v" = 27 ] || { echo "cdk8s-plus-27 was installed beside cdk8s-plus-$v" >&2; exit 1; }
    npx tsc -p tsconfig.json
    node out/main.js
    services=$(grep -c '^kind: Service$' dist/shop.k8s.yaml)
    [ "$services" = 2 ] || { echo "expected 2 Services (the StatefulSet's own one replaced), found $services" >&2; exit 1; }
    grep -q 'serviceName: shop-db-svc-' dist/shop.k8s.yaml || { echo "the StatefulSet is not governed by db-svc" >&2; exit 1; }
  )
  echo "consumer-check: cdk8s-plus-$v compiles (tsc --strict) and synthesizes 2 Services"
  rm -rf "$app"
done
