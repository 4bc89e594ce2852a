#!/usr/bin/env python3
"""Why a weight-sharing search on nb201 ranks as it does, read off its run folders (issue 16's tau study).

For each run folder (a `nao search --space nb201 --evaluator weight-sharing` run), takes every scored architecture's
last shared-weight score and its table accuracy (recorded beside the score) and prints:
  - Kendall's tau-b between score and table (the report's "all scored" figure, recomputed as a check);
  - tau-b between score and the number of convolution edges (nor_conv_1x1, nor_conv_3x3), and between table and
    that number: if the supernet's scores fall with the convolutions while the table's rise, the supernet favours
    the parameter-free ops that fit fast, which is the bias the README describes;
  - the mean of tau-b within groups of equal convolution count (groups of at least 5): does the supernet rank
    architectures of the same size, with that bias taken out?
With two or more folders, also tau-b between the scores of each folder and the first one's over the architectures
both scored: how much of a ranking is noise of the dev batches and training rather than the change studied.

usage: bench/nb201-ws/bias.py RUN [RUN...]   (standard library only)
"""
import json
import sqlite3
import sys
from collections import defaultdict

CONVS = ("nor_conv_1x1", "nor_conv_3x3")


def kendall_tau_b(xs, ys):
    """Kendall's tau-b (ties in either variable corrected), O(n^2): a few hundred points."""
    concordant = discordant = ties_x = ties_y = 0
    n = len(xs)
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = xs[i] - xs[j], ys[i] - ys[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    denominator = ((concordant + discordant + ties_x) * (concordant + discordant + ties_y)) ** 0.5
    return (concordant - discordant) / denominator if denominator else float("nan")


def load(run):
    """{architecture: (last score, table accuracy)} of a run folder."""
    db = sqlite3.connect(f"file:{run}/run.db?mode=ro", uri=True)
    last = {}
    for architecture, score, metrics in db.execute(
            "select architecture, score, metrics from trials where score is not null order by idx"):
        truth = json.loads(metrics).get("table_c10valid_val200_mean")
        if truth is not None:
            last[architecture] = (score, truth)
    return last


def convs(architecture):
    return sum(architecture.count(op) for op in CONVS)


def main(runs):
    first = None
    for run in runs:
        data = load(run)
        archs = sorted(data)
        score = [data[a][0] for a in archs]
        table = [data[a][1] for a in archs]
        conv = [convs(a) for a in archs]
        groups = defaultdict(list)
        for a in archs:
            groups[convs(a)].append(a)
        within = [kendall_tau_b([data[a][0] for a in g], [data[a][1] for a in g]) for g in groups.values() if len(g) >= 5]
        within = [t for t in within if t == t]
        print(f"{run}: {len(archs)} architectures | tau(score, table) {kendall_tau_b(score, table):+.3f}"
              f" | tau(score, convs) {kendall_tau_b(score, conv):+.3f} | tau(table, convs) {kendall_tau_b(table, conv):+.3f}"
              f" | mean tau within equal conv counts {sum(within) / len(within):+.3f} ({len(within)} groups)")
        if first is None:
            first = (run, data)
        else:
            common = sorted(set(first[1]) & set(data))
            if common:
                t = kendall_tau_b([first[1][a][0] for a in common], [data[a][0] for a in common])
                print(f"  tau(scores of {first[0]}, scores of {run}) over the {len(common)} both scored: {t:+.3f}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
