"""PyTorch side of `cnn-step --ops`: CPU time of forward + backward of single ops of the NAONet cell network.

Each op runs on a fresh channels-last input [64, C, H, W] (its creation is timed too, on both sides: see the
'input only' row). Prints 'name=ms' lines, the process CPU milliseconds per iteration.
Usage: cnn_ops.py --iterations 20 --threads 1 --onednn on (off: without oneDNN, as Nao runs libtorch)
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--onednn", choices=["on", "off"], default="on")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.backends.mkldnn.enabled = args.onednn == "on"
    torch.manual_seed(0)

    def cl(c, h):
        return lambda: torch.randn(64, c, h, h).contiguous(memory_format=torch.channels_last)

    conv3 = nn.Conv2d(16, 16, 3, padding=1, bias=False)
    conv1 = nn.Conv2d(48, 16, 1, bias=False)
    conv17 = nn.Conv2d(32, 32, (1, 7), (1, 2), (0, 3), bias=False)
    conv1s2 = nn.Conv2d(32, 32, 1, 2, bias=False)
    conv3s2 = nn.Conv2d(32, 32, 3, 2, 1, bias=False)
    bn = nn.BatchNorm2d(16)
    cases = [
        ("input only", cl(16, 32), lambda x: x * 1.0),
        ("conv3x3 16ch 32x32", cl(16, 32), conv3),
        ("conv1x1 48->16ch 32x32", cl(48, 32), conv1),
        ("conv1x1 stride2 32ch 32x32", cl(32, 32), conv1s2),
        ("conv3x3 stride2 32ch 32x32", cl(32, 32), conv3s2),
        ("conv1x7 stride(1,2) 32ch 16x16", cl(32, 16), conv17),
        ("batchnorm 16ch 32x32", cl(16, 32), bn),
        ("relu 16ch 32x32", cl(16, 32), F.relu),
        ("avgpool5 direct 16ch 32x32", cl(16, 32), lambda x: F.avg_pool2d(x, 5, 1, 2, count_include_pad=False)),
        ("maxpool3 stride2 32ch 16x16", cl(32, 16), lambda x: F.max_pool2d(x, 3, 2, 1)),
        ("cat 3x16ch 32x32", cl(16, 32), lambda x: torch.cat([x, x, x], 1)),
        ("add 16ch 32x32", cl(16, 32), lambda x: x + x),
    ]
    for name, make, op in cases:
        def measure():
            start = time.process_time()
            for _ in range(args.iterations):
                x = make().requires_grad_(True)
                op(x).sum().backward()
            return 1000 * (time.process_time() - start) / args.iterations
        measure()
        print(f"{name}={measure():.2f}")


if __name__ == "__main__":
    main()
