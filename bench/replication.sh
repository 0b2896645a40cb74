#!/usr/bin/env bash
# Replication benchmark: 200 images of five layers each pushed into one Berth, replicated to a
# second Berth by a push rule (POST /api/admin/replication/<rule>/run), first run and second run
# timed. Both registries run on 127.0.0.1 with their own temporary data folders.
#
# Knobs: BENCH_IMAGES (200), BENCH_LAYERS (5), BENCH_LAYER_KIB (256), BENCH_JAVA (java),
# BENCH_JAR (registry-api/target/berth.jar), BENCH_KEEP=1 keeps the temp folder.
set -euo pipefail

cd "$(dirname "$0")/.."
IMAGES=${BENCH_IMAGES:-200}
LAYERS=${BENCH_LAYERS:-5}
LAYER_KIB=${BENCH_LAYER_KIB:-256}
JAVA=${BENCH_JAVA:-java}
JAR=${BENCH_JAR:-registry-api/target/berth.jar}
[ -f "$JAR" ] || { echo "no $JAR: build it first (./mvnw -B -pl registry-api -am package -DskipTests)" >&2; exit 1; }

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await_ready() {
    for _ in $(seq 1 600); do
        curl -fs "http://127.0.0.1:$1/v2/" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "registry on port $1 did not start; see $WORK" >&2; exit 1
}

SITE_B=$(free_port)
"$JAVA" -jar "$JAR" --server.address=127.0.0.1 --server.port="$SITE_B" \
    --registry.storage.filesystem.root="$WORK/site-b" >"$WORK/site-b.log" 2>&1 &
PIDS+=($!)
SITE_A=$(free_port)
"$JAVA" -jar "$JAR" --server.address=127.0.0.1 --server.port="$SITE_A" \
    --registry.storage.filesystem.root="$WORK/site-a" \
    --registry.replication.rules[0].name=bench \
    --registry.replication.rules[0].direction=push \
    --registry.replication.rules[0].remote="http://127.0.0.1:$SITE_B" \
    --registry.replication.rules[0].repositories[0]='bench/**' \
    --registry.replication.rules[0].include-referrers=false >"$WORK/site-a.log" 2>&1 &
PIDS+=($!)
await_ready "$SITE_B"
await_ready "$SITE_A"

echo "pushing $IMAGES images x $LAYERS layers of $LAYER_KIB KiB into site A..."
python3 - "$SITE_A" "$IMAGES" "$LAYERS" "$LAYER_KIB" <<'PY'
import hashlib, http.client, json, os, sys
port, images, layers, kib = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", port)
def call(method, path, body=b"", headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse(); r.read()
    if r.status >= 300:
        sys.exit(f"{method} {path}: {r.status}")
    return r
def blob(repo, data):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    call("POST", f"/v2/{repo}/blobs/uploads/?digest={digest}", data, {"Content-Type": "application/octet-stream"})
    return {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest, "size": len(data)}
for i in range(images):
    repo = f"bench/app{i % 20}"
    ls = [blob(repo, os.urandom(kib * 1024)) for _ in range(layers)]
    config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": [l["digest"] for l in ls]}}).encode()
    c = blob(repo, config); c["mediaType"] = "application/vnd.oci.image.config.v1+json"
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": c, "layers": ls}).encode()
    call("PUT", f"/v2/{repo}/manifests/v{i}", manifest, {"Content-Type": "application/vnd.oci.image.manifest.v1+json"})
PY

run() {
    local start end
    start=$(date +%s.%N)
    curl -fsS -X POST "http://127.0.0.1:$SITE_A/api/admin/replication/bench/run" >"$WORK/$1.json"
    end=$(date +%s.%N)
    python3 - "$WORK/$1.json" "$1" "$start" "$end" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
seconds = float(sys.argv[4]) - float(sys.argv[3])
print(f"{sys.argv[2]}: {seconds:.1f} s, {r['copied']} copied, {r['unchanged']} unchanged, "
      f"{r['bytes'] / 1048576:.1f} MiB sent, {len(r['failures'])} failed")
PY
}
run first-run
run second-run
