#!/usr/bin/env python3
"""Mean ± s.e. regret of finished run folders (nao compare's OUT/runs/STRATEGY-sSEED), at fixed budgets.

The pick at n evaluations is the trial with the best *score* among the first n (noisy with --noise); its regret is
the table's best value of the run's metric minus the pick's *true* value of that metric (the trial's metrics), as
nao compare computes it. Runs with fewer than n finished trials are left out of that budget (the count n says how
many seeds each cell holds). Usage: regret.py RUNS_DIR [RUNS_DIR…] [--budgets 50,100,200,500]
"""
import glob, gzip, json, math, os, sqlite3, sys, csv

TABLE = os.path.join(os.path.dirname(__file__), "../../src/Nao.Core/Benchmarks/Data/nas-bench-201.csv.gz")

def table_best():
    with gzip.open(TABLE, "rt") as f:
        rows = list(csv.DictReader(f))
    return {k: max(float(r[k]) for r in rows) for k in rows[0] if k != "arch_str"}

def picks(db, metric, budgets):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("select idx, status, score, metrics from trials order by idx").fetchall()
    out, best = {}, None
    for i, (idx, status, score, metrics) in enumerate(rows, 1):
        if status == "ok" and (best is None or score > best[0]):
            best = (score, json.loads(metrics)[metric])
        if i in budgets and best is not None:
            out[i] = best[1]
    return out

def main():
    args = sys.argv[1:]
    budgets = [50, 100, 200, 500]
    if "--budgets" in args:
        i = args.index("--budgets"); budgets = [int(b) for b in args[i + 1].split(",")]; del args[i:i + 2]
    best = table_best()
    results = {}
    for d in args:
        for run in sorted(glob.glob(os.path.join(d, "*-s*"))):
            opts = json.load(open(os.path.join(run, "options.json")))
            metric = opts["benchmark"]["metric"]
            label = opts["strategy"]
            if label == "nao" and opts["nao"]["initialPoolSize"] != 60: label += f" pool {opts['nao']['initialPoolSize']}"
            key = (label, metric, opts["benchmark"]["noiseStd"])
            for n, value in picks(os.path.join(run, "run.db"), metric, set(budgets)).items():
                results.setdefault(key, {}).setdefault(n, []).append((opts["seed"], best[metric] - value))
    for (strategy, metric, noise), by_n in sorted(results.items()):
        cells = []
        for n in budgets:
            v = [r for _, r in by_n.get(n, [])]
            if not v: cells.append(f"{n}: –"); continue
            m = sum(v) / len(v)
            se = math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - 1)) / math.sqrt(len(v)) if len(v) > 1 else float("nan")
            seeds = sorted(s for s, _ in by_n[n])
            cells.append(f"{n}: {m:.3f} ± {se:.3f} (n={len(v)}, seeds {seeds[0]}-{seeds[-1]})")
        print(f"{strategy:12} {metric:22} noise {noise}: " + "; ".join(cells))

if __name__ == "__main__":
    main()
