"""PyTorch reference for the cnn-step benchmark: one SGD training step of the NAONet cell network.

Written for Nao from DESIGN.md sections 2, 3 and 5 (not taken from the official NAO code): the same network as
src/Nao.Torch/Networks/CellNetwork.cs, so both sides print the same parameter count.

Usage: cnn_step.py --layers 2 --filters 16 --batch 64 --warmup 5 --steps 20 --threads 2 --format channels-last --onednn on
Prints key=value lines: parameters, start_rss_mb (before the first step), ms_per_step, cpu_ms_per_step (process CPU
time), images_per_second, peak_rss_mb. --onednn off runs PyTorch without oneDNN (mkldnn), as Nao runs libtorch.
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# NAONet from DESIGN.md section 5: per node (input, op), (input, op).
NAONET_NORMAL = [((0, "conv3x3"), (1, "avg5x5")), ((2, "conv1x3+3x1"), (1, "conv3x3")), ((0, "conv1x1"), (1, "conv3x3")),
                 ((0, "conv1x3+3x1"), (4, "conv3x3")), ((1, "identity"), (0, "conv3x3"))]
NAONET_REDUCTION = [((0, "conv3x3"), (1, "avg2x2")), ((0, "conv1x1"), (0, "avg3x3")), ((0, "conv1x7+7x1"), (1, "max2x2")),
                    ((0, "avg3x3"), (2, "conv1x1")), ((1, "max3x3"), (0, "conv3x3"))]


class ReluConvBn(nn.Sequential):
    def __init__(self, c_in, c_out, kernel, stride, padding):
        super().__init__(nn.ReLU(), nn.Conv2d(c_in, c_out, kernel, stride, padding, bias=False), nn.BatchNorm2d(c_out))


class FactorizedConv(nn.Sequential):
    """1xn then nx1, each ReLU-conv-BN, the stride split over the two."""

    def __init__(self, c, n, stride):
        super().__init__(ReluConvBn(c, c, (1, n), (1, stride), (0, n // 2)), ReluConvBn(c, c, (n, 1), (stride, 1), (n // 2, 0)))


class FactorizedReduction(nn.Module):
    def __init__(self, c_in, c_out, relu):
        super().__init__()
        self.relu = relu
        self.path1 = nn.Conv2d(c_in, c_out // 2, 1, 2, bias=False)
        self.path2 = nn.Conv2d(c_in, c_out - c_out // 2, 1, 2, bias=False)
        self.bn = nn.BatchNorm2d(c_out)

    def forward(self, x):
        if self.relu:
            x = F.relu(x)
        shifted = F.pad(x, (0, 1, 0, 1))[:, :, 1:, 1:]
        return self.bn(torch.cat([self.path1(x), self.path2(shifted)], 1))


class Pool(nn.Module):
    """Max or average pool; 2x2 pads right/bottom, padding never counts."""

    def __init__(self, kind, k, stride):
        super().__init__()
        self.kind, self.k, self.stride = kind, k, stride

    def forward(self, x):
        if self.k != 2:
            if self.kind == "max":
                return F.max_pool2d(x, self.k, self.stride, self.k // 2)
            return F.avg_pool2d(x, self.k, self.stride, self.k // 2, count_include_pad=False)
        h, w = x.shape[2], x.shape[3]
        if self.stride == 2 and h % 2 == 0 and w % 2 == 0:
            return F.max_pool2d(x, 2, 2) if self.kind == "max" else F.avg_pool2d(x, 2, 2)
        if self.kind == "max":
            return F.max_pool2d(F.pad(x, (0, 1, 0, 1), value=float("-inf")), 2, self.stride)
        sums = F.avg_pool2d(F.pad(x, (0, 1, 0, 1)), 2, self.stride)
        counts = F.avg_pool2d(F.pad(torch.ones(1, 1, h, w, dtype=x.dtype), (0, 1, 0, 1)), 2, self.stride)
        return sums / counts


def make_op(name, c, stride):
    if name == "identity":
        return nn.Identity() if stride == 1 else FactorizedReduction(c, c, relu=False)
    if name == "conv1x1":
        return ReluConvBn(c, c, 1, stride, 0)
    if name == "conv3x3":
        return ReluConvBn(c, c, 3, stride, 1)
    if name == "conv1x3+3x1":
        return FactorizedConv(c, 3, stride)
    if name == "conv1x7+7x1":
        return FactorizedConv(c, 7, stride)
    kind, k = name[:3], int(name[3])
    return Pool("max" if kind == "max" else "avg", k, stride)


class Cell(nn.Module):
    def __init__(self, nodes, reduction, c0, c0_larger, c1, c):
        super().__init__()
        if c0_larger:
            self.pre0 = FactorizedReduction(c0, c, relu=True)
        else:
            self.pre0 = ReluConvBn(c0, c, 1, 1, 0) if c0 != c else nn.Identity()
        self.pre1 = ReluConvBn(c1, c, 1, 1, 0) if c1 != c else nn.Identity()
        self.inputs = []
        self.ops = nn.ModuleList()
        for node in nodes:
            for index, op in node:
                self.ops.append(make_op(op, c, 2 if reduction and index < 2 else 1))
                self.inputs.append(index)
        used = set(self.inputs)
        self.loose = [k + 2 for k in range(len(nodes)) if k + 2 not in used]
        self.out_channels = c * len(self.loose)

    def forward(self, s0, s1):
        states = [self.pre0(s0), self.pre1(s1)]
        for b in range(0, len(self.ops), 2):
            states.append(self.ops[b](states[self.inputs[b]]) + self.ops[b + 1](states[self.inputs[b + 1]]))
        return torch.cat([states[i] for i in self.loose], 1)


class Network(nn.Module):
    def __init__(self, layers, filters, classes=10, stem_multiplier=3):
        super().__init__()
        stem = stem_multiplier * filters
        self.stem = nn.Sequential(nn.Conv2d(3, stem, 3, padding=1, bias=False), nn.BatchNorm2d(stem))
        self.cells = nn.ModuleList()
        reductions = {layers, 2 * layers + 1}
        c = filters
        prev, cur = (stem, False), (stem, False)
        for i in range(3 * layers + 2):
            reduction = i in reductions
            if reduction:
                c *= 2
            cell = Cell(NAONET_REDUCTION if reduction else NAONET_NORMAL, reduction, prev[0], cur[1], cur[0], c)
            self.cells.append(cell)
            prev, cur = cur, (cell.out_channels, reduction)
        self.classifier = nn.Linear(cur[0], classes)
        for p in self.parameters():
            if p.dim() >= 2:
                nn.init.kaiming_normal_(p)

    def forward(self, x):
        s0 = s1 = self.stem(x)
        for cell in self.cells:
            s0, s1 = s1, cell(s0, s1)
        return self.classifier(F.adaptive_avg_pool2d(s1, 1).flatten(1))


def status_mb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb():
    return status_mb("VmHWM")


def rss_mb():
    return status_mb("VmRSS")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--filters", type=int, default=16)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--format", choices=["channels-last", "nchw"], default="channels-last")
    parser.add_argument("--onednn", choices=["on", "off"], default="on")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.backends.mkldnn.enabled = args.onednn == "on"
    torch.manual_seed(0)
    model = Network(args.layers, args.filters)
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.024, momentum=0.9, weight_decay=5e-4)
    images = torch.randn(args.batch, 3, 32, 32)
    labels = torch.randint(0, 10, (args.batch,))
    print(f"parameters={sum(p.numel() for p in model.parameters())}")
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
