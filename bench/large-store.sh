#!/usr/bin/env bash
# Large registries (issue 13): generate a large store through the storage layer, run berth.jar
# (-Xmx256m) over it, and time listings, the web UI's lists, GC under load, the integrity check
# and one more push, on the filesystem and on S3 (s3proxy started here, or MinIO / any S3 given).
# Usage: bench/large-store.sh            (see bench/README.md, "Large registries", for the knobs)
set -euo pipefail

DRIVERS=${LARGE_DRIVER:-both}                 # fs | s3 | both
REPOSITORIES=${LARGE_REPOSITORIES:-10000}      # the big repository included
MANIFESTS=${LARGE_MANIFESTS:-200000}
BIG_TAGS=${LARGE_BIG_TAGS:-100000}             # tags (each its own manifest) in ci/big
THREADS=${LARGE_THREADS:-8}                    # generator threads: it waits on fsync or S3, not CPU
ROUNDS=${LARGE_ROUNDS:-9}                      # warm requests per listing figure; the table shows medians
PUSHES=${LARGE_PUSHES:-20}                     # timed pushes into the empty and into the full store
XMX=${LARGE_XMX:-256m}                         # Berth's heap: the memory bound under test
RETENTION_KEEP=${LARGE_RETENTION_KEEP:-10}         # the retention row's rule: every repository keeps its newest N tags, untagged go
GRACE=${LARGE_GC_GRACE:-30s}                   # registry.gc.grace-period; the GC waits until the store is older
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
S3PROXY_JAR=$REPO/storage/target/s3proxy/s3proxy.jar

case "$DRIVERS" in fs|s3) ;; both) DRIVERS="fs s3" ;; *) echo "LARGE_DRIVER must be fs, s3 or both" >&2; exit 2 ;; esac
for tool in curl python3 sha256sum; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
if [ -n "${LARGE_JAVA:-}" ]; then JAVA=$LARGE_JAVA
elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
else JAVA=java; fi

# ---------------------------------------------------------------- scratch space, cleanup
# LARGE_WORK: a folder kept between runs, so a full-size store is generated once (the generator
# skips what is already there); otherwise a temporary folder, removed at exit unless LARGE_KEEP=1.
if [ -n "${LARGE_WORK:-}" ]; then WORK=$LARGE_WORK; mkdir -p "$WORK"; KEEP=1
else WORK=$(mktemp -d /tmp/berth-large.XXXXXX); KEEP=${LARGE_KEEP:-}; fi
PIDS=()
cleanup() {
  [ -n "${WORK:-}" ] && touch "$WORK/stop-load" 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -z "$KEEP" ]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
RESULTS=$WORK/results.tsv
: > "$RESULTS"
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "${6:-}" >> "$RESULTS"; }  # driver key label target value [first]
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
median() { python3 -c 'import sys,statistics;v=[float(x) for x in sys.stdin.read().split()];print(f"{statistics.median(v):.2f}" if v else "")'; }
forget() { # drops a finished child from the cleanup list
  local keep=() p
  for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  PIDS=("${keep[@]}")
}

# ---------------------------------------------------------------- build
MVN_FLAGS=${LARGE_MVN_FLAGS:--o}   # offline by default: everything is in ~/.m2 after one build
JAR=${LARGE_JAR:-$REPO/registry-api/target/berth.jar}
if [ -z "${LARGE_SKIP_BUILD:-}" ] || [ ! -f "$JAR" ]; then
  log "building berth.jar and the generator"
  (cd "$REPO" && ./mvnw -B -q $MVN_FLAGS package -DskipTests)
fi
# test-compile also copies the s3proxy jar (process-test-resources); the classpath is the generator's
(cd "$REPO" && ./mvnw -B -q $MVN_FLAGS -pl storage test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
GEN_CP=$REPO/storage/target/test-classes:$REPO/storage/target/classes:$(cat "$WORK/cp.txt")

# ---------------------------------------------------------------- S3 server
S3_STARTED=
start_s3proxy() { # -> S3_ENDPOINT, S3_BUCKET, S3_ACCESS, S3_SECRET of a fresh s3proxy on 127.0.0.1
  local port dir i
  port=$(free_port); dir=$WORK/s3proxy; mkdir -p "$dir/data"
  S3_ENDPOINT=http://127.0.0.1:$port S3_BUCKET=berth-large S3_ACCESS=large-access S3_SECRET=large-secret
  # filesystem-nio2, whose object files seed_s3proxy.py writes directly. (The tests use the older
  # "filesystem" backend, whose listings stay whole under concurrent writes to one folder.)
  cat > "$dir/s3proxy.properties" <<EOF
s3proxy.endpoint=$S3_ENDPOINT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS
s3proxy.credential=$S3_SECRET
jclouds.provider=filesystem-nio2
jclouds.identity=$S3_ACCESS
jclouds.credential=$S3_SECRET
jclouds.filesystem.basedir=$dir/data
EOF
  "$JAVA" -Xmx512m -XX:+UseSerialGC -jar "$S3PROXY_JAR" --properties "$dir/s3proxy.properties" > "$dir/s3proxy.log" 2>&1 &
  S3PROXY_PID=$!; PIDS+=("$S3PROXY_PID")
  for i in $(seq 1 600); do   # any HTTP answer (403 to anonymous requests) means it is up
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$S3_ENDPOINT/" || true)" != 000 ] && break
    kill -0 "$S3PROXY_PID" 2>/dev/null || { echo "s3proxy exited; see $dir/s3proxy.log" >&2; exit 1; }
    sleep 0.1
  done
  S3_STARTED=1
}
s3_create_bucket() { # creates the bucket unless it exists (MinIO answers 409 then)
  local code
  # curl signs (SigV4) but sends no payload hash, which S3 servers require: the empty body's
  code=$(curl -sS -o /dev/null -w '%{http_code}' -X PUT --user "$S3_ACCESS:$S3_SECRET" \
         --aws-sigv4 "aws:amz:us-east-1:s3" \
         -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' \
         "$S3_ENDPOINT/$S3_BUCKET")
  case "$code" in 200|409) ;; *) echo "creating bucket $S3_BUCKET at $S3_ENDPOINT: HTTP $code" >&2; exit 1 ;; esac
}
setup_s3() {
  if [ -n "${LARGE_S3_ENDPOINT:-}" ]; then   # MinIO or another S3 the caller runs
    S3_ENDPOINT=$LARGE_S3_ENDPOINT S3_BUCKET=${LARGE_S3_BUCKET:-berth-large}
    S3_ACCESS=${LARGE_S3_ACCESS_KEY:?LARGE_S3_ACCESS_KEY is needed with LARGE_S3_ENDPOINT}
    S3_SECRET=${LARGE_S3_SECRET_KEY:?LARGE_S3_SECRET_KEY is needed with LARGE_S3_ENDPOINT}
  else
    start_s3proxy
  fi
  S3_PREFIX=${LARGE_S3_PREFIX:-large}
  s3_create_bucket
}

# ---------------------------------------------------------------- Berth
storage_args() { # driver store-name -> Berth's storage settings for that store
  if [ "$1" = fs ]; then
    echo "--registry.storage.filesystem.root=$WORK/fs-$2"
  else
    echo "--registry.storage.driver=s3 --registry.storage.s3.bucket=$S3_BUCKET --registry.storage.s3.endpoint=$S3_ENDPOINT" \
         "--registry.storage.s3.path-style-access=true --registry.storage.s3.region=us-east-1" \
         "--registry.storage.s3.access-key=$S3_ACCESS --registry.storage.s3.secret-key=$S3_SECRET" \
         "--registry.storage.s3.prefix=$S3_PREFIX-$2"
  fi
}
start_berth() { # driver store-name -> BASE, BERTH_PID, BERTH_LOG
  local port i
  port=$(free_port); BASE=http://127.0.0.1:$port; BERTH_LOG=$WORK/berth-$1-$2.log
  # Access log off: thousands of timed requests would only add log I/O to what is measured.
  # shellcheck disable=SC2046
  "$JAVA" "-Xmx$XMX" ${LARGE_JAVA_OPTS:-} -jar "$JAR" --server.address=127.0.0.1 --server.port="$port" \
    $(storage_args "$1" "$2") --registry.gc.grace-period="$GRACE" --registry.observability.access-log=false \
    '--registry.retention.rules[0].repositories=**' "--registry.retention.rules[0].keep-last=$RETENTION_KEEP" \
    '--registry.retention.rules[0].untagged=true' \
    > "$BERTH_LOG" 2>&1 &
  BERTH_PID=$!; PIDS+=("$BERTH_PID")
  for i in $(seq 1 2400); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/v2/" || true)" = 200 ] && return 0
    kill -0 "$BERTH_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "Berth did not start; see $BERTH_LOG" >&2; tail -20 "$BERTH_LOG" >&2; exit 1
}
stop_berth() {
  kill "$BERTH_PID" 2>/dev/null || true; wait "$BERTH_PID" 2>/dev/null || true; forget "$BERTH_PID"
}
hwm_mib() { awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/"$1"/status; }

# ---------------------------------------------------------------- registry operations over HTTP
MT=application/vnd.oci.image.manifest.v1+json
abs() { case "$1" in http*) echo "$1";; *) echo "$BASE$1";; esac; }
with_digest() { case "$1" in *\?*) echo "$1&digest=$2";; *) echo "$1?digest=$2";; esac; }
push_blob() { # repo file -> prints "code seconds" of POST + PUT summed
  local digest hdr loc post put
  digest=sha256:$(sha256sum "$2" | cut -d' ' -f1)
  hdr=$(curl -sS -X POST -D - -o /dev/null -w '\n%{http_code} %{time_total}' -H 'Content-Length: 0' \
        "$BASE/v2/$1/blobs/uploads/" | tr -d '\r')
  loc=$(echo "$hdr" | awk -F': ' 'tolower($1)=="location" {print $2}')
  post=$(echo "$hdr" | tail -1)
  [ "${post% *}" = 202 ] || { echo "${post% *} 0"; return; }
  put=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' -X PUT -H 'Content-Type: application/octet-stream' \
        --data-binary @"$2" "$(with_digest "$(abs "$loc")" "$digest")")
  echo "${put% *} $(calc "${post#* } + ${put#* }")"
}
PUSH_N=0
push_image() { # repo tag -> PUSH_SECONDS (the requests' own times: layer, config, manifest); fails loudly on a refusal
  local dir=$WORK/push layer config manifest out t total=0
  mkdir -p "$dir"; PUSH_N=$((PUSH_N + 1))
  layer=$dir/layer-$BASHPID; config=$dir/config-$BASHPID; manifest=$dir/manifest-$BASHPID
  printf 'large-store push %s %s %s %s\n' "$1" "$2" "$PUSH_N" "$(now)" > "$layer"
  printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$(sha256sum "$layer" | cut -d' ' -f1)" > "$config"
  printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$MT" "$(sha256sum "$config" | cut -d' ' -f1)" "$(stat -c %s "$config")" \
    "$(sha256sum "$layer" | cut -d' ' -f1)" "$(stat -c %s "$layer")" > "$manifest"
  for f in "$layer" "$config"; do
    out=$(push_blob "$1" "$f")
    [ "${out% *}" = 201 ] || return 1
    total=$(calc "$total + ${out#* }")
  done
  out=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' -X PUT -H "Content-Type: $MT" \
        --data-binary @"$manifest" "$BASE/v2/$1/manifests/$2")
  [ "${out% *}" = 201 ] || return 1
  PUSH_SECONDS=$(calc "$total + ${out#* }")
}
pushes_ms() { # repo -> median ms of PUSHES pushes, after 10 to warm up (the empty store's JVM is fresh)
  local i times=()
  for i in $(seq 1 10); do push_image "$1" "warm-$i" || { echo "warm-up push failed" >&2; exit 1; }; done
  for i in $(seq 1 "$PUSHES"); do
    push_image "$1" "timed-$i" || { echo "push into $1 failed" >&2; exit 1; }
    times+=("$(calc "$PUSH_SECONDS * 1000")")
  done
  echo "${times[*]}" | median
}
timed_get() { # driver key label target path: the median of ROUNDS warm GETs, in ms
  local i out times=() cold
  for i in 0 $(seq 1 "$ROUNDS"); do
    out=$(curl -sS -o /dev/null --max-time 600 -w '%{http_code} %{time_total}' "$BASE$5" || true)
    [ "${out% *}" = 200 ] || { echo "GET $5: HTTP ${out% *}" >&2; record "$1" "$2" "$3" "$4" "HTTP ${out% *}"; return; }
    if [ "$i" = 0 ]; then
      cold=$(calc "${out#* } * 1000")
      # A listing that takes longer than LARGE_SLOW_S is shown by its one request rather than
      # repeated ROUNDS times: at full size on some code that would be hours.
      if [ "$(calc "$cold > ${LARGE_SLOW_S:-30} * 1000")" = True ]; then
        record "$1" "$2" "$3 [1 request: slow]" "$4" "$cold" "$cold"; return
      fi
    else times+=("$(calc "${out#* } * 1000")"); fi
  done
  record "$1" "$2" "$3" "$4" "$(echo "${times[*]}" | median)" "$cold"
}
timed_post() { # path -> POST_SECONDS, POST_CODE; the body goes to $WORK/last-post.json
  local out
  out=$(curl -sS -o "$WORK/last-post.json" --max-time 3600 -w '%{http_code} %{time_total}' -X POST "$BASE$1" || true)
  POST_CODE=${out% *} POST_SECONDS=${out#* }
}

# ---------------------------------------------------------------- background load during GC
# Pushes small images into load/pusher and pulls a generated image whole, one after the other,
# until $WORK/stop-load appears or LARGE_LOAD_MAX iterations pass; counts successes and failures.
load_loop() {
  local pull_blobs i d code
  pull_blobs=$(curl -sS -H "Accept: $MT" "$BASE/v2/ci/big/manifests/build-000001" |
    python3 -c 'import json,sys;m=json.load(sys.stdin);print(" ".join([m["config"]["digest"]]+[l["digest"] for l in m["layers"]]))')
  for i in $(seq 1 "${LARGE_LOAD_MAX:-100000}"); do
    [ -e "$WORK/stop-load" ] && break
    if push_image load/pusher "load-$i"; then echo ok >> "$WORK/load-push"; else echo fail >> "$WORK/load-push"; fi
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Accept: $MT" "$BASE/v2/ci/big/manifests/build-000001")
    for d in $pull_blobs; do
      [ "$code" = 200 ] || break
      code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/v2/ci/big/blobs/$d")
    done
    if [ "$code" = 200 ]; then echo ok >> "$WORK/load-pull"; else echo fail >> "$WORK/load-pull"; fi
  done
}
start_load() { # returns once the loop has pushed and pulled at least once (or after 60 s)
  local i
  rm -f "$WORK/stop-load" "$WORK/load-push" "$WORK/load-pull"
  load_loop & LOAD_PID=$!; PIDS+=("$LOAD_PID")
  for i in $(seq 1 600); do [ -s "$WORK/load-pull" ] && break; sleep 0.1; done
}
stop_load() { touch "$WORK/stop-load"; wait "$LOAD_PID" 2>/dev/null || true; forget "$LOAD_PID"; }
count() { grep -c "^$1\$" "$2" 2>/dev/null || true; }

# ---------------------------------------------------------------- one driver
generate() { # driver -> GEN_SECONDS, GEN_RATE; output in $WORK/generate-<driver>.log
  local target out wrapper=()
  if [ "$1" = fs ]; then
    target=(fs "$WORK/fs-full")
    # The generator's own fsyncs buy nothing here (a crash means: run it again, it resumes), and
    # on this shared disk they cost half of its CPU time; eatmydata turns them into no-ops.
    command -v eatmydata >/dev/null && [ -z "${LARGE_GEN_FSYNC:-}" ] && wrapper=(eatmydata)
  else
    target=(s3 "$S3_ENDPOINT" "$S3_BUCKET" "$S3_ACCESS" "$S3_SECRET" "$S3_PREFIX-full")
  fi
  if [ "$1" = s3 ] && [ -n "${LARGE_S3_SEED_FROM:-}" ] && [ -n "$S3_STARTED" ]; then
    # s3proxy ingests ~20 manifests/s here: place a filesystem store made by the generator instead
    log "s3: placing the filesystem store $LARGE_S3_SEED_FROM into s3proxy's backend"
    local started; started=$(now)
    python3 "$HERE/seed_s3proxy.py" "$LARGE_S3_SEED_FROM" "$WORK/s3proxy/data/$S3_BUCKET/$S3_PREFIX-full"
    GEN_SECONDS=$(calc "round($(now) - $started)"); GEN_RATE="- (placed from a filesystem store)"; GEN_DONE=$(now)
    return
  fi
  log "$1: generating $REPOSITORIES repositories, $MANIFESTS manifests, $BIG_TAGS tags in ci/big ($THREADS threads)"
  "${wrapper[@]}" "$JAVA" -Xmx${LARGE_GEN_XMX:-512m} -cp "$GEN_CP" dev.berth.storage.bench.LargeStoreGenerator \
    "${target[@]}" "$REPOSITORIES" "$MANIFESTS" "$BIG_TAGS" "$THREADS" 2>&1 | tee "$WORK/generate-$1.log" >&2
  out=$(grep '^generated in' "$WORK/generate-$1.log")
  GEN_SECONDS=$(echo "$out" | awk '{print $3}')
  GEN_RATE=$(echo "$out" | sed -n 's/.*pushed (\([0-9]*\)\/s).*/\1/p')
  GEN_DONE=$(now)
}

run_driver() {
  local d=$1 big_target gc_target empty_ms full_ms grace_s wait_s mid_tag last_tag mid_repo teams idx code
  [ "$d" = fs ] && big_target=20 || big_target=100
  [ "$d" = fs ] && gc_target=120 || gc_target=600

  log "$d: pushes into an empty store"
  start_berth "$d" empty
  empty_ms=$(pushes_ms team-x/empty)
  record "$d" push_empty "push of one small image into an empty store (ms)" "-" "$empty_ms"
  stop_berth

  generate "$d"
  record "$d" gen_s "generating the store (s)" "-" "$GEN_SECONDS"
  record "$d" gen_rate "generator speed (manifests/s, $THREADS threads)" "-" "$GEN_RATE"

  log "$d: starting Berth (-Xmx$XMX) over the generated store"
  start_berth "$d" full
  mid_tag=$(printf 'build-%06d' $((BIG_TAGS / 2)))
  last_tag=$(printf 'build-%06d' $((BIG_TAGS > 100 ? BIG_TAGS - 100 : 0)))
  idx=$(((REPOSITORIES - 1) / 2)); mid_repo=$(printf 'team-%03d/service-%03d' $((idx / 100)) $((idx % 100)))
  log "$d: listings"
  timed_get "$d" tags_first "tags/list?n=100 of ci/big, first page (ms)" "$big_target" "/v2/ci/big/tags/list?n=100"
  timed_get "$d" tags_middle "tags/list?n=100 of ci/big, middle page, last=$mid_tag (ms)" "$big_target" "/v2/ci/big/tags/list?n=100&last=$mid_tag"
  timed_get "$d" tags_last "tags/list?n=100 of ci/big, last page, last=$last_tag (ms)" "$big_target" "/v2/ci/big/tags/list?n=100&last=$last_tag"
  timed_get "$d" catalog_first "_catalog?n=100, first page (ms)" 50 "/v2/_catalog?n=100"
  timed_get "$d" catalog_middle "_catalog?n=100, middle page, last=$mid_repo (ms)" 50 "/v2/_catalog?n=100&last=$mid_repo"
  timed_get "$d" ui_repositories "UI repository list, /api/repositories?n=50 (ms)" 200 "/api/repositories?n=50"
  timed_get "$d" ui_repositories_middle "UI repository list, middle page (ms)" 200 "/api/repositories?n=50&last=$mid_repo"
  # n/last on the tag table are being added; until then this returns every tag of ci/big
  timed_get "$d" ui_tags "UI tag table of ci/big, /api/repositories/ci/big/-/tags?n=100 (ms)" 200 "/api/repositories/ci/big/-/tags?n=100"
  timed_get "$d" ui_page "web UI page / (ms)" 200 "/"

  if [ "${LARGE_CHECK:-1}" = 1 ]; then   # LARGE_CHECK=0: skip it (it reads every byte: the longest row on S3)
    log "$d: integrity check"
    timed_post "/api/admin/check"
    record "$d" check_s "integrity check, POST /api/admin/check (s)" "-" "$([ "$POST_CODE" = 200 ] && echo "$POST_SECONDS" || echo "HTTP $POST_CODE")"
    cp "$WORK/last-post.json" "$WORK/check-$d.json"
  else
    record "$d" check_s "integrity check, POST /api/admin/check (s)" "-" "skipped (LARGE_CHECK=0)"
  fi

  # Retention dry run of one rule over every repository: each tag's push time, and with untagged
  # every tagged manifest read, so it walks the whole store (a narrower glob reads less).
  timed_post "${LARGE_RETENTION_PATH:-/api/admin/retention?dryRun=true}"
  record "$d" retention_s "retention dry run (s)" "-" "$([ "$POST_CODE" = 200 ] && echo "$POST_SECONDS" || echo "n/a (HTTP $POST_CODE)")"

  # Only content older than the grace period can go; the generated store must have reached it.
  grace_s=$(python3 -c "import re;m=re.fullmatch(r'(\d+)(ms|s|m|h)?','$GRACE');print(int(m[1])*{'ms':0.001,'s':1,'m':60,'h':3600,None:1}[m[2]])")
  wait_s=$(calc "max(0, $GEN_DONE + $grace_s + 1 - $(now))")
  [ "$(calc "$wait_s > 0")" = True ] && { log "$d: waiting ${wait_s}s for the grace period"; sleep "$wait_s"; }

  log "$d: GC dry run and GC (delete-untagged), with pushes and pulls going on"
  start_load
  timed_post "/api/admin/gc?dryRun=true&deleteUntagged=true"
  record "$d" gc_dry_s "GC dry run over the store, under load (s)" "$gc_target" "$([ "$POST_CODE" = 200 ] && echo "$POST_SECONDS" || echo "HTTP $POST_CODE")"
  cp "$WORK/last-post.json" "$WORK/gc-dry-$d.json"
  timed_post "/api/admin/gc?deleteUntagged=true"
  record "$d" gc_s "GC mark and sweep over the store, under load (s)" "$gc_target" "$([ "$POST_CODE" = 200 ] && echo "$POST_SECONDS" || echo "HTTP $POST_CODE")"
  cp "$WORK/last-post.json" "$WORK/gc-$d.json"
  stop_load
  record "$d" load_push "pushes during GC: failed of $(($(count ok "$WORK/load-push") + $(count fail "$WORK/load-push")))" 0 "$(count fail "$WORK/load-push")"
  record "$d" load_pull "pulls during GC: failed of $(($(count ok "$WORK/load-pull") + $(count fail "$WORK/load-pull")))" 0 "$(count fail "$WORK/load-pull")"

  log "$d: pushes into the full store"
  full_ms=$(pushes_ms team-x/full)
  record "$d" push_full "push of one small image into the full store (ms)" "$(calc "round($empty_ms * 1.25, 2)")" "$full_ms"

  record "$d" rss "peak RSS of Berth, VmHWM (MiB, -Xmx$XMX)" "-" "$(hwm_mib "$BERTH_PID")"
  code=$(grep -c OutOfMemoryError "$BERTH_LOG" || true)
  record "$d" oom "OutOfMemoryError in Berth's log (count)" 0 "$code"
  stop_berth
}

[[ " $DRIVERS " == *" s3 "* ]] && setup_s3
for d in $DRIVERS; do run_driver "$d"; done

echo
echo "Large store: $REPOSITORIES repositories, $MANIFESTS manifests, $BIG_TAGS tags in ci/big; Berth -Xmx$XMX on $("$JAVA" -version 2>&1 | head -1); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); medians of $ROUNDS warm requests, $PUSHES pushes"
[ -n "$S3_STARTED" ] && echo "s3: s3proxy $(basename "$S3PROXY_JAR") (filesystem-nio2) on 127.0.0.1" || true
python3 "$HERE/large_table.py" "$RESULTS"
[ -n "$KEEP" ] && echo "raw figures and logs: $WORK" >&2
exit 0
