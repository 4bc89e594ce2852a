"""PyTorch reference for the nb201-step benchmark: one SGD training step of the NAS-Bench-201 network.

Written for Nao from the NAS-Bench-201 paper (Dong & Yang, ICLR 2020, section 2 and appendix), not from its code:
a 3x3 conv + BN stem; three stages of N cells with C, 2C and 4C channels, joined by a residual block (ReLU-conv3x3
stride 2-BN, ReLU-conv3x3-BN, and a shortcut of a 2x2 average pool then a 1x1 conv); BN, ReLU, global average pool
and a linear classifier. A cell has 4 nodes; node j is the sum of op(node i) over the 6 edges i < j; the ops are
none (zero), skip_connect, nor_conv_1x1 and nor_conv_3x3 (ReLU-conv-BN) and avg_pool_3x3 (stride 1, padding not
counted). A zero edge adds nothing, so it is skipped, as src/Nao.Torch/Networks/Nb201 does; a node that no edge
reaches is zeros. The network is the same as Nao's Nb201Network: both sides print the parameter count, and
--expect-parameters makes a mismatch an error.

Usage: nb201_step.py --arch '|nor_conv_3x3~0|+|...|' --cells 5 --channels 16 --batch 64 --warmup 3 --steps 10
       --threads 2 --format channels-last --onednn on --expect-parameters N
Prints key=value lines: parameters, start_rss_mb, ms_per_step, cpu_ms_per_step, images_per_second, peak_rss_mb.
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_step import peak_rss_mb, rss_mb

# Edge e of a cell goes from node SOURCES[e] to node TARGETS[e], in the order of the architecture string.
SOURCES = [0, 0, 1, 0, 1, 2]
TARGETS = [1, 2, 2, 3, 3, 3]


def parse_arch(text):
    """'|op~0|+|op~0|op~1|+|op~0|op~1|op~2|' -> six op names in edge order."""
    nodes = text.strip().split("+")
    assert len(nodes) == 3, f"an NB201 cell has 3 nodes, got {text}"
    ops = []
    for j, node in enumerate(nodes, start=1):
        items = node.strip().strip("|").split("|")
        assert len(items) == j, f"node {j} has {len(items)} inputs in {text}"
        for i, item in enumerate(items):
            op, source = item.split("~")
            assert int(source) == i, f"node {j}'s inputs must come in order 0..{j - 1}: {text}"
            ops.append(op)
    return ops


def relu_conv_bn(c_in, c_out, kernel, stride, padding):
    return nn.Sequential(nn.ReLU(), nn.Conv2d(c_in, c_out, kernel, stride, padding, bias=False), nn.BatchNorm2d(c_out))


def make_edge(op, c):
    if op == "skip_connect":
        return nn.Identity()
    if op == "nor_conv_1x1":
        return relu_conv_bn(c, c, 1, 1, 0)
    if op == "nor_conv_3x3":
        return relu_conv_bn(c, c, 3, 1, 1)
    if op == "avg_pool_3x3":
        return nn.AvgPool2d(3, 1, 1, count_include_pad=False)
    raise ValueError(f"unknown NB201 op {op}")


class Cell(nn.Module):
    def __init__(self, ops, c):
        super().__init__()
        self.edges = [e for e, op in enumerate(ops) if op != "none"]
        self.ops = nn.ModuleList(make_edge(ops[e], c) for e in self.edges)

    def forward(self, x):
        nodes = [x, None, None, None]
        for e, op in zip(self.edges, self.ops):
            source = nodes[SOURCES[e]] if nodes[SOURCES[e]] is not None else torch.zeros_like(x)
            out = op(source)
            target = TARGETS[e]
            nodes[target] = out if nodes[target] is None else nodes[target] + out
        return nodes[3] if nodes[3] is not None else torch.zeros_like(x)


class ResidualBlock(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.conv_a = relu_conv_bn(c_in, c_out, 3, 2, 1)
        self.conv_b = relu_conv_bn(c_out, c_out, 3, 1, 1)
        self.shortcut = nn.Sequential(nn.AvgPool2d(2, 2), nn.Conv2d(c_in, c_out, 1, bias=False))

    def forward(self, x):
        return self.shortcut(x) + self.conv_b(self.conv_a(x))


class Network(nn.Module):
    def __init__(self, ops, cells, channels, classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, channels, 3, padding=1, bias=False), nn.BatchNorm2d(channels))
        layers = []
        c = channels
        for stage in range(3):
            if stage > 0:
                layers.append(ResidualBlock(c, 2 * c))
                c *= 2
            layers.extend(Cell(ops, c) for _ in range(cells))
        self.layers = nn.Sequential(*layers)
        self.last = nn.BatchNorm2d(c)
        self.classifier = nn.Linear(c, classes)

    def forward(self, x):
        x = F.relu(self.last(self.layers(self.stem(x))))
        return self.classifier(F.adaptive_avg_pool2d(x, 1).flatten(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", default="|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|")
    parser.add_argument("--cells", type=int, default=5)
    parser.add_argument("--channels", type=int, default=16)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--format", choices=["channels-last", "nchw"], default="channels-last")
    parser.add_argument("--onednn", choices=["on", "off"], default="on")
    parser.add_argument("--expect-parameters", type=int, default=None)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.backends.mkldnn.enabled = args.onednn == "on"
    torch.manual_seed(0)
    model = Network(parse_arch(args.arch), args.cells, args.channels)
    model.train()
    parameters = sum(p.numel() for p in model.parameters())
    print(f"parameters={parameters}")
    if args.expect_parameters is not None and parameters != args.expect_parameters:
        raise SystemExit(f"parameter count {parameters} differs from the expected {args.expect_parameters}: not the same network")
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4, nesterov=True)
    images = torch.randn(args.batch, 3, 32, 32)
    labels = torch.randint(0, 10, (args.batch,))
    print(f"start_rss_mb={rss_mb():.0f}")

    def step():
        x = images.contiguous(memory_format=torch.channels_last) if args.format == "channels-last" else images
        loss = F.cross_entropy(model(x), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(args.warmup):
        step()
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(args.steps):
        step()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"ms_per_step={1000 * seconds / args.steps:.2f}")
    print(f"cpu_ms_per_step={1000 * cpu_seconds / args.steps:.2f}")
    print(f"images_per_second={args.batch * args.steps / seconds:.2f}")
    print(f"peak_rss_mb={peak_rss_mb():.0f}")


if __name__ == "__main__":
    main()
