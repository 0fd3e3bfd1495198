#!/usr/bin/env python3
"""PyTorch reference for learnopt's benchmark workloads (see bench/README.md).

Each workload is timed like `./learnopt bench` times it: warm-up repetitions, then timed
repetitions with time.perf_counter; one JSON line per workload on stdout with the median and
minimum wall time of a repetition. Progress and notes go to stderr.

    /usr/bin/python3 bench/torch_reference.py [--workload NAME] [--threads N] [--reps R]
                                              [--warmup W] [--seed S] [--check]
    /usr/bin/python3 bench/torch_reference.py --blas-check [--threads N] [--min-gflops G]

PyTorch is not a dependency of learnopt; this script needs Debian's python3-torch (1.13).
"""

import argparse
import gc
import gzip
import json
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import time

WORKLOADS = ["quad-meta", "mnist-meta", "mnist-apply", "mnist-apply-adam", "conv-apply",
             "conv-apply-adam", "lstm-scale"]
LSTM_SCALE_COORDS = [1_000, 10_000, 100_000, 1_000_000]
UNROLL = 20  # optimizee steps per meta-training unroll
HORIZON = 100  # optimizee steps before the tasks (or the MNIST net) are started afresh
HIDDEN = 20
LOG_SIGN_P = 10.0
BATCH = 128


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workload", choices=WORKLOADS, help="run only this workload (default: all)")
    ap.add_argument("--threads", type=int, default=1, help="intra-op threads (default 1)")
    ap.add_argument("--reps", type=int, default=None,
                    help="timed repetitions (default 10; 3 for lstm-scale at 10^6 coordinates)")
    ap.add_argument("--warmup", type=int, default=None,
                    help="untimed warm-up repetitions (default 3; 1 for lstm-scale at 10^6)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--coords", type=int, default=None,
                    help="lstm-scale only: one size instead of all of 10^3..10^6")
    ap.add_argument("--cell", choices=["concat", "lstmcell"], default="concat",
                    help="LSTM cell: one product on [x, h] (default, as the authors' code) or "
                         "torch.nn.LSTMCell (two products); the same function")
    ap.add_argument("--check", action="store_true",
                    help="instead of timing, run numeric sanity checks and print them to stderr")
    ap.add_argument("--blas-check", action="store_true",
                    help="instead of timing, check that PyTorch's matrix products run on OpenBLAS"
                         " (its OpenMP build if --threads > 1) at a plausible speed on one"
                         " thread: one JSON line on stdout, exit status 3 if not")
    ap.add_argument("--min-gflops", type=float, default=20.0,
                    help="--blas-check: least 512x512 sgemm GFLOP/s (default 20)")
    args = ap.parse_args(argv)
    if args.threads < 1:
        ap.error("--threads must be >= 1")
    if args.coords is not None and args.workload != "lstm-scale":
        ap.error("--coords goes with --workload lstm-scale")
    return args


ARGS = parse_args(sys.argv[1:])
# Before torch is imported: its OpenMP pool and whichever BLAS libblas.so.3 resolves to
# (Debian's alternatives: reference BLAS, OpenBLAS, BLIS) read these at load time.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = str(ARGS.threads)


def _tune_malloc():
    """Keep freed memory in the process instead of giving it back to the kernel at every free.

    PyTorch has no caching allocator on the CPU: each large tensor is a fresh glibc malloc, by
    default an mmap that is unmapped again on free, so every repetition page-faults its whole
    working set anew (on this VM that cost 5-8x the arithmetic of mnist-apply). A JVM keeps its
    heap; PyTorch deployments get the same from jemalloc/tcmalloc. Here: no mmap'ed chunks and no
    trimming of the heap top, via mallopt (glibc only; a no-op elsewhere)."""
    try:
        import ctypes
        libc = ctypes.CDLL("libc.so.6")
        M_TRIM_THRESHOLD, M_MMAP_MAX = -1, -4
        ok = libc.mallopt(M_MMAP_MAX, 0) and libc.mallopt(M_TRIM_THRESHOLD, 2**31 - 1)
        return bool(ok)
    except (OSError, AttributeError):
        return False


MALLOC_TUNED = _tune_malloc()

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(ARGS.threads)
torch.set_num_interop_threads(1)

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
MNIST_DIR = os.path.join(SCRIPT_DIR, "..", "data", "mnist")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------
# Memory: peak RSS growth. /proc/self/clear_refs "5" resets the kernel's high-water mark, so the
# peak of one workload is not hidden by an earlier one; without it, ru_maxrss (which only grows).

def _status_kib(field):
    try:
        with open("/proc/self/status") as fh:
            m = re.search(r"^%s:\s+(\d+) kB" % field, fh.read(), re.M)
        return int(m.group(1)) if m else None
    except OSError:
        return None


class PeakRss:
    def __enter__(self):
        gc.collect()
        self.reset = False
        try:
            with open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")
            self.reset = True
        except OSError:
            pass
        self.rss0 = _status_kib("VmRSS")
        self.maxrss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        return self

    def __exit__(self, *exc):
        hwm = _status_kib("VmHWM") if self.reset else None
        if hwm is None:
            hwm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            # a high-water mark set before this workload hides its own peak
            if hwm <= self.maxrss0:
                hwm = None
        self.peak_mb = None if hwm is None or self.rss0 is None else max(0, hwm - self.rss0) / 1024.0
        return False


# ----------------------------------------------------------------------------------------------
# The learned optimizer: coordinatewise 2-layer LSTM (20 units) + Linear(20, 1), times a scale.

def log_sign(g, p=LOG_SIGN_P):
    """Preprocessing of Andrychowicz et al. (2016), App. A: (log|g|/p, sign g) if |g| >= e^-p,
    else (-1, e^p g). g is a detached gradient, so nothing here needs autograd."""
    a = g.abs()
    big = a >= math.exp(-p)
    x1 = torch.where(big, torch.log(a) / p, torch.full_like(g, -1.0))
    x2 = torch.where(big, torch.sign(g), g * math.exp(p))
    return torch.stack((x1, x2), dim=1)


def raw(g):
    return g.unsqueeze(1)


class ConcatLstmCell(torch.nn.Module):
    """An LSTM cell as the authors' code has it (Sonnet's snt.LSTM, TensorFlow's LSTMCell):
    gates = [x, h] W^T + b, one matrix product on the concatenated input and hidden state, gate
    blocks i, f, g, o. W is [4H, in + H] and b [4H], the layout of learnopt's model files. It
    computes what torch.nn.LSTMCell computes (its W_ih, W_hh side by side, b = b_ih + b_hh); one
    product with K = in + H instead of two with K = in and K = H is 5-11% faster here."""

    def __init__(self, n_in, hidden):
        super().__init__()
        ref = torch.nn.LSTMCell(n_in, hidden)  # PyTorch's default initialization
        with torch.no_grad():
            self.weight = torch.nn.Parameter(torch.cat((ref.weight_ih, ref.weight_hh), 1))
            self.bias = torch.nn.Parameter(ref.bias_ih + ref.bias_hh)

    def forward(self, x, state):
        h, c = state
        gates = torch.addmm(self.bias, torch.cat((x, h), 1), self.weight.t())
        i, f, g, o = gates.chunk(4, 1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        return h, c


def make_cell(n_in, hidden):
    return (torch.nn.LSTMCell(n_in, hidden) if ARGS.cell == "lstmcell"
            else ConcatLstmCell(n_in, hidden))


class LstmOptimizer(torch.nn.Module):
    def __init__(self, preprocessing, scale):
        super().__init__()
        self.pre = log_sign if preprocessing == "log-sign" else raw
        n_in = 2 if preprocessing == "log-sign" else 1
        self.cell1 = make_cell(n_in, HIDDEN)
        self.cell2 = make_cell(HIDDEN, HIDDEN)
        self.out = torch.nn.Linear(HIDDEN, 1)
        self.scale = scale

    def zero_state(self, n):
        return tuple(torch.zeros(n, HIDDEN) for _ in range(4))

    def forward(self, g, state):
        """Update u (length n) for gradient g (length n) and the new state (h1, c1, h2, c2)."""
        h1, c1, h2, c2 = state
        h1, c1 = self.cell1(self.pre(g), (h1, c1))
        h2, c2 = self.cell2(h1, (h2, c2))
        u = self.out(h2).squeeze(1) * self.scale
        return u, (h1, c1, h2, c2)


def detach_state(state):
    return tuple(s.detach() for s in state)


class MetaTrainer:
    """Truncated BPTT on an optimizee: one call of unroll() = one 20-step meta-training unroll.

    loss_fn(theta, step) returns the optimizee loss summed over tasks (its gradient is then each
    task's own gradient); the meta-loss is loss_scale * Σ_{t=1..20} loss(θ_{t+1}). Gradients are
    detached (∂∇f/∂φ = 0). Each loss is evaluated once: it is a meta-loss term and also gives the
    gradient fed to the LSTM at the next step, carried into the next unroll; so an unroll does
    exactly 20 optimizee evaluations, as learnopt's does.
    """

    def __init__(self, opt_net, lr, loss_fn, init_fn, loss_scale):
        self.net = opt_net
        self.meta_opt = torch.optim.Adam(opt_net.parameters(), lr=lr)
        self.loss_fn = loss_fn
        self.init_fn = init_fn
        self.loss_scale = loss_scale
        self.step = 0
        self.start()

    def start(self):
        """Fresh optimizee (θ₀), zero LSTM state, ∇f(θ₀): not timed."""
        theta = self.init_fn().requires_grad_()
        loss = self.loss_fn(theta, 0)
        (g,) = torch.autograd.grad(loss, theta)
        self.theta, self.g = theta.detach(), g
        self.state = self.net.zero_state(theta.numel())
        self.step = 0

    def unroll(self):
        theta, g, state = self.theta, self.g, self.state
        meta_loss = 0.0
        total = 0.0
        for _ in range(UNROLL):
            u, state = self.net(g, state)
            theta = theta + u
            self.step += 1
            loss = self.loss_fn(theta, self.step)
            (g,) = torch.autograd.grad(loss, theta, retain_graph=True)
            meta_loss = meta_loss + loss * self.loss_scale
            total += loss.item() if ARGS.check else 0.0
        self.meta_opt.zero_grad(set_to_none=True)
        meta_loss.backward()
        self.meta_opt.step()
        self.theta, self.g, self.state = theta.detach(), g, detach_state(state)
        return float(meta_loss.detach()), total


# ----------------------------------------------------------------------------------------------
# Optimizees.

class Quadratics:
    """128 random quadratics f_k(θ_k) = ||W_k θ_k − y_k||², dimension 10, as one θ of 1280."""

    def __init__(self, gen, tasks=128, dim=10):
        self.gen, self.tasks, self.dim = gen, tasks, dim
        self.resample()

    def resample(self):
        self.W = torch.randn(self.tasks, self.dim, self.dim, generator=self.gen)
        self.y = torch.randn(self.tasks, self.dim, generator=self.gen)

    def init(self):
        return torch.randn(self.tasks * self.dim, generator=self.gen) * 0.01

    def loss(self, theta, step=0):
        r = torch.bmm(self.W, theta.view(self.tasks, self.dim, 1)).squeeze(2) - self.y
        return (r * r).sum()


_MNIST = None


def _read_idx(path):
    with gzip.open(path, "rb") as fh:
        buf = fh.read()
    magic = int.from_bytes(buf[0:4], "big")
    if magic >> 8 != 0x08:
        raise ValueError("%s: not an unsigned-byte IDX file" % path)
    ndim = magic & 0xFF
    dims = [int.from_bytes(buf[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(buf, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def mnist_train():
    """The 60,000 training images as float32 [0, 1] rows of 784 and int64 labels (cached)."""
    global _MNIST
    if _MNIST is None:
        images = _read_idx(os.path.join(MNIST_DIR, "train-images-idx3-ubyte.gz"))
        labels = _read_idx(os.path.join(MNIST_DIR, "train-labels-idx1-ubyte.gz"))
        x = torch.from_numpy(images.reshape(images.shape[0], -1).astype(np.float32) / 255.0)
        y = torch.from_numpy(labels.astype(np.int64))
        _MNIST = (x.contiguous(), y)
    return _MNIST


class MnistMlp:
    """784-20(sigmoid)-10 MLP, mean softmax cross-entropy on a fresh minibatch of 128 per call.
    θ is one flat vector of 15910: W1 (20x784), b1 (20), W2 (10x20), b2 (10)."""

    SHAPES = [(20, 784), (20,), (10, 20), (10,)]
    SIZE = 20 * 784 + 20 + 10 * 20 + 10

    def __init__(self, gen):
        self.gen = gen
        self.x, self.y = mnist_train()
        self.perm = torch.randperm(self.x.shape[0], generator=gen)
        self.pos = 0

    def batch(self):
        if self.pos + BATCH > self.perm.numel():
            self.perm = torch.randperm(self.x.shape[0], generator=self.gen)
            self.pos = 0
        idx = self.perm[self.pos: self.pos + BATCH]
        self.pos += BATCH
        return torch.index_select(self.x, 0, idx), torch.index_select(self.y, 0, idx)

    def init(self):
        """PyTorch's nn.Linear initialization: U(±1/sqrt(fan_in)) for weights and biases."""
        parts = []
        for shape, fan_in in zip(self.SHAPES, (784, 784, 20, 20)):
            b = 1.0 / math.sqrt(fan_in)
            parts.append((torch.rand(shape, generator=self.gen) * 2 - 1).mul_(b).reshape(-1))
        return torch.cat(parts)

    @classmethod
    def views(cls, theta):
        out, off = [], 0
        for shape in cls.SHAPES:
            n = math.prod(shape)
            out.append(theta[off: off + n].view(shape))
            off += n
        return out

    def loss(self, theta, step=0):
        xb, yb = self.batch()
        w1, b1, w2, b2 = self.views(theta)
        a1 = torch.sigmoid(F.linear(xb, w1, b1))
        return F.cross_entropy(F.linear(a1, w2, b2), yb)

    def loss_and_grad_manual(self, theta, grad):
        """Hand-written forward and backward; fills grad (flat, 15910), returns the loss."""
        xb, yb = self.batch()
        w1, b1, w2, b2 = self.views(theta)
        gw1, gb1, gw2, gb2 = self.views(grad)
        a1 = torch.sigmoid(torch.addmm(b1, xb, w1.t()))
        z2 = torch.addmm(b2, a1, w2.t())
        logp = torch.log_softmax(z2, dim=1)
        loss = -logp.gather(1, yb.unsqueeze(1)).mean()
        dz2 = logp.exp_()
        dz2[torch.arange(BATCH), yb] -= 1.0
        dz2.div_(BATCH)
        torch.mm(dz2.t(), a1, out=gw2)
        torch.sum(dz2, 0, out=gb2)
        dz1 = torch.mm(dz2, w2).mul_(a1).mul_(1.0 - a1)
        torch.mm(dz1.t(), xb, out=gw1)
        torch.sum(dz1, 0, out=gb1)
        return loss

    def loss_and_grad_autograd(self, theta, grad):
        theta = theta.detach().requires_grad_()
        with torch.enable_grad():
            loss = self.loss(theta)
            (g,) = torch.autograd.grad(loss, theta)
        grad.copy_(g)
        return loss.detach()


# ----------------------------------------------------------------------------------------------
# Timing.

def timed(name, coords, warmup, reps, rep_fn, between=None):
    """Runs rep_fn warmup + reps times (between(i) before repetition i, untimed)."""
    times = []
    with PeakRss() as mem:
        for i in range(warmup + reps):
            if between is not None:
                between(i)
            t0 = time.perf_counter()
            rep_fn()
            dt = time.perf_counter() - t0
            if i >= warmup:
                times.append(dt * 1e3)
    return {
        "workload": name,
        "threads": ARGS.threads,
        "coords": coords,
        "median_ms": round(statistics.median(times), 4),
        "min_ms": round(min(times), 4),
        "gflops": None,
        "peak_heap_mb": None if mem.peak_mb is None else round(mem.peak_mb, 1),
        "impl": "pytorch",
    }


def emit(record):
    print(json.dumps(record), flush=True)


def reps_warmup(default_reps=10, default_warmup=3):
    return (ARGS.reps if ARGS.reps is not None else default_reps,
            ARGS.warmup if ARGS.warmup is not None else default_warmup)


def restart_every_horizon(trainer, resample=None):
    """Untimed: after HORIZON optimizee steps, new tasks (if any) and a fresh θ₀ and state."""
    def between(_):
        if trainer.step >= HORIZON:
            if resample is not None:
                resample()
            trainer.start()
    return between


def bench_quad_meta(gen):
    quads = Quadratics(gen)
    net = LstmOptimizer("raw", 1.0)
    trainer = MetaTrainer(net, 1e-3, quads.loss, quads.init, 1.0 / quads.tasks)
    reps, warmup = reps_warmup()
    return [timed("quad-meta", quads.tasks * quads.dim, warmup, reps, trainer.unroll,
                  restart_every_horizon(trainer, quads.resample))]


def bench_mnist_meta(gen):
    mlp = MnistMlp(gen)
    net = LstmOptimizer("log-sign", 0.1)
    trainer = MetaTrainer(net, 1e-2, mlp.loss, mlp.init, 1.0)
    reps, warmup = reps_warmup()
    return [timed("mnist-meta", MnistMlp.SIZE, warmup, reps, trainer.unroll,
                  restart_every_horizon(trainer))]


# mnist-apply's gradient: the hand-written backward is faster than autograd in PyTorch 1.13 on
# this MLP (no graph bookkeeping, fused softmax-CE gradient); see bench/README.md.
MNIST_APPLY_GRAD = "manual"


class MnistApply:
    def __init__(self, gen, use_adam):
        self.mlp = MnistMlp(gen)
        self.theta = self.mlp.init()
        self.grad = torch.zeros_like(self.theta)
        self.grad_fn = (self.mlp.loss_and_grad_manual if MNIST_APPLY_GRAD == "manual"
                        else self.mlp.loss_and_grad_autograd)
        self.use_adam = use_adam
        self.last_loss = None
        if use_adam:
            self.param = torch.nn.Parameter(self.theta)
            self.param.grad = self.grad
            self.adam = torch.optim.Adam([self.param], lr=1e-3)
        else:
            self.net = LstmOptimizer("log-sign", 0.1)
            self.state = self.net.zero_state(self.theta.numel())

    @torch.inference_mode()
    def step(self):
        if self.use_adam:
            self.last_loss = self.grad_fn(self.param.data, self.param.grad)
            self.adam.step()
        else:
            self.last_loss = self.grad_fn(self.theta, self.grad)
            u, self.state = self.net(self.grad, self.state)
            self.theta += u


def bench_mnist_apply(gen, use_adam):
    app = MnistApply(gen, use_adam)
    reps, warmup = reps_warmup()
    name = "mnist-apply-adam" if use_adam else "mnist-apply"
    return [timed(name, MnistMlp.SIZE, warmup, reps, app.step)]


class ConvNet(torch.nn.Module):
    """The paper's CIFAR net on MNIST (one input channel), as learnopt's cifar-conv: three blocks
    of conv 5x5 (16 channels, same padding, no bias) + batch norm + 2x2 max-pool + ReLU, then a
    ReLU layer of 32 units and a 10-way linear head; 18,266 parameters."""

    def __init__(self):
        super().__init__()
        blocks = []
        for l in range(3):
            blocks += [torch.nn.Conv2d(1 if l == 0 else 16, 16, 5, padding=2, bias=False),
                       torch.nn.BatchNorm2d(16, track_running_stats=False),
                       torch.nn.MaxPool2d(2), torch.nn.ReLU()]
        self.blocks = torch.nn.Sequential(*blocks)
        self.fc = torch.nn.Linear(16 * 3 * 3, 32)
        self.head = torch.nn.Linear(32, 10)

    def forward(self, x):
        h = self.blocks(x).flatten(1)
        return self.head(torch.relu(self.fc(h)))


class ConvApply:
    """One optimizee step of the conv net: minibatch loss and autograd gradient, then either
    torch.optim.Adam or one LSTM for the convolution kernels and one for every other tensor
    (the paper's two-LSTM optimizer, output scale 0.01), θ += u."""

    def __init__(self, gen, use_adam):
        self.mlp = MnistMlp(gen)  # the minibatch stream
        self.net = ConvNet()
        self.params = list(self.net.parameters())
        self.use_adam = use_adam
        if use_adam:
            self.adam = torch.optim.Adam(self.params, lr=1e-3)
        else:
            conv = [p for p in self.params if p.dim() == 4]
            rest = [p for p in self.params if p.dim() != 4]
            self.groups = []
            for group in (conv, rest):
                lstm = LstmOptimizer("log-sign", 0.01)
                n = sum(p.numel() for p in group)
                self.groups.append((group, lstm, [lstm.zero_state(n)]))

    def step(self):
        xb, yb = self.mlp.batch()
        for p in self.params:
            p.grad = None
        loss = F.cross_entropy(self.net(xb.view(-1, 1, 28, 28)), yb)
        loss.backward()
        with torch.no_grad():
            if self.use_adam:
                self.adam.step()
                return
            for group, lstm, state in self.groups:
                g = torch.cat([p.grad.reshape(-1) for p in group])
                u, state[0] = lstm(g, state[0])
                off = 0
                for p in group:
                    p.add_(u[off: off + p.numel()].view_as(p))
                    off += p.numel()


def bench_conv_apply(gen, use_adam):
    app = ConvApply(gen, use_adam)
    size = sum(p.numel() for p in app.params)
    reps, warmup = reps_warmup()
    return [timed("conv-apply-adam" if use_adam else "conv-apply", size, warmup, reps, app.step)]


class LstmScale:
    """LSTM forward + BPTT over 20 steps on a linear optimizee f_t(θ) = <c_t, θ> (g_t = c_t)."""

    def __init__(self, gen, n):
        self.net = LstmOptimizer("log-sign", 0.1)
        self.c = torch.randn(UNROLL + 1, n, generator=gen)
        self.n = n

    def rep(self):
        self.net.zero_grad(set_to_none=True)
        state = self.net.zero_state(self.n)
        theta = torch.zeros(self.n)
        meta_loss = 0.0
        for t in range(UNROLL):
            u, state = self.net(self.c[t], state)
            theta = theta + u
            meta_loss = meta_loss + torch.dot(self.c[t + 1], theta)
        meta_loss.backward()


def _mem_available_kib():
    try:
        with open("/proc/meminfo") as fh:
            return int(re.search(r"^MemAvailable:\s+(\d+) kB", fh.read(), re.M).group(1))
    except (OSError, AttributeError):
        return None


def oom_record(n):
    return {"workload": "lstm-scale", "threads": ARGS.threads, "coords": n, "median_ms": None,
            "min_ms": None, "gflops": None, "peak_heap_mb": None, "impl": "pytorch",
            "error": "out of memory"}


def bench_lstm_scale(gen, n):
    big = n >= 1_000_000
    reps, warmup = reps_warmup(3 if big else 10, 1 if big else 3)
    # Cap the address space so that running out of memory is a clean allocation failure
    # (RuntimeError) rather than the kernel's OOM killer picking a process on a shared machine.
    avail, size = _mem_available_kib(), _status_kib("VmSize")
    if avail is not None and size is not None:
        budget = max(avail - 4 * 1024 * 1024, 1024 * 1024)  # leave 4 GiB to everything else
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = (size + budget) * 1024
        if soft == resource.RLIM_INFINITY or cap < soft:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
            log("lstm-scale %d: address space capped at %.1f GiB" % (n, cap / 2**30))
    try:
        bench = LstmScale(gen, n)
        return [timed("lstm-scale", n, warmup, reps, bench.rep)]
    except (RuntimeError, MemoryError) as e:
        if not isinstance(e, MemoryError) and "memory" not in str(e).lower():
            raise
        log("lstm-scale %d: %s" % (n, str(e).splitlines()[0]))
        return [oom_record(n)]


def run(name, gen):
    if name == "quad-meta":
        return bench_quad_meta(gen)
    if name == "mnist-meta":
        return bench_mnist_meta(gen)
    if name == "mnist-apply":
        return bench_mnist_apply(gen, use_adam=False)
    if name == "mnist-apply-adam":
        return bench_mnist_apply(gen, use_adam=True)
    if name == "conv-apply":
        return bench_conv_apply(gen, use_adam=False)
    if name == "conv-apply-adam":
        return bench_conv_apply(gen, use_adam=True)
    if name == "lstm-scale":
        return bench_lstm_scale(gen, ARGS.coords)
    raise ValueError(name)


# ----------------------------------------------------------------------------------------------
# --check: numeric sanity checks (stderr), not part of the benchmark.

def check(gen):
    torch.manual_seed(ARGS.seed)
    # 0. The concatenated cell is torch.nn.LSTMCell: same outputs and parameter gradients.
    ref = torch.nn.LSTMCell(2, HIDDEN)
    cat_cell = ConcatLstmCell(2, HIDDEN)
    with torch.no_grad():
        cat_cell.weight.copy_(torch.cat((ref.weight_ih, ref.weight_hh), 1))
        cat_cell.bias.copy_(ref.bias_ih + ref.bias_hh)
    x, h, c = torch.randn(1000, 2), torch.randn(1000, HIDDEN), torch.randn(1000, HIDDEN)
    (ha, ca), (hb, cb) = ref(x, (h, c)), cat_cell(x, (h, c))
    (ha.sum() + ca.square().sum()).backward()
    (hb.sum() + cb.square().sum()).backward()
    dw = torch.cat((ref.weight_ih.grad, ref.weight_hh.grad), 1)
    def rel(a, b):
        return float((a - b).abs().max() / b.abs().max())
    log("concatenated cell vs nn.LSTMCell: max relative difference h %.1e, c %.1e, dW %.1e, "
        "db %.1e" % (rel(hb, ha), rel(cb, ca), rel(cat_cell.weight.grad, dw),
                     rel(cat_cell.bias.grad, ref.bias_ih.grad)))
    # 1. quad-meta with a fixed task set: the meta-loss per unroll (mean over 5 unrolls = one
    #    100-step trajectory) should be finite and go down as φ is trained.
    quads = Quadratics(gen)
    net = LstmOptimizer("raw", 1.0)
    trainer = MetaTrainer(net, 1e-3, quads.loss, quads.init, 1.0 / quads.tasks)
    traj = []
    for epoch in range(12):
        trainer.start()
        losses = [trainer.unroll()[0] for _ in range(HORIZON // UNROLL)]
        assert all(math.isfinite(v) for v in losses), losses
        traj.append(sum(losses) / len(losses))
    log("quad-meta, fixed tasks, mean meta-loss per unroll by 100-step trajectory:\n  "
        + " ".join("%.3f" % v for v in traj))
    # 2. The same meta-gradient two ways: autograd through f (as timed) vs the closed form
    #    dL/du_t = Σ_{s>t} scale·∇f(θ_s) that learnopt uses (exact because ∂∇f/∂φ = 0).
    net = LstmOptimizer("raw", 1.0)
    theta0 = quads.init()
    th = theta0.clone().requires_grad_()
    (g,) = torch.autograd.grad(quads.loss(th), th)
    state, theta, L, us, grads = net.zero_state(theta0.numel()), theta0, 0.0, [], []
    for _ in range(UNROLL):
        u, state = net(g, state)
        us.append(u)
        theta = theta + u
        loss = quads.loss(theta)
        (g,) = torch.autograd.grad(loss, theta, retain_graph=True)
        grads.append(g)
        L = L + loss / quads.tasks
    ga = torch.autograd.grad(L, list(net.parameters()), retain_graph=True)
    # closed form: seed each u_t with Σ_{s>=t} g_s / tasks (g_s = ∇f(θ_{s+1}))
    seeds, acc = [None] * UNROLL, torch.zeros_like(theta0)
    for t in reversed(range(UNROLL)):
        acc = acc + grads[t] / quads.tasks
        seeds[t] = acc.clone()
    gc_ = torch.autograd.grad(us, list(net.parameters()), grad_outputs=seeds)
    err = max(float((a - b).abs().max() / (a.abs().max() + 1e-30)) for a, b in zip(ga, gc_))
    log("meta-gradient, autograd through f vs closed form: max relative difference %.2e" % err)
    # 3. manual vs autograd MNIST gradient on the same minibatch.
    mlp = MnistMlp(torch.Generator().manual_seed(7))
    theta = mlp.init()
    g1, g2 = torch.zeros_like(theta), torch.zeros_like(theta)
    mlp.perm = torch.arange(mlp.x.shape[0])
    mlp.pos = 0
    l1 = mlp.loss_and_grad_manual(theta, g1)
    mlp.pos = 0
    l2 = mlp.loss_and_grad_autograd(theta, g2)
    log("mnist gradient, manual vs autograd: loss %.6f vs %.6f, max |diff| %.2e (max |g| %.2e)"
        % (l1, l2, float((g1 - g2).abs().max()), float(g2.abs().max())))
    # 4. mnist-meta: a few dozen unrolls, mean optimizee loss per step of each unroll.
    mlp = MnistMlp(gen)
    net = LstmOptimizer("log-sign", 0.1)
    trainer = MetaTrainer(net, 1e-2, mlp.loss, mlp.init, 1.0)
    vals = []
    for _ in range(40):
        if trainer.step >= HORIZON:
            trainer.start()
        vals.append(trainer.unroll()[0] / UNROLL)
    log("mnist-meta mean loss per step, by unroll:\n  " + " ".join("%.3f" % v for v in vals))
    # 5. mnist-apply over 50 steps from a fresh MLP: the LSTM just meta-trained, an untrained
    #    one, and Adam (lr 1e-3).
    for label, use_adam, trained in (("trained LSTM", False, True), ("untrained LSTM", False, False),
                                     ("adam", True, False)):
        app = MnistApply(gen, use_adam)
        if trained:
            app.net = net
        losses = []
        for _ in range(50):
            app.step()
            losses.append(float(app.last_loss))
        log("mnist-apply (%s) minibatch loss: steps 1-5 mean %.3f, steps 46-50 mean %.3f"
            % (label, sum(losses[:5]) / 5, sum(losses[-5:]) / 5))


def run_child(name, coords=None):
    """One workload (one lstm-scale size) in a fresh process: its peak RSS is its own, memory
    another workload left in the heap does not hide it, and a crash stays contained."""
    cmd = [sys.executable, os.path.abspath(__file__), "--workload", name,
           "--threads", str(ARGS.threads), "--seed", str(ARGS.seed), "--cell", ARGS.cell]
    if ARGS.reps is not None:
        cmd += ["--reps", str(ARGS.reps)]
    if ARGS.warmup is not None:
        cmd += ["--warmup", str(ARGS.warmup)]
    if coords is not None:
        cmd += ["--coords", str(coords)]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    sys.stdout.write(proc.stdout)
    sys.stdout.flush()
    if proc.returncode != 0:
        log("%s%s: exited with status %d" % (name, "" if coords is None else " %d" % coords,
                                             proc.returncode))
        # SIGKILL: most likely the kernel's OOM killer
        if name == "lstm-scale" and proc.returncode == -9 and not proc.stdout.strip():
            emit(oom_record(coords))
        return False
    return True


def main():
    if ARGS.blas_check:
        return blas_check()
    if ARGS.check:
        gen = torch.Generator().manual_seed(ARGS.seed)
        torch.manual_seed(ARGS.seed)
        check(gen)
        return 0
    if ARGS.workload is None:
        ok = True
        for name in WORKLOADS:
            if name == "lstm-scale":
                for n in LSTM_SCALE_COORDS:
                    ok &= run_child(name, n)
            else:
                ok &= run_child(name)
        return 0 if ok else 1
    if ARGS.workload == "lstm-scale" and ARGS.coords is None:
        ok = True
        for n in LSTM_SCALE_COORDS:
            ok &= run_child("lstm-scale", n)
        return 0 if ok else 1
    log("%s: torch %s, %d thread(s), %s, cell %s, malloc %s, load average %.2f" % (
        ARGS.workload + ("" if ARGS.coords is None else " %d" % ARGS.coords), torch.__version__,
        torch.get_num_threads(), "blas " + _blas_name(), ARGS.cell,
        "tuned" if MALLOC_TUNED else "default", os.getloadavg()[0]))
    gen = torch.Generator().manual_seed(ARGS.seed)
    torch.manual_seed(ARGS.seed)  # the LSTM's (and the Linear's) default initialization
    for record in run(ARGS.workload, gen):
        emit(record)
    return 0


def _mapped_blas():
    """Real paths of the BLAS libraries mapped into this process (libblas.so.3 is whatever
    Debian's alternatives point it to: the reference BLAS, OpenBLAS, BLIS, ...)."""
    with open("/proc/self/maps") as fh:
        libs = {line.split()[-1] for line in fh
                if "/" in line and re.search(r"lib(open)?blas|libblis|libmkl", line)}
    return sorted({os.path.realpath(p) for p in libs})


def _openblas_info():
    """(config, core, threading) of the OpenBLAS in this process ("sequential", "pthreads" or
    "openmp"), or Nones if none is loaded."""
    import ctypes
    for path in _mapped_blas():
        if "openblas" not in path:
            continue
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            threading = {0: "sequential", 1: "pthreads", 2: "openmp"}.get(
                lib.openblas_get_parallel(), "unknown")
            return (lib.openblas_get_config().decode(), lib.openblas_get_corename().decode(),
                    threading)
        except (OSError, AttributeError):
            continue
    return None, None, None


def _blas_name():
    """Which BLAS libblas.so.3 resolved to, and OpenBLAS's kernel set, for the log."""
    try:
        names = [p.split("x86_64-linux-gnu/")[-1] for p in _mapped_blas()]
        _, core, threading = _openblas_info()
        return (", ".join(names) or "none mapped") + (
            "" if core is None else " (core %s, %s)" % (core, threading))
    except OSError:
        return "unknown"


def blas_check():
    """Is PyTorch's sgemm OpenBLAS, at a plausible speed? Debian's python3-torch is satisfied by
    the reference BLAS (libblas3), which runs these workloads several times slower; a ratio against
    that would flatter learnopt. With --threads above 1 it must be OpenBLAS's OpenMP build, which
    shares PyTorch's OpenMP threads (the pthread build's own threads compete with them: mnist-meta
    over 2x slower on two threads). Prints one JSON line; returns 0 if fine, 3 if not."""
    n, reps = 512, 20
    torch.set_num_threads(1)  # the rate of one core: another process's load can't halve it
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(3):
        torch.mm(a, b)
    best = float("inf")
    for _ in range(reps):  # the fastest repetition: other processes only ever slow it down
        t0 = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - t0)
    gflops = 2.0 * n ** 3 / best / 1e9
    libs = _mapped_blas()
    config, core, threading = _openblas_info()
    # libtorch links libblas.so.3 ahead of libopenblas.so.0, so sgemm_ comes from libblas.so.3
    blas3 = [p for p in libs if "libblas.so" in os.path.basename(p) or "/blas/" in p]
    problems = []
    if config is None:
        problems.append("OpenBLAS is not loaded")
    if blas3 and not all("openblas" in p for p in blas3):
        problems.append("libblas.so.3 is %s, not OpenBLAS" % ", ".join(blas3))
    if config is not None and ARGS.threads > 1 and threading != "openmp":
        problems.append("OpenBLAS is its %s build: with more than one thread its threads and "
                        "PyTorch's OpenMP threads compete for the cores (use libopenblas0-openmp)"
                        % threading)
    least = ARGS.min_gflops
    if gflops < least:
        problems.append("a %dx%d sgemm ran at %.1f GFLOP/s, below %.0f" % (n, n, gflops, least))
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if var in os.environ:
            problems.append("%s=%s is set (it overrides OpenBLAS's choice of kernels)"
                            % (var, os.environ[var]))
    emit({"ok": not problems, "problems": problems, "threads": ARGS.threads,
          "sgemm512_gflops": round(gflops, 1), "min_gflops": least, "blas_libs": libs,
          "openblas_config": config, "openblas_core": core, "openblas_threading": threading,
          "torch": torch.__version__})
    return 0 if not problems else 3


if __name__ == "__main__":
    sys.exit(main())
