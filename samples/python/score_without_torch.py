#!/usr/bin/env python3
"""A stand-in for train.py on machines without PyTorch: the same protocol (trial JSON on stdin, {"epoch", "score"}
lines, then the final {"score": ...}), with a deterministic pseudo-score computed from the decisions and a short
sleep in place of training. Use it to try the command evaluator, a cluster or a resume without a GPU or torch.

It favours wide layers with kernel 3, so a search has something to find: with samples/python/space.yaml the best
architecture is 32/k3/... in every layer.
"""
import hashlib
import json
import sys
import time

trial = json.load(sys.stdin)
decisions = trial["decisions"]

quality = 0.0
for name, value in decisions.items():
    if name.endswith(".kernel"):
        quality += 1.0 if value == "3" else 0.5
    elif name.endswith(".width"):
        quality += {"8": 0.3, "16": 0.6, "32": 1.0, "0.5": 0.3, "1": 0.6, "2": 1.0}.get(value, 0.5)
    elif name.endswith(".op"):
        quality += 0.2 if value == "identity" else 0.8
quality /= max(1, sum(1 for n in decisions if n.endswith((".kernel", ".width", ".op"))))

# A little noise that depends only on the architecture, as if training were seeded by it.
digest = hashlib.sha256(trial["architecture"].encode()).digest()
noise = (digest[0] / 255 - 0.5) * 0.02

epochs = 3
for epoch in range(1, epochs + 1):
    time.sleep(0.05)
    print(json.dumps({"epoch": epoch, "score": round(quality * (0.6 + 0.4 * epoch / epochs) + noise, 6)}), flush=True)
print(json.dumps({"score": round(quality + noise, 6), "decisions": len(decisions)}))
