"""Prints bench/large-store.sh's results (driver, key, label, target, value, first-request lines) as one table:
figure, target, measured, met/missed. Every target is an upper bound; "-" means no target (a
figure to read, such as the generator's speed)."""
import sys


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def shown(text):
    v = number(text)
    if v is None:
        return text or "-"
    return f"{v:.0f}" if abs(v) >= 100 or v == int(v) else f"{v:.2f}"


def verdict(target, value):
    t, v = number(target), number(value)
    if t is None:
        return "-"
    if v is None:
        return "-" if value.startswith("n/a") else "missed"
    return "met" if v <= t else "missed"


rows = []
with open(sys.argv[1]) as f:
    for line in f:
        driver, _key, label, target, value, first = line.rstrip("\n").split("\t")
        rows.append((driver, label, target, shown(value), shown(first), verdict(target, value)))
header = ("driver", "figure", "target (at most)", "measured (median)", "first request", "met?")
widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
fmt = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
print(fmt(header))
print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
for r in rows:
    print(fmt(r))
