#!/usr/bin/env python3
"""Regret versus cost of NAS-Bench-201 runs with and without a multi-fidelity scheduler.

Usage: regret_vs_cost.py RUNS_DIR   (run folders named METHOD-sSEED, e.g. plain-s0, sh-s0, hb-s0)

After the table it states the issue's two goals on the seeds all three methods share: (1) the least cost at which
NAO + successive halving's mean regret reaches plain NAO's mean regret at cost 200 (goal: at most 80, 40%), and
(2) NAO + successive halving against Hyperband-random at equal costs (mean difference and Welch's t).

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


def mean_se(values):
    mean = sum(values) / len(values)
    se = (sum((v - mean) ** 2 for v in values) / (len(values) - 1)) ** 0.5 / len(values) ** 0.5 if len(values) > 1 else math.nan
    return mean, se

if {"plain", "sh", "hb"} <= set(runs):
    seeds = sorted(set(runs["plain"]) & set(runs["sh"]) & set(runs["hb"]))
    print(f"\nGoals on the {len(seeds)} seeds all three methods ran: {seeds}")
    target = [at(runs["plain"][s], 200) for s in seeds]
    if all(v is not None and not math.isnan(v) for v in target):
        t_mean, t_se = mean_se(target)
        print(f"(1) plain NAO's mean regret at cost 200: {t_mean:.4f} ± {t_se:.4f}")
        reached = None
        for c in range(1, 201):
            values = [at(runs["sh"][s], c) for s in seeds]
            if any(v is None for v in values):
                break
            values = [v for v in values if not math.isnan(v)]
            if len(values) == len(seeds) and mean_se(values)[0] <= t_mean + 1e-12:
                reached = c
                break
        last = min(runs["sh"][s][-1][0] for s in seeds)
        sh80 = [at(runs["sh"][s], 80) for s in seeds]
        if all(v is not None for v in sh80):
            m, se = mean_se(sh80)
            print(f"    NAO + successive halving's mean regret at cost 80 (40%): {m:.4f} ± {se:.4f}")
        print(f"    NAO + successive halving reaches it at cost {reached}" if reached else
              f"    NAO + successive halving does not reach it within the cost its runs spent (at least {last:.1f} in every seed)")
        print(f"    goal (1): {'reached' if reached is not None and reached <= 80 else 'missed'}")
    print("(2) NAO + successive halving minus Hyperband-random, mean regret at equal cost (negative: NAO + SH better):")
    for c in GRID:
        a = [at(runs["sh"][s], c) for s in seeds]
        b = [at(runs["hb"][s], c) for s in seeds]
        if any(v is None or math.isnan(v) for v in a + b):
            continue
        (ma, sa), (mb, sb) = mean_se(a), mean_se(b)
        t = (ma - mb) / math.hypot(sa, sb) if len(seeds) > 1 and math.hypot(sa, sb) > 0 else math.nan
        print(f"    cost {c}: {ma:.3f} vs {mb:.3f}, difference {ma - mb:+.3f}, Welch t {t:.2f}")
