"""PyTorch reference for the rnn-lm benchmark: trains the NAO-RNN language model (ENAS/DARTS cell, tied softmax,
variational dropout, TAR) on random PTB-sized token batches and prints tokens/s.

Written for this project from the equations in DESIGN.md section 2 (not taken from the NAO code). Two formulations:
  darts  the per-step form of the DARTS/NAO reference code: cat([x_t, h]) @ W0 at every step, one matrix product per node,
         s_prev + c * (f(h) - s_prev);
  fused  the form Nao uses: x @ W0x for all steps at once, addmm for the h part, one product per distinct predecessor
         input mask, torch.lerp for the highway update.
Usage: rnn_lm.py --hidden 300 --batch 64 --bptt 35 --vocab 10000 --warmup 3 --steps 20 --threads 2 --form darts
Prints one line: "tokens_per_second <v> ms_per_step <v> tokens_per_cpu_second <v> cpu_ms_per_step <v>" (process CPU time,
all threads, which a busy machine disturbs less than wall-clock time).
"""
import argparse
import ctypes
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

NAO_RNN = [(0, "relu"), (0, "relu"), (1, "relu"), (3, "tanh"), (4, "relu"), (4, "relu"),
           (5, "relu"), (1, "relu"), (7, "relu"), (1, "relu"), (1, "identity")]
ACT = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid, "identity": lambda v: v}


def mask(shape, p, like):
    return like.new_empty(shape).bernoulli_(1 - p).div_(1 - p)


class Cell(nn.Module):
    def __init__(self, nodes, size, pdx, pdh, form, init=0.04):
        super().__init__()
        self.nodes, self.size, self.pdx, self.pdh, self.form = nodes, size, pdx, pdh, form
        self.w_x = nn.Parameter(torch.empty(size, 2 * size).uniform_(-init, init))
        self.w_h = nn.Parameter(torch.empty(size, 2 * size).uniform_(-init, init))
        self.w = nn.ParameterList([nn.Parameter(torch.empty(size, 2 * size).uniform_(-init, init)) for _ in nodes])

    def forward(self, x, h):
        steps, batch = x.size(0), x.size(1)
        xm = mask((batch, self.size), self.pdx, x) if self.training else None
        hm = mask((batch, self.size), self.pdh, x) if self.training else None
        outs = []
        if self.form == "fused":
            xx = x * xm if xm is not None else x
            xp = xx.reshape(steps * batch, -1).mm(self.w_x).view(steps, batch, -1)
        w0 = torch.cat([self.w_x, self.w_h], 0) if self.form == "darts" else None
        for t in range(steps):
            hin = h * hm if hm is not None else h
            if self.form == "darts":
                xt = x[t] * xm if xm is not None else x[t]
                c, hh = torch.split(torch.cat([xt, hin], -1).mm(w0), self.size, -1)
                c = c.sigmoid()
                states = [h + c * (hh.tanh() - h)]
            else:
                c, hh = torch.addmm(xp[t], hin, self.w_h).chunk(2, 1)
                states = [torch.lerp(h, hh.tanh(), c.sigmoid())]
            masked = {}
            for i, (pred, act) in enumerate(self.nodes):
                s = states[pred]
                if self.form == "darts":
                    sin = s * hm if hm is not None else s
                    c, hh = torch.split(sin.mm(self.w[i]), self.size, -1)
                    c = c.sigmoid()
                    states.append(s + c * (ACT[act](hh) - s))
                else:
                    if hm is not None and pred not in masked:
                        masked[pred] = s * hm
                    sin = masked[pred] if hm is not None else s
                    c, hh = sin.mm(self.w[i]).chunk(2, 1)
                    states.append(torch.lerp(s, ACT[act](hh), c.sigmoid()))
            h = torch.stack(states[1:], 0).mean(0)
            outs.append(h)
        return torch.stack(outs, 0)


class LanguageModel(nn.Module):
    def __init__(self, vocab, size, form, pe=0.1, pi=0.2, px=0.75, ph=0.25, po=0.75, init=0.04):
        super().__init__()
        self.size, self.vocab, self.pe, self.pi, self.po = size, vocab, pe, pi, po
        self.embedding = nn.Parameter(torch.empty(vocab, size).uniform_(-init, init))
        self.bias = nn.Parameter(torch.zeros(vocab))
        self.cell = Cell(NAO_RNN, size, px, ph, form, init)

    def forward(self, tokens, h):
        steps, batch = tokens.shape
        table = self.embedding * mask((self.vocab, 1), self.pe, self.embedding) if self.training else self.embedding
        emb = F.embedding(tokens, table)
        if self.training:
            emb = emb * mask((batch, self.size), self.pi, emb)
        raw = self.cell(emb, h)
        dropped = raw * mask((batch, self.size), self.po, raw) if self.training else raw
        logits = F.linear(dropped.reshape(steps * batch, self.size), self.embedding, self.bias)
        return logits, raw[-1], raw


def tune_allocator():
    """The same glibc settings Nao's TorchRuntime.Initialize applies (shared/TORCHSHARP.md): no mmap, no trimming."""
    libc = ctypes.CDLL("libc.so.6")
    if libc.mallopt(-1, 2**31 - 1) == 1:  # M_TRIM_THRESHOLD
        libc.mallopt(-4, 0)  # M_MMAP_MAX


def main():
    tune_allocator()
    ap = argparse.ArgumentParser()
    ap.add_argument("--hidden", type=int, default=300)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--bptt", type=int, default=35)
    ap.add_argument("--vocab", type=int, default=10000)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--form", choices=["darts", "fused"], default="darts")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    model = LanguageModel(a.vocab, a.hidden, a.form)
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=20.0, weight_decay=8e-7)
    hidden = torch.zeros(a.batch, a.hidden)

    def run(n):
        nonlocal hidden
        start = time.perf_counter()
        cpu = time.process_time()
        for _ in range(n):
            data = torch.randint(0, a.vocab, (a.bptt + 1, a.batch))
            x, y = data[:-1], data[1:]
            opt.zero_grad()
            logits, last, raw = model(x, hidden)
            loss = F.cross_entropy(logits, y.reshape(-1)) + 1e-3 * (raw[1:] - raw[:-1]).pow(2).mean()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 0.25)
            opt.step()
            hidden = last.detach()
        return time.perf_counter() - start, time.process_time() - cpu

    run(a.warmup)
    seconds, cpu_seconds = run(a.steps)
    tokens = a.steps * a.bptt * a.batch
    print(f"tokens_per_second {tokens / seconds:.1f} ms_per_step {1000 * seconds / a.steps:.1f} "
          f"tokens_per_cpu_second {tokens / cpu_seconds:.1f} cpu_ms_per_step {1000 * cpu_seconds / a.steps:.1f}")


if __name__ == "__main__":
    main()
