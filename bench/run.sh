#!/usr/bin/env bash
# Berth (on every JDK the project supports) vs CNCF Distribution (Debian docker-registry 2.8) vs
# nginx, side by side on 127.0.0.1, on the filesystem and on S3 (s3proxy).
# Usage: bench/run.sh            (see bench/README.md for the knobs)
set -euo pipefail

ROUNDS=${BENCH_ROUNDS:-3}              # interleaved rounds of every workload; the table shows medians
STARTS=${BENCH_STARTS:-3}              # restarts over the filled store, each timed to the first 200
WRK_SECONDS=${BENCH_WRK_SECONDS:-8}
BIG_MIB=${BENCH_BIG_MIB:-512}
LAYER_MIB=${BENCH_LAYER_MIB:-16}       # each of the five layers skopeo pushes and pulls
STORES=${BENCH_STORES:-fs s3}
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
command -v skopeo >/dev/null || need+=(skopeo)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# The JDKs Berth runs on: BENCH_JAVAS (paths to java), by default the `java` on the PATH and
# Temurin 25 (the image's JDK) when installed; one Berth per JDK, named by its major version.
major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }
declare -A JAVA_OF
JDKS=()
for j in ${BENCH_JAVAS:-$(command -v java) /usr/lib/jvm/temurin-25-jdk-amd64/bin/java}; do
  [ -x "$j" ] || continue
  m=$(major "$j")
  [ -n "${JAVA_OF[$m]:-}" ] && continue
  JAVA_OF[$m]=$j; JDKS+=("$m")
done
# The container image's JVM options (its ENTRYPOINT's, but the AOT cache), unless BENCH_JAVA_OPTS says otherwise.
IMAGE_OPTS=$(python3 -c '
import json, re, sys
entry = re.search(r"^ENTRYPOINT (\[.*?\])", open(sys.argv[1]).read().replace("\\\n", ""), re.S | re.M).group(1)
print(" ".join(a for a in json.loads(entry) if a.startswith("-X") and not a.startswith("-XX:AOTCache")))' "$REPO/Dockerfile")
JAVA_OPTS=${BENCH_JAVA_OPTS-$IMAGE_OPTS}
# The image's options are for its JDK (25); an older JDK runs without those it does not know
# (-XX:+UseCompactObjectHeaders) rather than refusing to start.
declare -A OPTS_OF
for m in "${JDKS[@]}"; do
  kept=()
  for o in $JAVA_OPTS; do
    if "${JAVA_OF[$m]}" "${kept[@]}" "$o" -version >/dev/null 2>&1; then kept+=("$o"); else echo "JDK $m does not know $o: left out" >&2; fi
  done
  OPTS_OF[$m]="${kept[*]}"
done

# berth.jar per JDK, each built by that JDK, as a user building and running on one JDK has it: the
# bean definitions Spring AOT generates are used only when the running JDK makes the build's
# choice of virtual threads (docs/operations.md#start-up). BENCH_JAR measures one given jar on all.
declare -A JAR_OF
for ((i = ${#JDKS[@]} - 1; i >= 0; i--)); do   # the PATH's JDK last: target/ ends as README's build
  m=${JDKS[$i]}
  if [ -n "${BENCH_JAR:-}" ]; then JAR_OF[$m]=$BENCH_JAR; continue; fi
  JAR_OF[$m]=$REPO/registry-api/target/bench/berth-$m.jar
  if [ -z "${BENCH_SKIP_BUILD:-}" ] || [ ! -f "${JAR_OF[$m]}" ]; then
    echo "building berth.jar on JDK $m" >&2
    (cd "$REPO" && JAVA_HOME=$(dirname "$(dirname "$(readlink -f "${JAVA_OF[$m]}")")") \
      ./mvnw -B -q package -DskipTests -Dberth.cds.skip=true >/dev/null)
    mkdir -p "$REPO/registry-api/target/bench" && cp "$REPO/registry-api/target/berth.jar" "${JAR_OF[$m]}"
  fi
done
S3PROXY=${BENCH_S3PROXY_JAR:-$HOME/.m2/repository/org/gaul/s3proxy/2.7.0/s3proxy-2.7.0-jar-with-dependencies.jar}
if [[ " $STORES " == *" s3 "* ]] && [ ! -f "$S3PROXY" ]; then
  echo "fetching s3proxy" >&2
  (cd "$REPO" && ./mvnw -B -q dependency:get -Dartifact=org.gaul:s3proxy:2.7.0:jar:jar-with-dependencies)
fi

# ---------------------------------------------------------------- scratch space, cleanup
WORK=$(mktemp -d /tmp/berth-bench.XXXXXX)
declare -A PORT PID
cleanup() {
  for p in "${PID[@]}"; do kill "$p" 2>/dev/null || true; done   # nginx's master among them
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

# ---------------------------------------------------------------- Berth's start-up archives
# As README's command: berth.jar extracted, and per JDK the classes of a training run (an AOT
# cache on 25+, a dynamic CDS archive before); BENCH_CDS=0 runs the jar as it is.
declare -A ARCHIVE_OPT
if [ "${BENCH_CDS:-1}" = 1 ]; then
  for m in "${JDKS[@]}"; do
    APP=$WORK/app-$m
    "${JAVA_OF[$m]}" -Djarmode=tools -jar "${JAR_OF[$m]}" extract --destination "$APP" >/dev/null
    APP_JAR=$APP/$(basename "${JAR_OF[$m]}")   # extract keeps the jar's name
    echo "training run for JDK $m's class archive" >&2
    if [ "$m" -ge 25 ]; then dump=-XX:AOTCacheOutput; else dump=-XX:ArchiveClassesAtExit; fi
    "${JAVA_OF[$m]}" ${OPTS_OF[$m]} "$dump=$APP/berth.jsa" -Xlog:disable -Xlog:all=error:stderr \
      -Dspring.context.exit=onRefresh -jar "$APP_JAR" --server.port=0 \
      --registry.storage.filesystem.root="$WORK/training" --logging.level.root=warn > "$WORK/training-$m.log" 2>&1
    ARCHIVE_OPT[$m]="-XX:SharedArchiveFile=$APP/berth.jsa -jar $APP_JAR"
  done
else
  for m in "${JDKS[@]}"; do ARCHIVE_OPT[$m]="-jar ${JAR_OF[$m]}"; done
fi

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

# A five-layer image as an OCI layout for skopeo, new bytes every round (skopeo remembers where
# it saw a blob and would mount it instead of pushing it).
five_layer_image() { # folder
  python3 - "$1" "$LAYER_MIB" <<'EOF'
import hashlib, json, os, sys
root, mib = sys.argv[1], int(sys.argv[2])
blobs = os.path.join(root, "blobs", "sha256")
os.makedirs(blobs, exist_ok=True)
def put(data):
    d = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, d), "wb") as f:
        f.write(data)
    return {"digest": "sha256:" + d, "size": len(data)}
layers = [dict(put(os.urandom(mib << 20)), mediaType="application/vnd.oci.image.layer.v1.tar") for _ in range(5)]
config = dict(put(json.dumps({"architecture": "amd64", "os": "linux",
    "rootfs": {"type": "layers", "diff_ids": [l["digest"] for l in layers]}}).encode()),
    mediaType="application/vnd.oci.image.config.v1+json")
manifest = dict(put(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": config, "layers": layers}).encode()), mediaType="application/vnd.oci.image.manifest.v1+json",
    annotations={"org.opencontainers.image.ref.name": "latest"})
json.dump({"schemaVersion": 2, "manifests": [manifest]}, open(os.path.join(root, "index.json"), "w"))
json.dump({"imageLayoutVersion": "1.0.0"}, open(os.path.join(root, "oci-layout"), "w"))
EOF
}

# ---------------------------------------------------------------- servers
# Registry servers are named <kind>-<store>: dist-fs, berth17-fs, berth25-s3...; nginx serves the
# blob files as a ceiling for blob GET.
S3_KEY=bench-key; S3_SECRET=bench-secret-key; S3_REGION=us-east-1
if [[ " $STORES " == *" s3 "* ]]; then
  S3PORT=$(free_port); S3=http://127.0.0.1:$S3PORT
  mkdir -p "$WORK/s3data"
  cat > "$WORK/s3proxy.properties" <<EOF
s3proxy.endpoint=$S3
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_KEY
s3proxy.credential=$S3_SECRET
jclouds.provider=filesystem-nio2
jclouds.identity=$S3_KEY
jclouds.credential=$S3_SECRET
jclouds.filesystem.basedir=$WORK/s3data
EOF
  "${JAVA_OF[${JDKS[-1]}]}" -Xmx512m -jar "$S3PROXY" --properties "$WORK/s3proxy.properties" > "$WORK/s3proxy.log" 2>&1 &
  PID[s3proxy]=$!
  for i in $(seq 1 600); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$S3/" || true)" != 000 ] && break; sleep 0.1; done
fi
s3() { curl -sS --aws-sigv4 "aws:amz:$S3_REGION:s3" --user "$S3_KEY:$S3_SECRET" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"; }

REGISTRIES=()
declare -A LAUNCH
launch() { # name: starts it (again) over its store and records the time and CPU to the first 200
  local name=$1 t0 i pid
  t0=$(now)
  eval "exec ${LAUNCH[$name]}" >> "$WORK/$name.log" 2>&1 &   # exec: $! is the server's own pid
  pid=$!; PID[$name]=$pid
  for i in $(seq 1 2400); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORT[$name]}/v2/" || true)" = 200 ]; then
      record startup_s "$name" "$(calc "$(now) - $t0")"
      record startup_cpu_s "$name" "$(calc "$(awk '{print $14 + $15}' /proc/"$pid"/stat) / $CLK")"
      return 0
    fi
    sleep 0.01
  done
  echo "$name did not start; see $WORK/$name.log (BENCH_KEEP=1 keeps it)" >&2; exit 1
}
stop() { kill "${PID[$1]}"; while kill -0 "${PID[$1]}" 2>/dev/null; do sleep 0.05; done; }

for store in $STORES; do
  # Distribution 2.8.2's s3 driver cannot run on s3proxy: its Writer dereferences a field of
  # s3proxy's ListMultipartUploads answer that is not there and panics on every upload PUT/PATCH.
  # So on S3 Berth runs alone (BENCH_DIST_S3=1 tries Distribution anyway, e.g. with another store).
  if [ "$store" = fs ] || [ -n "${BENCH_DIST_S3:-}" ]; then
    name=dist-$store; PORT[$name]=$(free_port)
    if [ "$store" = fs ]; then
      storage="  filesystem:
    rootdirectory: $WORK/$name-data"
    else
      s3 -o /dev/null -X PUT "$S3/$name"
      storage="  s3:
    accesskey: $S3_KEY
    secretkey: $S3_SECRET
    region: $S3_REGION
    regionendpoint: $S3
    bucket: $name
    secure: false
    v4auth: true
  redirect:
    disable: true"
    fi
    cat > "$WORK/$name.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
$storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${PORT[$name]}
EOF
    # (the Go SDK cannot use a custom CA bundle with Distribution's transport; the store is plain HTTP)
    LAUNCH[$name]="env -u AWS_CA_BUNDLE docker-registry serve '$WORK/$name.yml'"
    REGISTRIES+=("$name")
  fi
  for m in "${JDKS[@]}"; do
    name=berth$m-$store; PORT[$name]=$(free_port)
    if [ "$store" = fs ]; then
      storage="--registry.storage.filesystem.root=$WORK/$name-data"
    else
      s3 -o /dev/null -X PUT "$S3/$name"
      storage="--registry.storage.driver=s3 --registry.storage.s3.endpoint=$S3 --registry.storage.s3.bucket=$name \
        --registry.storage.s3.region=$S3_REGION --registry.storage.s3.path-style-access=true \
        --registry.storage.s3.access-key=$S3_KEY --registry.storage.s3.secret-key=$S3_SECRET"
    fi
    jfr=""
    [ -n "${BENCH_JFR:-}" ] && jfr="-XX:StartFlightRecording=filename=$BENCH_JFR-$name.jfr,settings=profile,dumponexit=true"
    LAUNCH[$name]="env MALLOC_ARENA_MAX=2 '${JAVA_OF[$m]}' ${OPTS_OF[$m]} $jfr ${ARCHIVE_OPT[$m]} --server.port=${PORT[$name]} \
      --server.address=127.0.0.1 $storage"
    REGISTRIES+=("$name")
  done
done
for name in "${REGISTRIES[@]}"; do launch "$name"; done
for name in "${REGISTRIES[@]}"; do   # a Berth on the usual start would understate what users get
  if [[ $name == berth* ]] && ! grep -q "Starting AOT-processed" "$WORK/$name.log"; then
    echo "$name: not on the generated bean definitions: $(grep -o 'Not using.*' "$WORK/$name.log" | head -1)" >&2
  fi
done
mv "$RESULTS" "$WORK/first-start.tsv"; : > "$RESULTS"   # the timed starts come later, over a filled store

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
skopeo_copy() { # from to -> seconds
  local t
  t=$(now)
  skopeo copy -q --src-tls-verify=false --dest-tls-verify=false "$1" "$2" > /dev/null
  t_elapsed=$(calc "$(now) - $t")
}

# ---------------------------------------------------------------- workloads
BIG_MIB_F=$(calc "$(stat -c %s "$WORK/www/big") / 1048576")
for s in "${REGISTRIES[@]}"; do   # content the read workloads need
  push_monolithic "$s" bench/pull "$WORK/www/big" "$BIG_DIGEST"
  push_monolithic "$s" bench/pull "$WORK/www/small" "$SMALL_DIGEST"
  push_monolithic "$s" bench/pull "$WORK/config.json" "$CONFIG_DIGEST"
  check_code "$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H "Content-Type: $MT" --data-binary @"$WORK/manifest.json" \
     "$(base "$s")/v2/bench/pull/manifests/latest")" 201 "manifest push to $s"
done

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS" >&2
  # rotate who goes first from round to round, so machine noise hits every server alike
  order=("${REGISTRIES[@]:$(( (round - 1) % ${#REGISTRIES[@]} ))}" "${REGISTRIES[@]:0:$(( (round - 1) % ${#REGISTRIES[@]} ))}")
  for s in "${order[@]}"; do
    p=${PID[$s]}
    reset_hwm "$p"
    push_monolithic "$s" "bench/push$round" "$WORK/www/big" "$BIG_DIGEST"
    record push_mono_MiBps "$s" "$(calc "$BIG_MIB_F / $t_elapsed")"
    push_chunked "$s" "bench/chunk$round"
    record push_chunked_MiBps "$s" "$(calc "$BIG_MIB_F / $t_elapsed")"
    out=$(curl -sS -o /dev/null -w '%{http_code} %{size_download} %{time_total}' "$(blob_url "$s" bench/pull "$BIG_DIGEST" big)")
    check_code "${out%% *}" 200 "big pull from $s"
    # Only the first round's: later rounds start from the resident set the manifest load below
    # left (a JVM keeps its grown heap and compiled code), so they would measure that load again.
    if [ "$round" = 1 ]; then record pushpull_peak_rss_MiB "$s" "$(hwm_mib "$p")"; fi
  done
  for s in "${order[@]}" nginx; do
    p=${PID[$s]}
    c0=$(cpu_ticks "$p")
    out=$(curl -sS -o /dev/null -w '%{http_code} %{size_download} %{time_total}' "$(blob_url "$s" bench/pull "$BIG_DIGEST" big)")
    check_code "${out%% *}" 200 "big pull from $s"
    c1=$(cpu_ticks "$p")
    read -r _ bytes secs <<< "$out"
    record pull_MiBps "$s" "$(calc "$bytes / 1048576 / $secs")"
    record pull_cpu_s_per_GiB "$s" "$(calc "($c1 - $c0) / $CLK / ($bytes / 1073741824)")"
    url=$(blob_url "$s" bench/pull "$SMALL_DIGEST" small)
    t=$(now)
    seq 1 $PARALLEL | xargs -P $PARALLEL -I{} curl -sS -o /dev/null -f "$url"
    record pull_32x16MiB_MiBps "$s" "$(calc "$PARALLEL * $SMALL_MIB / ($(now) - $t)")"
  done
  for s in "${order[@]}"; do
    p=${PID[$s]}
    reset_hwm "$p"
    out=$(wrk -t2 -c64 -d"${WRK_SECONDS}s" --latency -H "Accept: $MT" "$(base "$s")/v2/bench/pull/manifests/latest")
    record manifest_get_tag_rps "$s" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
    record manifest_get_tag_p99_ms "$s" "$(echo "$out" | awk '$1=="99%" {print $2}')"
    # wrk cannot read HEAD answers that carry a Content-Length, so HEAD goes through hey
    out=$(hey -m HEAD -c 64 -z "${WRK_SECONDS}s" -H "Accept: $MT" "$(base "$s")/v2/bench/pull/manifests/$MANIFEST_DIGEST")
    record manifest_head_digest_rps "$s" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
    record manifest_head_digest_p99_ms "$s" "$(echo "$out" | awk '$1=="99%" {print $3 * 1000}')"
    record manifest_peak_rss_MiB "$s" "$(hwm_mib "$p")"
  done
  rm -rf "$WORK/five"; five_layer_image "$WORK/five"
  for s in "${order[@]}"; do
    skopeo_copy "oci:$WORK/five:latest" "docker://127.0.0.1:${PORT[$s]}/bench/five:r$round"
    record skopeo_push_s "$s" "$t_elapsed"
    rm -rf "$WORK/five-pulled"
    skopeo_copy "docker://127.0.0.1:${PORT[$s]}/bench/five:r$round" "oci:$WORK/five-pulled:latest"
    record skopeo_pull_s "$s" "$t_elapsed"
  done
done

# Restarts over the filled store (a deploy, a node drain): SIGTERM, then time to the first 200.
for i in $(seq 1 "$STARTS"); do
  for s in "${REGISTRIES[@]}"; do stop "$s"; launch "$s"; done
done

echo
echo "Berth (JDKs: $(for m in "${JDKS[@]}"; do printf '%s ' "$("${JAVA_OF[$m]}" -version 2>&1 | head -1)"; done)) vs Distribution $(docker-registry --version | awk '{print $3}') vs nginx"
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); medians of $ROUNDS rounds and $STARTS restarts; Berth's JVM options: ${JAVA_OPTS:-none}; class archive: $([ "${BENCH_CDS:-1}" = 1 ] && echo yes || echo no)"
python3 "$HERE/table.py" "$RESULTS" "${JDKS[@]}"
[ -n "${BENCH_KEEP:-}" ] && echo "raw figures: $RESULTS" >&2
exit 0
