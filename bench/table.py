"""Prints bench/run.sh's results (workload, server, value lines) as one table of medians and ratios."""
import statistics
import sys
from collections import defaultdict

ROWS = [  # workload, label, higher is better
    ("push_mono_MiBps", "push big blob, monolithic (MiB/s)", True),
    ("push_chunked_MiBps", "push big blob, 8 MiB PATCH chunks (MiB/s)", True),
    ("push_peak_rss_MiB", "peak RSS during pushes (MiB)", False),
    ("pull_MiBps", "pull big blob (MiB/s)", True),
    ("pull_32x16MiB_MiBps", "32 concurrent pulls of 16 MiB (aggregate MiB/s)", True),
    ("pull_cpu_s_per_GiB", "server CPU per GiB pulled (s)", False),
    ("pull_peak_rss_MiB", "peak RSS during big pull (MiB)", False),
    ("manifest_get_tag_rps", "manifest GET by tag, wrk -c64 (req/s)", True),
    ("manifest_get_tag_p99_ms", "manifest GET by tag, p99 (ms)", False),
    ("manifest_head_digest_rps", "manifest HEAD by digest, hey -c64 (req/s)", True),
    ("manifest_head_digest_p99_ms", "manifest HEAD by digest, p99 (ms)", False),
    ("startup_s", "process start to first 200 on /v2/ (s)", False),
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


def median(workload, server):
    v = values.get((workload, server))
    return statistics.median(v) if v else None


def fmt(x):
    if x is None:
        return "-"
    return f"{x:.0f}" if abs(x) >= 100 else f"{x:.2f}"


header = ("workload", "Berth", "Distribution", "nginx", "Berth/Dist", "Berth/nginx", "Berth better?")
lines = []
for workload, label, higher in ROWS:
    b, d, n = (median(workload, s) for s in ("berth", "dist", "nginx"))
    rd = b / d if b is not None and d else None
    rn = b / n if b is not None and n else None
    better = "-" if rd is None else ("yes" if (rd > 1) == higher and rd != 1 else "no")
    lines.append((label, fmt(b), fmt(d), fmt(n), fmt(rd), fmt(rn), better))
widths = [max(len(r[i]) for r in lines + [header]) for i in range(len(header))]
row = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
print(row(header))
print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
for r in lines:
    print(row(r))
