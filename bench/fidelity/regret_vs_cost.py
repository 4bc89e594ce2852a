#!/usr/bin/env python3
"""Regret versus cost of NAS-Bench-201 runs with and without a multi-fidelity scheduler.

Usage: regret_vs_cost.py RUNS_DIR   (run folders named METHOD-sSEED, e.g. plain-s0, sh-s0, hb-s0)

A trial's cost is its fidelity / 200 (a trial without a fidelity costs 1); the regret after a cost C is the table's
best c10valid_val200_mean (91.607) minus the best 200-epoch score among the trials that fit in C.
"""
import json, math, os, sqlite3, sys
from collections import defaultdict

BEST = 91.607
GRID = [10, 20, 40, 60, 80, 100, 120, 150, 200]

def curve(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT idx, status, score, record FROM trials ORDER BY idx").fetchall()
    cost, best, points = 0.0, -math.inf, []
    for _, status, score, record in rows:
        fidelity = json.loads(record or "{}").get("fidelity", 200)
        cost += fidelity / 200
        if status == "ok" and fidelity == 200 and score is not None:
            best = max(best, score)
        points.append((cost, BEST - best if best > -math.inf else math.nan))
    return points

def at(points, c):
    """Regret after spending at most c; None when the run did not get that far."""
    if not points or points[-1][0] < c - 1e-9:
        return None
    value = math.nan
    for cost, regret in points:
        if cost > c + 1e-9:
            break
        value = regret
    return value

runs = defaultdict(dict)
for name in sorted(os.listdir(sys.argv[1])):
    db = os.path.join(sys.argv[1], name, "run.db")
    method, _, seed = name.rpartition("-s")
    if os.path.exists(db):
        runs[method][int(seed)] = curve(db)

print("| method | seeds | " + " | ".join(f"cost {c}" for c in GRID) + " |")
print("|---|---:|" + "---:|" * len(GRID))
for method, seeds in runs.items():
    cells = []
    for c in GRID:
        values = [v for v in (at(p, c) for p in seeds.values()) if v is not None and not math.isnan(v)]
        if not values:
            cells.append("–")
            continue
        mean = sum(values) / len(values)
        se = (sum((v - mean) ** 2 for v in values) / (len(values) - 1)) ** 0.5 / len(values) ** 0.5 if len(values) > 1 else math.nan
        cells.append(f"{mean:.3f} ± {se:.3f} (n={len(values)})")
    print(f"| {method} | {len(seeds)} | " + " | ".join(cells) + " |")
