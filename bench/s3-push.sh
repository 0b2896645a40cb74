#!/usr/bin/env bash
# Blob push to Berth on S3 (s3proxy) versus a plain PUT of the same bytes straight to the bucket.
# Usage: bench/s3-push.sh        (see bench/README.md, "S3 push", for the knobs)
set -euo pipefail

ROUNDS=${BENCH_ROUNDS:-5}
BIG_MIB=${BENCH_BIG_MIB:-512}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
REGION=us-east-1
BUCKET=bench
KEY=bench-key
SECRET=bench-secret-$RANDOM$RANDOM

for tool in curl python3 sha256sum; do
  command -v $tool >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done
if [ -n "${BENCH_JAVA:-}" ]; then JAVA=$BENCH_JAVA
elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
else JAVA=java; fi

JAR=${BENCH_JAR:-$REPO/registry-api/target/berth.jar}   # BENCH_JAR: measure another build
if [ -z "${BENCH_JAR:-}" ] && { [ -z "${BENCH_SKIP_BUILD:-}" ] || [ ! -f "$JAR" ]; }; then
  echo "building berth.jar" >&2
  (cd "$REPO" && ./mvnw -B -q package -DskipTests)
fi
S3PROXY=${BENCH_S3PROXY_JAR:-$REPO/storage/target/s3proxy/s3proxy.jar}
if [ ! -f "$S3PROXY" ]; then
  echo "fetching s3proxy" >&2
  (cd "$REPO" && ./mvnw -B -q dependency:copy -Dartifact=org.gaul:s3proxy:2.7.0:jar:jar-with-dependencies \
     -DoutputDirectory=storage/target/s3proxy -Dmdep.stripVersion=true -Dmdep.stripClassifier=true)
  mv "$REPO"/storage/target/s3proxy/s3proxy*.jar "$S3PROXY" 2>/dev/null || true
fi

# ---------------------------------------------------------------- scratch space, cleanup
WORK=$(mktemp -d /tmp/berth-s3-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
check() { [ "$1" = "$2" ] || { echo "unexpected HTTP $1 (wanted $2) in $3; logs in $WORK (BENCH_KEEP=1 keeps them)" >&2; exit 1; }; }
median() { python3 -c "import statistics,sys;print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

# ---------------------------------------------------------------- s3proxy
S3PORT=$(free_port)
S3=http://127.0.0.1:$S3PORT
mkdir -p "$WORK/s3data"
cat > "$WORK/s3proxy.properties" <<EOF
s3proxy.endpoint=$S3
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$KEY
s3proxy.credential=$SECRET
jclouds.provider=filesystem-nio2
jclouds.identity=$KEY
jclouds.credential=$SECRET
jclouds.filesystem.basedir=$WORK/s3data
EOF
"$JAVA" -Xmx512m -jar "$S3PROXY" --properties "$WORK/s3proxy.properties" > "$WORK/s3proxy.log" 2>&1 &
PIDS+=($!)
# UNSIGNED-PAYLOAD: curl does not hash the body itself, and S3 wants the header with SigV4.
s3() { curl -sS --aws-sigv4 "aws:amz:$REGION:s3" --user "$KEY:$SECRET" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"; }
for i in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$S3/" || true)" != 000 ] && break
  sleep 0.1
done
check "$(s3 -o /dev/null -w "%{http_code}" -X PUT "$S3/$BUCKET")" 200 "bucket creation"

# ---------------------------------------------------------------- Berth on the bucket
PORT=$(free_port)
BERTH=http://127.0.0.1:$PORT
"$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 \
  --registry.storage.driver=s3 --registry.storage.s3.endpoint="$S3" --registry.storage.s3.bucket=$BUCKET \
  --registry.storage.s3.region=$REGION --registry.storage.s3.path-style-access=true \
  --registry.storage.s3.access-key=$KEY --registry.storage.s3.secret-key="$SECRET" \
  > "$WORK/berth.log" 2>&1 &
PIDS+=($!)
for i in $(seq 1 1200); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$BERTH/v2/" || true)" = 200 ] && break
  [ "$i" = 1200 ] && { echo "Berth did not start; see $WORK/berth.log" >&2; exit 1; }
  sleep 0.05
done

# ---------------------------------------------------------------- workloads
echo "generating a ${BIG_MIB} MiB blob" >&2
head -c $((BIG_MIB << 20)) /dev/urandom > "$WORK/big"
SIZE=$(stat -c %s "$WORK/big")
# Each push gets bytes of its own (the blob with its last 32 bytes rewritten), so Berth never
# finds the blob already stored and skips the work.
variant() { # name -> file with unique content; prints its digest
  cp "$WORK/big" "$WORK/push"
  printf '%-32s' "$1" | dd of="$WORK/push" bs=1 seek=$((SIZE - 32)) conv=notrunc status=none
  echo "sha256:$(sha256sum "$WORK/push" | cut -d' ' -f1)"
}
with_digest() { case "$1" in *\?*) echo "$1&digest=$2";; *) echo "$1?digest=$2";; esac; }
start_upload() { # repo -> absolute upload URL
  local loc
  loc=$(curl -sS -X POST -D - -o /dev/null -H 'Content-Length: 0' "$BERTH/v2/$1/blobs/uploads/" \
        | tr -d '\r' | awk -F': ' 'tolower($1)=="location" {print $2}')
  case "$loc" in http*) echo "$loc";; *) echo "$BERTH$loc";; esac
}
forget_stored() { # drop what the last push stored, so the bucket (and page cache) stays the same size
  rm -rf "$WORK/s3data/$BUCKET"/*
}

put_plain() { # digest -> sets elapsed
  local out
  out=$(s3 -o /dev/null -w '%{http_code} %{time_total}' -X PUT -H 'Expect:' -T "$WORK/push" "$S3/$BUCKET/plain/${1#sha256:}")
  check "${out% *}" 200 "plain PUT"
  elapsed=${out#* }
}
push_monolithic() { # digest -> sets elapsed: POST, then PUT ?digest= with the body
  local t url code
  t=$(now)
  url=$(start_upload bench/mono)
  code=$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H 'Expect:' -H 'Content-Type: application/octet-stream' \
         -T "$WORK/push" "$(with_digest "$url" "$1")")
  check "$code" 201 "monolithic push"
  elapsed=$(calc "$(now) - $t")
}
push_streamed() { # digest -> sets elapsed: POST, one streamed PATCH (chunked, as docker sends it), PUT ?digest=
  local t url hdr
  t=$(now)
  url=$(start_upload bench/docker)
  hdr=$(curl -sS -D - -o /dev/null -X PATCH -H 'Expect:' -H 'Transfer-Encoding: chunked' \
        -H 'Content-Type: application/octet-stream' --data-binary @- "$url" < "$WORK/push" | tr -d '\r')
  check "$(echo "$hdr" | awk 'NR==1 {print $2}')" 202 "streamed PATCH"
  url=$(echo "$hdr" | awk -F': ' 'tolower($1)=="location" {print $2}')
  case "$url" in http*) ;; *) url=$BERTH$url;; esac
  check "$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Length: 0' "$(with_digest "$url" "$1")")" 201 "commit"
  elapsed=$(calc "$(now) - $t")
}

declare -A RATES
push_once() { # workload round
  local digest
  digest=$(variant "$1-$2")
  sync
  case "$1" in
    plain) put_plain "$digest";;
    monolithic) push_monolithic "$digest";;
    streamed) push_streamed "$digest";;
  esac
  RATES[$1]+=" $(calc "$SIZE / 1048576 / $elapsed")"
  forget_stored
}
WORKLOADS=(plain monolithic streamed)
push_once monolithic 0; push_once streamed 0; push_once plain 0; RATES=()   # warm-up: JIT, connections
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS" >&2
  # rotate who goes first, so machine noise hits every workload alike
  for i in 0 1 2; do
    push_once "${WORKLOADS[$(((i + round) % 3))]}" "$round"
  done
done

# ---------------------------------------------------------------- report
PLAIN=$(median ${RATES[plain]})
printf '%-48s %10s %8s\n' "workload (${BIG_MIB} MiB, median of $ROUNDS)" "MiB/s" "ratio"
printf '%-48s %10.0f %8s\n' "plain PUT to the bucket (curl --aws-sigv4)" "$PLAIN" "1.00"
for w in monolithic streamed; do
  m=$(median ${RATES[$w]})
  case $w in
    monolithic) label="Berth: POST, PUT ?digest= with the body";;
    streamed) label="Berth: POST, one streamed PATCH, PUT ?digest=";;
  esac
  printf '%-48s %10.0f %8.2f\n' "$label" "$m" "$(calc "$m / $PLAIN")"
done
echo "rounds (MiB/s): plain${RATES[plain]}; monolithic${RATES[monolithic]}; streamed${RATES[streamed]}" >&2
