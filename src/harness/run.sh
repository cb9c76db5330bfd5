#!/usr/bin/env bash
# The runner of a cdk8s-services harness (`cdk8s-services harness`, Harness.write): the same file
# in every harness folder. The checks of this folder's app are in run-data.sh beside it,
# generated from the simulation (expectations.json holds the same values with explanations).
# Runs the checks the simulation predicted against a real cluster. See README.md.
#   bash run.sh [--kind | --context NAME] [--keep] [--node-address IP] [--junit FILE]
# Needs: bash, kubectl; with --kind (the default) also kind and docker.
# Optional: nc or curl for the host nodePort checks (bash's /dev/tcp otherwise), jq.
# Bash 3.2-compatible (macOS): no mapfile, no associative arrays, empty arrays guarded.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# DEFAULT_CLUSTER_NAME, HARNESS_NS, RUNTIME_CM, PROBE_SELECTOR and the check arrays.
# shellcheck source=run-data.sh
. "$HERE/run-data.sh"
CLUSTER_NAME="${KIND_CLUSTER_NAME:-$DEFAULT_CLUSTER_NAME}"
TIMEOUT="${HARNESS_TIMEOUT:-180}"
SLICE_WAIT="${HARNESS_SLICE_WAIT:-60}"

usage() {
  cat <<EOF
Usage: bash run.sh [--kind | --context NAME] [--keep] [--node-address IP] [--junit FILE]

  --kind              create a kind cluster from kind.yaml (the default); an existing kind
                      cluster of the same name (KIND_CLUSTER_NAME) is reused, not deleted
  --context NAME      use this kubectl context instead of creating a cluster
  --keep              leave the cluster and every object in place afterwards
  --node-address IP   with --context: check nodePorts from this host at IP (default: skipped)
  --junit FILE        also write the PASS/FAIL table to FILE as JUnit XML (a test case per
                      check; FAIL is a failure, SKIP skipped; a run that stops before the
                      table adds an error case with its exit status)
  -h, --help          show this help

Environment: KIND_CLUSTER_NAME (default $DEFAULT_CLUSTER_NAME), HARNESS_TIMEOUT seconds per wait
(default 180), HARNESS_SLICE_WAIT seconds for EndpointSlices to match (default 60).
Exit status: 0 every check passed; 1 a check failed; 2 a tool is missing or the command line is wrong.
EOF
}

die() {
  echo "run.sh: $*" >&2
  exit 2
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed. $2"
}

MODE=kind
CONTEXT=''
KEEP=0
NODE_ADDRESS=''
JUNIT_FILE=''
while [ $# -gt 0 ]; do
  case "$1" in
    --kind) MODE=kind; shift ;;
    --context) [ $# -ge 2 ] || die '--context needs a context name (see: kubectl config get-contexts)'; MODE=context; CONTEXT="$2"; shift 2 ;;
    --context=*) MODE=context; CONTEXT="${1#--context=}"; shift ;;
    --node-address) [ $# -ge 2 ] || die '--node-address needs an IP'; NODE_ADDRESS="$2"; shift 2 ;;
    --node-address=*) NODE_ADDRESS="${1#--node-address=}"; shift ;;
    --keep) KEEP=1; shift ;;
    --junit) [ $# -ge 2 ] || die '--junit needs a file name'; JUNIT_FILE="$2"; shift 2 ;;
    --junit=*) JUNIT_FILE="${1#--junit=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

need kubectl 'Install it: https://kubernetes.io/docs/tasks/tools/'
if [ "$MODE" = kind ]; then
  need docker 'kind runs the nodes as Docker containers: https://docs.docker.com/get-docker/ (or use --context NAME with an existing cluster)'
  need kind 'Install it: https://kind.sigs.k8s.io/docs/user/quick-start/#installation (or use --context NAME with an existing cluster)'
  docker info >/dev/null 2>&1 || die 'docker is installed but its engine does not answer: start Docker (and check this user may use it), or use --context NAME'
fi

CREATED_CLUSTER=0
STARTED=0
CREATED_OBJECTS=()
CREATED_NAMESPACES=()
RESULTS=()

k() {
  kubectl --context "$CONTEXT" "$@"
}

cleanup() {
  local entry kind ns name i
  if [ "$KEEP" = 1 ]; then
    if [ "$STARTED" = 1 ]; then echo "--keep: left everything in place (context $CONTEXT)."; fi
    return 0
  fi
  if [ "$CREATED_CLUSTER" = 1 ]; then
    echo "Deleting the kind cluster $CLUSTER_NAME (keep it with --keep)."
    kind delete cluster --name "$CLUSTER_NAME" >/dev/null 2>&1 || echo "run.sh: could not delete the kind cluster $CLUSTER_NAME; delete it with: kind delete cluster --name $CLUSTER_NAME" >&2
    return 0
  fi
  # Before the cluster answered (no such context, a cluster that is down) nothing was created.
  [ "$STARTED" = 1 ] || return 0
  echo "Deleting what run.sh created in context $CONTEXT (keep it with --keep)."
  for ns in ${PROBE_NAMESPACES[@]+"${PROBE_NAMESPACES[@]}"}; do
    k --namespace="$ns" delete jobs,configmaps -l "$PROBE_SELECTOR" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  done
  k --namespace="$HARNESS_NS" delete configmap "$RUNTIME_CM" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  for (( i = ${#CREATED_OBJECTS[@]} - 1; i >= 0; i-- )); do
    entry="${CREATED_OBJECTS[$i]}"
    IFS='|' read -r kind ns name <<<"$entry"
    if [ "$ns" = '<none>' ]; then
      k delete "$kind" "$name" --ignore-not-found --wait=false >/dev/null 2>&1 || true
    else
      k --namespace="$ns" delete "$kind" "$name" --ignore-not-found --wait=false >/dev/null 2>&1 || true
    fi
  done
  for ns in ${CREATED_NAMESPACES[@]+"${CREATED_NAMESPACES[@]}"}; do
    k delete namespace "$ns" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  done
}
xml_escape() {
  # xml_escape TEXT -> TEXT for an XML attribute: & < > " ' as references; control characters
  # (XML 1.0 cannot hold most of them; a refused Service's name may hold anything) become '?'.
  printf '%s' "$1" | LC_ALL=C tr '\001-\037' '?' \
    | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' -e "s/'/\&apos;/g"
}

write_junit() {
  # write_junit EXIT_STATUS: RESULTS as JUnit XML in $JUNIT_FILE, one test case per check
  # (class: the check id without its last part); an exit before the table is an error case.
  local status id expected seen entry tests=0 failures=0 skipped=0 errors=0 body='' cls name
  for entry in ${RESULTS[@]+"${RESULTS[@]}"}; do
    IFS='|' read -r status id expected seen <<<"$entry"
    tests=$((tests + 1))
    case "$id" in */*) cls="${id%/*}"; name="${id##*/}" ;; *) cls=harness; name="$id" ;; esac
    body="$body    <testcase classname=\"$(xml_escape "$cls")\" name=\"$(xml_escape "$name")\">"
    case "$status" in
      PASS) ;;
      SKIP) skipped=$((skipped + 1)); body="$body<skipped message=\"$(xml_escape "expected $expected, seen $seen")\"/>" ;;
      *) failures=$((failures + 1)); body="$body<failure type=\"$(xml_escape "$status")\" message=\"$(xml_escape "expected $expected, seen $seen")\"/>" ;;
    esac
    body="$body</testcase>"$'\n'
  done
  if [ "$1" != 0 ] && [ "$failures" = 0 ]; then
    tests=$((tests + 1))
    errors=1
    body="$body    <testcase classname=\"harness\" name=\"run.sh\"><error type=\"exit\" message=\"run.sh stopped with exit status $1 before every check ran (its output says why)\"/></testcase>"$'\n'
  fi
  {
    printf '<?xml version="1.0" encoding="UTF-8"?>\n'
    printf '<testsuites name="run.sh" tests="%s" failures="%s" errors="%s" skipped="%s">\n' "$tests" "$failures" "$errors" "$skipped"
    printf '  <testsuite name="%s" tests="%s" failures="%s" errors="%s" skipped="%s">\n' \
      "$(xml_escape "cdk8s-services harness $CLUSTER_NAME")" "$tests" "$failures" "$errors" "$skipped"
    printf '%s' "$body"
    printf '  </testsuite>\n</testsuites>\n'
  } >"$JUNIT_FILE" || echo "run.sh: could not write $JUNIT_FILE" >&2
}

finish() {
  local rc=$?
  if [ -n "$JUNIT_FILE" ]; then write_junit "$rc"; fi
  cleanup
}
trap finish EXIT

record() {
  # record STATUS ID EXPECTED SEEN
  RESULTS+=("$1|$2|$3|$4")
}

# 1. The cluster.
if [ "$MODE" = kind ]; then
  CONTEXT="kind-$CLUSTER_NAME"
  if kind get clusters 2>/dev/null | grep -xF -- "$CLUSTER_NAME" >/dev/null; then
    echo "Reusing the kind cluster $CLUSTER_NAME (it was not created from this kind.yaml, so host port mappings may differ; it is not deleted)."
  else
    echo "Creating the kind cluster $CLUSTER_NAME from kind.yaml."
    CREATED_CLUSTER=1
    kind create cluster --name "$CLUSTER_NAME" --config "$HERE/kind.yaml" --wait "${TIMEOUT}s"
  fi
else
  [ -n "$CONTEXT" ] || die '--context needs a context name'
  kubectl config get-contexts -o name | grep -xF -- "$CONTEXT" >/dev/null || die "there is no kubectl context \"$CONTEXT\" (see: kubectl config get-contexts -o name)"
fi
k cluster-info >/dev/null 2>&1 || die "the cluster of context $CONTEXT does not answer (kubectl --context $CONTEXT cluster-info)"
STARTED=1

# 2. Namespaces and manifests; remember what did not exist before.
for ns in ${NAMESPACES[@]+"${NAMESPACES[@]}"} "$HARNESS_NS"; do
  if ! k get namespace "$ns" >/dev/null 2>&1; then
    k create namespace "$ns" >/dev/null
    CREATED_NAMESPACES+=("$ns")
  fi
done
list_objects() {
  k get -f "$HERE/manifests.k8s.yaml" --ignore-not-found --no-headers \
    -o custom-columns='KIND:.kind,NS:.metadata.namespace,NAME:.metadata.name' 2>/dev/null | awk '{print $1 "|" $2 "|" $3}' || true
}
BEFORE="$(list_objects)"
echo "Applying manifests.k8s.yaml."
APPLIED=1
k apply -f "$HERE/manifests.k8s.yaml" || APPLIED=0
while IFS= read -r entry; do
  [ -n "$entry" ] || continue
  if ! printf '%s\n' "$BEFORE" | grep -xF "$entry" >/dev/null; then CREATED_OBJECTS+=("$entry"); fi
done <<<"$(list_objects)"
if [ "$APPLIED" = 0 ]; then
  echo "run.sh: kubectl apply refused some of the manifests (above); fix them (cdk8s-services verify shows why) and rerun." >&2
  exit 1
fi

# 2b. The Services the simulation refused: the API server must refuse each one too.
for entry in ${REFUSED[@]+"${REFUSED[@]}"}; do
  IFS='|' read -r file ns name <<<"$entry"
  existed=0
  if k --namespace="$ns" get service "$name" >/dev/null 2>&1; then existed=1; fi
  if out="$(k apply -f "$HERE/$file" 2>&1)"; then
    record FAIL "$ns/Service/$name/refused" refused "created"
    if [ "$existed" = 0 ]; then CREATED_OBJECTS+=("Service|$ns|$name"); fi
  elif [ "$(printf '%s\n' "$out" | grep -Ec 'is invalid|Invalid value|BadRequest|cannot unmarshal|failed to allocate|already allocated' || true)" != 0 ]; then
    record PASS "$ns/Service/$name/refused" refused refused
    echo "As predicted, the API server refused $ns/$name: $(printf '%s' "$out" | head -n 1)"
  else
    # Not a refusal of the object (no access, no connection, a webhook timing out): not proof.
    record FAIL "$ns/Service/$name/refused" refused "apply-error"
    echo "run.sh: applying $file failed for another reason than a refusal of the Service: $(printf '%s' "$out" | head -n 1)" >&2
  fi
done

# 3. Wait for the workloads.
pods_ready() {
  # pods_ready KIND NAMESPACE NAME SELECTOR -> 0 when the pods the workload wants match SELECTOR
  # and are all Ready (a StatefulSet: spec.replicas; a DaemonSet: status.desiredNumberScheduled, > 0)
  local deadline=$((SECONDS + TIMEOUT)) want states ready other
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ "$1" = StatefulSet ]; then
      want="$(k --namespace="$2" get statefulset "$3" -o jsonpath='{.spec.replicas}' 2>/dev/null || true)"
      want="${want:-1}"
      [ "$want" != 0 ] || return 0
    else
      want="$(k --namespace="$2" get daemonset "$3" -o jsonpath='{.status.desiredNumberScheduled}' 2>/dev/null || true)"
      want="${want:-0}"
    fi
    states="$(k --namespace="$2" get pods --selector="$4" -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' 2>/dev/null || true)"
    # grep -c reads everything (no early exit, so no SIGPIPE under pipefail); 0 matches exits 1.
    ready="$(printf '%s\n' "$states" | grep -c '^True$' || true)"
    other="$(printf '%s\n' "$states" | grep -v '^$' | grep -cv '^True$' || true)"
    if [ "$want" -gt 0 ] && [ "${ready:-0}" -ge "$want" ] && [ "${other:-0}" = 0 ]; then return 0; fi
    sleep 3
  done
  return 1
}
for entry in ${ROLLOUTS[@]+"${ROLLOUTS[@]}"}; do
  IFS='|' read -r kind ns name selector <<<"$entry"
  if [ "$kind" = Pod ]; then
    if k --namespace="$ns" wait --for=condition=Ready "pod/$name" --timeout="${TIMEOUT}s" >/dev/null; then seen=ready; else seen=not-ready; fi
  elif [ -n "$selector" ]; then
    # OnDelete: `kubectl rollout status` only follows RollingUpdate; wait for the pods instead.
    if pods_ready "$kind" "$ns" "$name" "$selector"; then seen=ready; else seen=not-ready; fi
  else
    if k --namespace="$ns" rollout status "$kind/$name" --timeout="${TIMEOUT}s" >/dev/null; then seen=ready; else seen=not-ready; fi
  fi
  if [ "$seen" = ready ]; then record PASS "$ns/$kind/$name/rollout" ready "$seen"; else record FAIL "$ns/$kind/$name/rollout" ready "$seen"; fi
done

# 4. EndpointSlices as the simulation computed them (E1-E5): ready count and ports.
slice_state() {
  # slice_state NAMESPACE SERVICE ADDRESS_TYPE -> "ready=N ports=a,b"
  local ready ports
  if command -v jq >/dev/null 2>&1; then
    ready="$(k --namespace="$1" get endpointslices -l "kubernetes.io/service-name=$2" -o json \
      | jq -r --arg fam "$3" '[.items[] | select(.addressType == $fam) | .endpoints[]? | select(.conditions.ready != false)] | length')"
    ports="$(k --namespace="$1" get endpointslices -l "kubernetes.io/service-name=$2" -o json \
      | jq -r '[.items[] | .ports[]? | "\(.name // "")/\(.port)/\(.protocol // "TCP")"] | unique | join(",")')"
  else
    ready="$(k --namespace="$1" get endpointslices -l "kubernetes.io/service-name=$2" \
      -o jsonpath='{range .items[?(@.addressType=="'"$3"'")]}{range .endpoints[*]}{.conditions.ready}{"\n"}{end}{end}' | grep -c '^true$' || true)"
    ports="$(k --namespace="$1" get endpointslices -l "kubernetes.io/service-name=$2" \
      -o jsonpath='{range .items[*]}{range .ports[*]}{.name}/{.port}/{.protocol}{"\n"}{end}{end}' | grep -v '^$' | LC_ALL=C sort -u | paste -sd, - || true)"
  fi
  echo "ready=${ready:-0} ports=${ports:-none}"
}
DEADLINE=$((SECONDS + SLICE_WAIT))
for entry in ${SLICE_CHECKS[@]+"${SLICE_CHECKS[@]}"}; do
  IFS='|' read -r id ns name family expected <<<"$entry"
  while :; do
    seen="$(slice_state "$ns" "$name" "$family")"
    if [ "$seen" = "$expected" ] || [ "$SECONDS" -ge "$DEADLINE" ]; then break; fi
    sleep 2
  done
  if [ "$seen" = "$expected" ]; then record PASS "$id" "$expected" "$seen"; else record FAIL "$id" "$expected" "$seen"; fi
done

# 5. The runtime values the probes compare with: the live ClusterIPs and TCP nodePorts.
RUNTIME_ARGS=()
for entry in ${SERVICES[@]+"${SERVICES[@]}"}; do
  IFS='|' read -r idx ns name <<<"$entry"
  ip="$(k --namespace="$ns" get service "$name" -o jsonpath='{.spec.clusterIP}' 2>/dev/null || true)"
  RUNTIME_ARGS+=("--from-literal=SVC_${idx}_CLUSTER_IP=${ip}")
  while read -r port proto nodeport; do
    if [ "$proto" = TCP ] && [ -n "$nodeport" ]; then RUNTIME_ARGS+=("--from-literal=SVC_${idx}_NODE_PORT_${port}=${nodeport}"); fi
  done <<<"$(k --namespace="$ns" get service "$name" -o jsonpath='{range .spec.ports[*]}{.port} {.protocol} {.nodePort}{"\n"}{end}' 2>/dev/null || true)"
done
k --namespace="$HARNESS_NS" create configmap "$RUNTIME_CM" ${RUNTIME_ARGS[@]+"${RUNTIME_ARGS[@]}"} --dry-run=client -o yaml | k apply -f - >/dev/null

# 6. The probe Jobs: rerun from scratch, wait, collect their CHECK lines.
for ns in ${PROBE_NAMESPACES[@]+"${PROBE_NAMESPACES[@]}"}; do
  k --namespace="$ns" delete jobs -l "$PROBE_SELECTOR" --ignore-not-found --wait=true >/dev/null
done
echo "Running ${#PROBE_JOBS[@]} probe Job(s) (namespaces: ${PROBE_NAMESPACES[*]-none})."
k apply -f "$HERE/probes.k8s.yaml" >/dev/null
job_state() {
  # job_state NAMESPACE JOB -> Complete, Failed or Timeout
  local deadline=$((SECONDS + TIMEOUT)) conds
  while [ "$SECONDS" -lt "$deadline" ]; do
    conds=" $(k --namespace="$1" get job "$2" -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type} {end}' 2>/dev/null || true) "
    case "$conds" in
      *' Complete '*) echo Complete; return 0 ;;
      *' Failed '*) echo Failed; return 0 ;;
    esac
    sleep 3
  done
  echo Timeout
}
for entry in ${PROBE_JOBS[@]+"${PROBE_JOBS[@]}"}; do
  IFS='|' read -r jns job <<<"$entry"
  state="$(job_state "$jns" "$job")"
  if [ "$state" = Complete ]; then record PASS "$jns/$job/job" Complete "$state"; else record FAIL "$jns/$job/job" Complete "$state"; fi
  reported=''
  while read -r word id expected seen status; do
    [ "$word" = CHECK ] || continue
    record "$status" "$id" "${expected#expected=}" "${seen#seen=}"
    reported="$reported<$id>"
  done <<<"$(k --namespace="$jns" logs "job/$job" --tail=-1 2>/dev/null || true)"
  for check in ${PROBE_CHECKS[@]+"${PROBE_CHECKS[@]}"}; do
    IFS='|' read -r owner id expected <<<"$check"
    [ "$owner" = "$job" ] || continue
    case "$reported" in
      *"<$id>"*) ;;
      *) record FAIL "$id" "$expected" no-output ;;
    esac
  done
done

# 7. Pinned nodePorts from the host (kind maps them to 127.0.0.1: K5).
if [ "$MODE" = kind ]; then HOST_ADDRESS=127.0.0.1; else HOST_ADDRESS="$NODE_ADDRESS"; fi
host_tcp() {
  # host_tcp ADDRESS PORT HTTP -> open|closed
  if [ "$3" = 1 ] && command -v curl >/dev/null 2>&1; then
    if [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://$1:$2/" || true)" != 000 ]; then echo open; else echo closed; fi
  elif command -v nc >/dev/null 2>&1; then
    if nc -z -w 3 "$1" "$2" >/dev/null 2>&1; then echo open; else echo closed; fi
  elif (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1; then
    echo open
  else
    echo closed
  fi
}
for entry in ${HOST_CHECKS[@]+"${HOST_CHECKS[@]}"}; do
  IFS='|' read -r id expected nodeport http <<<"$entry"
  if [ "$expected" = skip ] || [ -z "$HOST_ADDRESS" ]; then
    record SKIP "$id" "$expected" "not-checked"
    continue
  fi
  if [ "$MODE" = kind ] && { [ "$http" != 1 ] || ! command -v curl >/dev/null 2>&1; }; then
    # Docker's port forwarder accepts every connection to a mapped port before the node answers,
    # so only an HTTP answer tells open from closed here (the probes check the port on the nodes).
    record SKIP "$id" "$expected" "no-http-check-through-docker"
    continue
  fi
  tries=0
  while :; do
    seen="$(host_tcp "$HOST_ADDRESS" "$nodeport" "$http")"
    tries=$((tries + 1))
    if [ "$seen" = "$expected" ] || [ "$tries" -ge 5 ]; then break; fi
    sleep 2
  done
  if [ "$seen" = "$expected" ]; then record PASS "$id" "$expected" "$seen"; else record FAIL "$id" "$expected" "$seen"; fi
done

# 8. The table.
passed=0
failed=0
skipped=0
echo
printf '%-6s %-56s %-28s %s\n' RESULT CHECK EXPECTED SEEN
for entry in ${RESULTS[@]+"${RESULTS[@]}"}; do
  IFS='|' read -r status id expected seen <<<"$entry"
  printf '%-6s %-56s %-28s %s\n' "$status" "$id" "$expected" "$seen"
  case "$status" in
    PASS) passed=$((passed + 1)) ;;
    SKIP) skipped=$((skipped + 1)) ;;
    *) failed=$((failed + 1)) ;;
  esac
done
echo
echo "$passed passed, $failed failed, $skipped skipped."
if [ "$failed" -gt 0 ]; then
  echo "Some checks failed: the cluster does not route as the simulation predicted. README.md says what each check means."
  exit 1
fi
