#!/usr/bin/env python3
"""A trial script for Nao's command evaluator (docs/command-evaluator.md): trains the small CNN that one architecture
describes and prints its dev accuracy.

The trial JSON arrives on stdin. Its "decisions" name each choice: layerN.width / layerN.kernel / layerN.down for
samples/python/space.yaml, or layerN.op / layerN.kernel / layerN.width for samples/spaces/chain.yaml (both work).

Data: Fashion-MNIST when FASHION_MNIST (or --data DIR) names a folder of its IDX files (plain or .gz), else a small
synthetic task (the class is which image quadrant is bright), so the sample runs anywhere torch does.

Output: {"epoch": E, "score": ...} after each epoch (the learning curve), then the final {"score": ..., ...}.
Options: --epochs N (default 3), --train N images (default 2000), --dev N images (default 500).
"""
import argparse
import gzip
import json
import os
import struct
import sys

try:
    import torch
    from torch import nn
except ImportError:
    print("train.py needs PyTorch: `apt install python3-torch` on Debian, or `pip install torch`. "
          "Without torch, use samples/python/score_without_torch.py.", file=sys.stderr)
    sys.exit(3)


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        magic, = struct.unpack(">I", f.read(4))
        dims = struct.unpack(">" + "I" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        data = torch.frombuffer(bytearray(f.read()), dtype=torch.uint8)
    return data.reshape(dims)


def fashion_mnist(folder, count):
    def find(stem):
        for name in (stem, stem + ".gz"):
            if os.path.exists(os.path.join(folder, name)):
                return os.path.join(folder, name)
        sys.exit(f"error: {folder} has no {stem}[.gz]; pass the folder of the Fashion-MNIST IDX files")
    images = read_idx(find("train-images-idx3-ubyte"))[:count].float().div(255).sub(0.286).div(0.353).unsqueeze(1)
    labels = read_idx(find("train-labels-idx1-ubyte"))[:count].long()
    return images, labels


def synthetic(count, generator):
    # Four classes: the bright quadrant of a noisy 16x16 image. Learnable in a few epochs, harder with kernel 1.
    labels = torch.randint(0, 4, (count,), generator=generator)
    images = torch.randn(count, 1, 16, 16, generator=generator) * 0.8
    for c in range(4):
        rows, cols = (c // 2) * 8, (c % 2) * 8
        images[labels == c, :, rows:rows + 8, cols:cols + 8] += 1.0
    return images, labels


def layers_of(decisions):
    """(width, kernel, downsample) per layer, from either space's decision names."""
    layers = []
    n = 0
    while f"layer{n}.kernel" in decisions:
        d = lambda name: decisions[f"layer{n}.{name}"]
        if f"layer{n}.op" in decisions:  # chain.yaml: width is a multiplier of 16; identity keeps the input
            op = d("op")
            width = max(4, int(16 * float(d("width")))) if op != "identity" else None
            layers.append((op, width, int(d("kernel")), False))
        else:
            layers.append(("conv", int(d("width")), int(d("kernel")), d("down") == "pool"))
        n += 1
    if not layers:
        sys.exit(f"error: no layerN.kernel decisions in {sorted(decisions)}; use samples/python/space.yaml or samples/spaces/chain.yaml")
    return layers


def build(decisions, classes):
    modules, channels = [], 1
    for op, width, kernel, down in layers_of(decisions):
        if op == "identity":
            continue
        if op == "sep_conv":
            modules += [nn.Conv2d(channels, channels, kernel, padding=kernel // 2, groups=channels), nn.Conv2d(channels, width, 1)]
        elif op == "dil_conv":
            modules.append(nn.Conv2d(channels, width, kernel, padding=kernel - 1, dilation=2))
        else:
            modules.append(nn.Conv2d(channels, width, kernel, padding=kernel // 2))
        modules += [nn.BatchNorm2d(width), nn.ReLU()]
        if down:
            modules.append(nn.MaxPool2d(2))
        channels = width
    modules += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels, classes)]
    return nn.Sequential(*modules)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.environ.get("FASHION_MNIST"), help="folder of the Fashion-MNIST IDX files")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--train", type=int, default=2000)
    parser.add_argument("--dev", type=int, default=500)
    args = parser.parse_args()

    trial = json.load(sys.stdin)
    torch.manual_seed(trial.get("seed", 0))
    torch.set_num_threads(1)  # parallel trials each get a core
    generator = torch.Generator().manual_seed(trial.get("seed", 0))
    if args.data:
        images, labels = fashion_mnist(args.data, args.train + args.dev)
        classes = 10
    else:
        images, labels = synthetic(args.train + args.dev, generator)
        classes = 4
    x_train, y_train = images[:args.train], labels[:args.train]
    x_dev, y_dev = images[args.train:], labels[args.train:]

    model = build(trial["decisions"], classes)
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    accuracy, loss = 0.0, float("nan")
    for epoch in range(1, args.epochs + 1):
        model.train()
        for batch in torch.randperm(len(x_train), generator=generator).split(64):
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(x_train[batch]), y_train[batch])
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            accuracy = (model(x_dev).argmax(1) == y_dev).float().mean().item()
        print(json.dumps({"epoch": epoch, "score": accuracy, "loss": loss.item()}), flush=True)

    parameters = sum(p.numel() for p in model.parameters())
    print(json.dumps({"score": accuracy, "parameters": parameters}))


if __name__ == "__main__":
    main()
