"""Prints bench/run.sh's results (workload, server, value lines) as one table of medians, ratios and targets.

Usage: table.py results.tsv 17 25   (the JDK majors Berth ran on). Servers are named <kind>-<store>:
dist-fs, berth17-fs, berth25-s3, and nginx (filesystem only, a ceiling for blob GET).
"""
import statistics
import sys
from collections import defaultdict

ROWS = [  # workload, label, higher is better, target on the filesystem (issue 16)
    ("push_mono_MiBps", "push 512 MiB blob, monolithic (MiB/s)", True, (">", 1.0)),
    ("push_chunked_MiBps", "push 512 MiB blob, 8 MiB PATCH chunks (MiB/s)", True, (">=", 1.0)),
    ("pull_MiBps", "pull 512 MiB blob (MiB/s)", True, (">=", 1.0)),
    ("pull_cpu_s_per_GiB", "server CPU per GiB, 512 MiB pull (s)", False, ("<=", 1.0)),
    ("pull_32x16MiB_MiBps", "32 concurrent pulls of 16 MiB (aggregate MiB/s)", True, (">", 1.0)),
    ("pushpull_peak_rss_MiB", "peak RSS, 512 MiB push (mono+chunked) and pull, round 1 (MiB)", False, ("MiB<", 128)),
    ("manifest_get_tag_rps", "manifest GET by tag, wrk -c64 (req/s)", True, (">=", 1.5)),
    ("manifest_get_tag_p99_ms", "manifest GET by tag, p99 (ms)", False, ("<=", 1.0)),
    ("manifest_head_digest_rps", "manifest HEAD by digest, hey -c64 (req/s)", True, (">=", 1.5)),
    ("manifest_head_digest_p99_ms", "manifest HEAD by digest, p99 (ms)", False, ("<=", 1.0)),
    ("manifest_peak_rss_MiB", "peak RSS under the 64-connection manifest load (MiB)", False, ("MiB<=", 160)),
    ("skopeo_push_s", "skopeo push of a five-layer image (s)", False, None),
    ("skopeo_pull_s", "skopeo pull of a five-layer image (s)", False, None),
    ("startup_s", "restart to first 200 on /v2/, filled store (s)", False, ("s<", 1.0)),
    ("startup_cpu_s", "CPU used by the first 200 on /v2/ (s)", False, None),
]


def number(text):
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):  # wrk latency, normalised to ms
            return float(text[: -len(unit)]) * factor
    return float(text)


values = defaultdict(list)
with open(sys.argv[1]) as f:
    for line in f:
        workload, server, value = line.rstrip("\n").split("\t")
        if value:
            values[(workload, server)].append(number(value))
jdks = sys.argv[2:]
stores = [s for s in ("fs", "s3") if any(server.endswith("-" + s) for _, server in values)]


def median(workload, server):
    v = values.get((workload, server))
    return statistics.median(v) if v else None


def fmt(x):
    if x is None:
        return "-"
    return f"{x:.0f}" if abs(x) >= 100 else f"{x:.2f}"


def met(target, berth, ratio):
    if target is None or berth is None:
        return "-"
    kind, bound = target
    checks = {">": lambda: ratio is not None and ratio > bound, ">=": lambda: ratio is not None and ratio >= bound,
              "<=": lambda: ratio is not None and ratio <= bound, "MiB<": lambda: berth < bound,
              "MiB<=": lambda: berth <= bound, "s<": lambda: berth < bound}
    return "yes" if checks[kind]() else "NO"


def describe(target):
    if target is None:
        return "-"
    kind, bound = target
    return {">": f"x Dist > {bound:g}", ">=": f"x Dist >= {bound:g}", "<=": f"x Dist <= {bound:g}",
            "MiB<": f"< {bound:g} MiB", "MiB<=": f"<= {bound:g} MiB", "s<": f"< {bound:g} s"}[kind]


header = ["store", "workload", "Distribution", "nginx"] + [f"Berth {j}" for j in jdks] \
    + [f"{j}/Dist" for j in jdks] + ["target"] + [f"met {j}" for j in jdks]
lines = []
for store in stores:
    for workload, label, higher, target in ROWS:
        d = median(workload, f"dist-{store}")
        n = median(workload, "nginx") if store == "fs" else None
        berths = [median(workload, f"berth{j}-{store}") for j in jdks]
        if d is None and all(b is None for b in berths):
            continue
        ratios = [b / d if b is not None and d else None for b in berths]
        row_target = target if store == "fs" else None
        lines.append([store, label, fmt(d), fmt(n)] + [fmt(b) for b in berths] + [fmt(r) for r in ratios]
                     + [describe(row_target)] + [met(row_target, b, r) for b, r in zip(berths, ratios)])
widths = [max(len(r[i]) for r in lines + [header]) for i in range(len(header))]
row = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
print(row(header))
print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
for r in lines:
    print(row(r))
