#!/usr/bin/env python3
"""A strategy's time per round (fit and proposals), from run folders: the gap between the last trial of a round
finishing and the first trial of the next starting. Usage: round_time.py RUN_FOLDER [RUN_FOLDER…]"""
import datetime, sqlite3, sys

def parse(t):
    return datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))

gaps = []
for run in sys.argv[1:]:
    con = sqlite3.connect(f"file:{run}/run.db?mode=ro", uri=True)
    rows = con.execute("select round, started, finished from trials order by idx").fetchall()
    for prev, cur in zip(rows, rows[1:]):
        if cur[0] != prev[0] and cur[0] > 0:
            gaps.append((parse(cur[1]) - parse(prev[2])).total_seconds())
gaps.sort()
print(f"{len(gaps)} rounds in {len(sys.argv) - 1} runs: mean {sum(gaps) / len(gaps):.2f} s, median {gaps[len(gaps) // 2]:.2f} s, max {gaps[-1]:.2f} s")
