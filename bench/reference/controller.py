"""PyTorch reference for the `controller` benchmark: the NAO controller of Nao (src/Nao.Torch/Controller) with the
same model, shapes, data and training step, timed per epoch.

usage: controller.py DATA.json THREADS [tuned|default]
DATA.json holds tokens [N, T], scores [N], the valid-token mask [T, V] and the number of nodes per cell, written by
the C# side so that both train on identical data. Prints `ready ...` once the model is built, then trains one epoch for
each line `epoch` read from stdin and answers `epoch_ms WALL CPU` (milliseconds of wall time and of the process's CPU
time), so that the C# side can alternate Nao's epochs with these; exits at end of input. `tuned` (the default) makes
the same allocator settings as Nao's TorchRuntime; `default` leaves glibc's, as a plain PyTorch script runs.
"""
import ctypes
import json
import random
import sys
import time

# The same allocator settings as Nao's TorchRuntime (shared/TORCHSHARP.md): no mmap for big blocks, no heap trimming.
# Before torch is imported, so that all of its allocations see them.
if (sys.argv[3] if len(sys.argv) > 3 else "tuned") == "tuned":
    try:
        libc = ctypes.CDLL("libc.so.6")
        if libc.mallopt(-1, 2**31 - 1) == 1:  # M_TRIM_THRESHOLD
            libc.mallopt(-4, 0)               # M_MMAP_MAX
    except OSError:
        pass

import torch
import torch.nn as nn
import torch.nn.functional as F

EMBEDDING, HIDDEN, PREDICTOR_LAYERS, PREDICTOR_WIDTH = 48, 96, 3, 200
BATCH, LR, WEIGHT_DECAY, CLIP, TRADE_OFF = 100, 1e-3, 1e-4, 5.0, 0.8
START = 0


class Encoder(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.embedding = nn.Embedding(vocab, EMBEDDING)
        self.lstm = nn.LSTM(EMBEDDING, HIDDEN, batch_first=True)

    def forward(self, tokens):
        outputs, _ = self.lstm(self.embedding(tokens))
        return F.normalize(outputs, dim=2)


def pool(outputs):
    return F.normalize(outputs.mean(1), dim=1)


class Predictor(nn.Module):
    def __init__(self):
        super().__init__()
        layers, size = [], HIDDEN
        for _ in range(PREDICTOR_LAYERS):
            layers += [nn.Linear(size, PREDICTOR_WIDTH), nn.ReLU()]
            size = PREDICTOR_WIDTH
        layers.append(nn.Linear(size, 1))
        self.layers = nn.Sequential(*layers)

    def forward(self, embedding):
        return self.layers(embedding).squeeze(-1).sigmoid()


class Decoder(nn.Module):
    def __init__(self, vocab, mask):
        super().__init__()
        self.embedding = nn.Embedding(vocab, EMBEDDING)
        self.lstm = nn.LSTM(EMBEDDING, HIDDEN, batch_first=True)
        self.combine = nn.Linear(2 * HIDDEN, HIDDEN)
        self.project = nn.Linear(HIDDEN, vocab)
        self.register_buffer("mask_bias", torch.where(mask, 0.0, float("-inf")))

    def forward(self, inputs, embedding, memory):
        state = embedding.unsqueeze(0)
        outputs, _ = self.lstm(self.embedding(inputs), (state, state))
        weights = outputs.bmm(memory.transpose(1, 2)).softmax(-1)
        context = weights.bmm(memory)
        logits = self.project(torch.tanh(self.combine(torch.cat([outputs, context], 2))))
        return logits + self.mask_bias


class Controller(nn.Module):
    def __init__(self, vocab, mask):
        super().__init__()
        self.encoder = Encoder(vocab)
        self.predictor = Predictor()
        self.decoder = Decoder(vocab, mask)

    def forward(self, tokens, inputs):
        outputs = self.encoder(tokens)
        embedding = pool(outputs)
        return self.predictor(embedding), self.decoder(inputs, embedding, outputs)


def augment(sequence, nodes, rng):
    """Branch swap of one random node per cell: [in, op, in, op] -> [in, op, in, op] of the other branch first."""
    result = list(sequence)
    for cell in range(2):
        p = cell * 4 * nodes + 4 * rng.randrange(nodes)
        result[p:p + 4] = result[p + 2:p + 4] + result[p:p + 2]
    return result


def epoch(model, sequences, targets, nodes, rng):
    # A fresh Adam per epoch, as the C# side runs one warm-started one-epoch fit per timed epoch.
    optimizer = torch.optim.Adam(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
    order = list(range(len(sequences)))
    rng.shuffle(order)
    vocab = model.decoder.project.out_features
    for start in range(0, len(order), BATCH):
        batch = [augment(sequences[i], nodes, rng) for i in order[start:start + BATCH]]
        tokens = torch.tensor(batch, dtype=torch.long)
        inputs = torch.tensor([[START] + s[:-1] for s in batch], dtype=torch.long)
        scores = torch.tensor([targets[i] for i in order[start:start + BATCH]], dtype=torch.float32)
        optimizer.zero_grad()
        predicted, logits = model(tokens, inputs)
        mse = F.mse_loss(predicted, scores)
        ce = F.cross_entropy(logits.reshape(-1, vocab), tokens.reshape(-1))
        loss = TRADE_OFF * mse + (1 - TRADE_OFF) * ce
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        optimizer.step()
        loss.item()


def main():
    path, threads = sys.argv[1], int(sys.argv[2])
    malloc = sys.argv[3] if len(sys.argv) > 3 else "tuned"
    if malloc not in ("tuned", "default"):
        raise SystemExit(f"controller.py: malloc must be tuned or default, got {malloc!r}")
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    data = json.load(open(path))
    sequences, scores, nodes = data["tokens"], data["scores"], data["nodes"]
    mask = torch.tensor(data["mask"], dtype=torch.bool)
    low, high = min(scores), max(scores)
    targets = [(s - low) / (high - low) for s in scores]
    model = Controller(mask.shape[1], mask)
    model.train()
    rng = random.Random(0)
    print(f"ready pytorch {torch.__version__}, {torch.get_num_threads()} threads, {malloc} malloc", flush=True)
    for line in sys.stdin:
        if line.strip() != "epoch":
            raise SystemExit(f"controller.py: unknown request {line.strip()!r}; expected 'epoch'")
        start, cpu = time.perf_counter(), time.process_time()
        epoch(model, sequences, targets, nodes, rng)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"epoch_ms {wall * 1000:.3f} {cpu * 1000:.3f}", flush=True)


if __name__ == "__main__":
    main()
