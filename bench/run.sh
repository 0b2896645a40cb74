#!/usr/bin/env bash
# Berth vs CNCF Distribution (Debian docker-registry 2.8) vs nginx, side by side on 127.0.0.1.
# Usage: bench/run.sh            (see bench/README.md for the knobs)
set -euo pipefail

ROUNDS=${BENCH_ROUNDS:-3}              # interleaved rounds of every workload; the table shows medians
WRK_SECONDS=${BENCH_WRK_SECONDS:-8}
BIG_MIB=${BENCH_BIG_MIB:-512}
SMALL_MIB=16
CHUNK_MIB=8
PARALLEL=32
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)

# ---------------------------------------------------------------- tools
need=()
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
command -v hey >/dev/null || need+=(hey)
command -v curl >/dev/null || need+=(curl)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

if [ -n "${BENCH_JAVA:-}" ]; then JAVA=$BENCH_JAVA
elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
else JAVA=java; fi

JAR=${BENCH_JAR:-$REPO/registry-api/target/berth.jar}   # BENCH_JAR: measure another build
if [ -z "${BENCH_JAR:-}" ] && { [ -z "${BENCH_SKIP_BUILD:-}" ] || [ ! -f "$JAR" ]; }; then
  echo "building berth.jar" >&2
  (cd "$REPO" && ./mvnw -B -q package -DskipTests)
fi

# ---------------------------------------------------------------- scratch space, cleanup
WORK=$(mktemp -d /tmp/berth-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
  sleep 0.5
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
RESULTS=$WORK/results.tsv
: > "$RESULTS"
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$RESULTS"; }   # workload server value
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
CLK=$(getconf CLK_TCK)

# ---------------------------------------------------------------- test data
echo "generating ${BIG_MIB} MiB and ${SMALL_MIB} MiB blobs" >&2
mkdir -p "$WORK/www" "$WORK/chunks"; chmod 755 "$WORK" "$WORK/www"   # nginx workers run as www-data
head -c $((BIG_MIB << 20)) /dev/urandom > "$WORK/www/big"
head -c $((SMALL_MIB << 20)) /dev/urandom > "$WORK/www/small"
BIG_DIGEST=sha256:$(sha256sum "$WORK/www/big" | cut -d' ' -f1)
SMALL_DIGEST=sha256:$(sha256sum "$WORK/www/small" | cut -d' ' -f1)
split -b $((CHUNK_MIB << 20)) -d -a 4 "$WORK/www/big" "$WORK/chunks/c"
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}' > "$WORK/config.json"
CONFIG_DIGEST=sha256:$(sha256sum "$WORK/config.json" | cut -d' ' -f1)
CONFIG_SIZE=$(stat -c %s "$WORK/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%s}]}' \
  "$CONFIG_DIGEST" "$CONFIG_SIZE" "$SMALL_DIGEST" $((SMALL_MIB << 20)) > "$WORK/manifest.json"
MANIFEST_DIGEST=sha256:$(sha256sum "$WORK/manifest.json" | cut -d' ' -f1)
MT=application/vnd.oci.image.manifest.v1+json

# ---------------------------------------------------------------- servers
declare -A PORT PID
wait_ready() { # name url start-time
  local i
  for i in $(seq 1 1200); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$2" || true)" = 200 ]; then
      record startup_s "$1" "$(calc "$(now) - $3")"; return 0
    fi
    sleep 0.025
  done
  echo "$1 did not start; see $WORK/$1.log" >&2; exit 1
}

PORT[dist]=$(free_port)
mkdir -p "$WORK/dist-data"
cat > "$WORK/dist.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $WORK/dist-data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${PORT[dist]}
EOF
t0=$(now)
docker-registry serve "$WORK/dist.yml" > "$WORK/dist.log" 2>&1 &
PID[dist]=$!; PIDS+=("${PID[dist]}")
wait_ready dist "http://127.0.0.1:${PORT[dist]}/v2/" "$t0"

PORT[berth]=$(free_port)
JFR_OPT=()
[ -n "${BENCH_JFR:-}" ] && JFR_OPT=(-XX:+FlightRecorder "-XX:StartFlightRecording=filename=$BENCH_JFR,settings=profile,dumponexit=true")
t0=$(now)
"$JAVA" ${BENCH_JAVA_OPTS:-} "${JFR_OPT[@]}" -jar "$JAR" --server.port="${PORT[berth]}" --server.address=127.0.0.1 \
  --registry.storage.filesystem.root="$WORK/berth-data" > "$WORK/berth.log" 2>&1 &
PID[berth]=$!; PIDS+=("${PID[berth]}")
wait_ready berth "http://127.0.0.1:${PORT[berth]}/v2/" "$t0"

PORT[nginx]=$(free_port)
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  server { listen 127.0.0.1:${PORT[nginx]}; root $WORK/www; default_type application/octet-stream; }
}
EOF
"$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
for i in $(seq 1 100); do [ -s "$WORK/nginx/nginx.pid" ] && break; sleep 0.05; done
PID[nginx]=$(cat "$WORK/nginx/nginx.pid")

base() { echo "http://127.0.0.1:${PORT[$1]}"; }
# CPU ticks of a process and its children processes (nginx workers)
cpu_ticks() {
  local p total=0 kids
  kids=$(cat /proc/"$1"/task/*/children 2>/dev/null || true)
  for p in "$1" $kids; do
    total=$((total + $(awk '{print $14 + $15}' /proc/"$p"/stat 2>/dev/null || echo 0)))
  done
  echo $total
}
reset_hwm() { echo 5 > /proc/"$1"/clear_refs 2>/dev/null || true; }
hwm_mib() { awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/"$1"/status; }

# ---------------------------------------------------------------- registry operations
abs() { case "$2" in http*) echo "$2";; *) echo "$(base "$1")$2";; esac; }
start_upload() { # server repo -> absolute upload URL
  local loc
  loc=$(curl -sS -X POST -D - -o /dev/null -H 'Content-Length: 0' "$(base "$1")/v2/$2/blobs/uploads/" \
        | tr -d '\r' | awk -F': ' 'tolower($1)=="location" {print $2}')
  abs "$1" "$loc"
}
with_digest() { case "$1" in *\?*) echo "$1&digest=$2";; *) echo "$1?digest=$2";; esac; }
check_code() { [ "$1" = "$2" ] || { echo "unexpected HTTP $1 (wanted $2) in $3" >&2; exit 1; }; }

push_monolithic() { # server repo file digest -> seconds
  local url out
  url=$(start_upload "$1" "$2")
  out=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' -X PUT -H 'Expect:' -H 'Content-Type: application/octet-stream' \
        -T "$3" "$(with_digest "$url" "$4")")
  check_code "${out% *}" 201 "monolithic push to $1"
  t_elapsed=${out#* }
}
push_chunked() { # server repo -> seconds (big file in CHUNK_MIB chunks)
  local url t start=0 size c hdr
  t=$(now)
  url=$(start_upload "$1" "$2")
  for c in "$WORK"/chunks/c*; do
    size=$(stat -c %s "$c")
    hdr=$(curl -sS -D - -o /dev/null -X PATCH -H 'Expect:' -H 'Content-Type: application/octet-stream' \
          -H "Content-Range: $start-$((start + size - 1))" -T "$c" "$url" | tr -d '\r')
    check_code "$(echo "$hdr" | awk 'NR==1 {print $2}')" 202 "chunk to $1"
    url=$(abs "$1" "$(echo "$hdr" | awk -F': ' 'tolower($1)=="location" {print $2}')")
    start=$((start + size))
  done
  check_code "$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Length: 0' "$(with_digest "$url" "$BIG_DIGEST")")" 201 "chunked commit to $1"
  t_elapsed=$(calc "$(now) - $t")
}
blob_url() { # server repo digest file-name
  if [ "$1" = nginx ]; then echo "$(base nginx)/$4"; else echo "$(base "$1")/v2/$2/blobs/$3"; fi
}

# ---------------------------------------------------------------- workloads
BIG_MIB_F=$(calc "$(stat -c %s "$WORK/www/big") / 1048576")
for s in dist berth; do   # content the read workloads need
  push_monolithic $s bench/pull "$WORK/www/big" "$BIG_DIGEST"
  push_monolithic $s bench/pull "$WORK/www/small" "$SMALL_DIGEST"
  push_monolithic $s bench/pull "$WORK/config.json" "$CONFIG_DIGEST"
  check_code "$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H "Content-Type: $MT" --data-binary @"$WORK/manifest.json" \
     "$(base $s)/v2/bench/pull/manifests/latest")" 201 "manifest push to $s"
done

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS" >&2
  order="dist berth"; [ $((round % 2)) = 0 ] && order="berth dist"   # alternate who goes first
  for s in $order; do
    p=${PID[$s]}
    reset_hwm "$p"
    push_monolithic $s "bench/push$round" "$WORK/www/big" "$BIG_DIGEST"
    record push_mono_MiBps $s "$(calc "$BIG_MIB_F / $t_elapsed")"
    push_chunked $s "bench/chunk$round"
    record push_chunked_MiBps $s "$(calc "$BIG_MIB_F / $t_elapsed")"
    record push_peak_rss_MiB $s "$(hwm_mib "$p")"
  done
  for s in $order nginx; do
    p=${PID[$s]}
    reset_hwm "$p"
    c0=$(cpu_ticks "$p")
    out=$(curl -sS -o /dev/null -w '%{http_code} %{size_download} %{time_total}' "$(blob_url $s bench/pull "$BIG_DIGEST" big)")
    check_code "${out%% *}" 200 "big pull from $s"
    read -r _ bytes secs <<< "$out"
    record pull_MiBps $s "$(calc "$bytes / 1048576 / $secs")"
    [ "$s" = nginx ] || record pull_peak_rss_MiB $s "$(hwm_mib "$p")"
    url=$(blob_url $s bench/pull "$SMALL_DIGEST" small)
    t=$(now)
    seq 1 $PARALLEL | xargs -P $PARALLEL -I{} curl -sS -o /dev/null -f "$url"
    record pull_32x16MiB_MiBps $s "$(calc "$PARALLEL * $SMALL_MIB / ($(now) - $t)")"
    c1=$(cpu_ticks "$p")
    record pull_cpu_s_per_GiB $s "$(calc "($c1 - $c0) / $CLK / (($bytes + $PARALLEL * ($SMALL_MIB << 20)) / 1073741824)")"
  done
  for s in $order; do
    out=$(wrk -t2 -c64 -d"${WRK_SECONDS}s" --latency -H "Accept: $MT" "$(base $s)/v2/bench/pull/manifests/latest")
    record manifest_get_tag_rps $s "$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
    record manifest_get_tag_p99_ms $s "$(echo "$out" | awk '$1=="99%" {print $2}')"
    # wrk cannot read HEAD answers that carry a Content-Length, so HEAD goes through hey
    out=$(hey -m HEAD -c 64 -z "${WRK_SECONDS}s" -H "Accept: $MT" "$(base $s)/v2/bench/pull/manifests/$MANIFEST_DIGEST")
    record manifest_head_digest_rps $s "$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
    record manifest_head_digest_p99_ms $s "$(echo "$out" | awk '$1=="99%" {print $3 * 1000}')"
  done
done

echo
echo "Berth ($("$JAVA" -version 2>&1 | head -1)) vs Distribution $(docker-registry --version | awk '{print $3}') vs nginx; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); medians of $ROUNDS rounds"
python3 "$HERE/table.py" "$RESULTS"
[ -n "${BENCH_KEEP:-}" ] && echo "raw figures: $RESULTS" >&2
exit 0
