# Alternatives to the reference's LSTM tried for NOTES.md, timed in one process, round-robin
# (each variant's unroll in turn, so they share the machine's state); wall and CPU ms per unroll.
# Run from the repository root, e.g.
#   V=base,catcell,lstm2,jit,sur-base,sur-catcell W=quad-meta R=15 \
#     env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/results/2026-12-05-torch/variants.py
#   APPLY=1 env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/results/2026-12-05-torch/variants.py
# base = torch.nn.LSTMCell (torch_reference.py --cell lstmcell); catcell = one product on [x, h]
# (the reference's default cell); catcell2 = catcell with gates reordered i, f, o | g (one sigmoid
# over 3H columns); lstm2 = torch.nn.LSTM(num_layers=2) called on one time step; jit =
# torch.jit.script'ed cell; sur-* = meta-gradient through the closed form (f's graph not kept);
# *foreach = Adam(foreach=True); APPLY=1: mnist-apply under no_grad vs inference_mode.
import sys, os
W = os.environ.get("W", "mnist-meta"); T = os.environ.get("T", "1")
sys.argv = ["x", "--workload", W, "--threads", T, "--cell", "lstmcell"]
import importlib.util
spec = importlib.util.spec_from_file_location("tr", "bench/torch_reference.py")
tr = importlib.util.module_from_spec(spec); spec.loader.exec_module(tr)
import torch, time, statistics, math
H = 20

class CatCell(torch.nn.Module):
    """Two layers, one matmul per layer on cat([x, h])."""
    def __init__(self, pre, scale):
        super().__init__()
        base = tr.LstmOptimizer(pre, scale)
        self.pre, self.scale = base.pre, scale
        self.w1 = torch.nn.Parameter(torch.cat([base.cell1.weight_ih, base.cell1.weight_hh], 1).detach().clone())
        self.b1 = torch.nn.Parameter((base.cell1.bias_ih + base.cell1.bias_hh).detach().clone())
        self.w2 = torch.nn.Parameter(torch.cat([base.cell2.weight_ih, base.cell2.weight_hh], 1).detach().clone())
        self.b2 = torch.nn.Parameter((base.cell2.bias_ih + base.cell2.bias_hh).detach().clone())
        self.out = base.out
    def zero_state(self, n):
        return tuple(torch.zeros(n, H) for _ in range(4))
    @staticmethod
    def cell(x, h, c, w, b):
        gates = torch.addmm(b, torch.cat([x, h], 1), w.t())
        i, f, g, o = gates.chunk(4, 1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        return h, c
    def forward(self, g, state):
        h1, c1, h2, c2 = state
        h1, c1 = self.cell(self.pre(g), h1, c1, self.w1, self.b1)
        h2, c2 = self.cell(h1, h2, c2, self.w2, self.b2)
        return self.out(h2).squeeze(1) * self.scale, (h1, c1, h2, c2)

class CatCell2(CatCell):
    """Gate rows reordered to i, f, o | g: one sigmoid over 3H columns, one tanh over H."""
    def __init__(self, pre, scale):
        super().__init__(pre, scale)
        idx = torch.cat([torch.arange(0, 40), torch.arange(60, 80), torch.arange(40, 60)])
        with torch.no_grad():
            for p in (self.w1, self.b1, self.w2, self.b2):
                p.copy_(p[idx].clone())
    @staticmethod
    def cell(x, h, c, w, b):
        gates = torch.addmm(b, torch.cat([x, h], 1), w.t())
        s = torch.sigmoid(gates[:, :3 * H])
        g = torch.tanh(gates[:, 3 * H:])
        c = s[:, H:2 * H] * c + s[:, :H] * g
        h = s[:, 2 * H:] * torch.tanh(c)
        return h, c

class Lstm2(torch.nn.Module):
    def __init__(self, pre, scale):
        super().__init__()
        base = tr.LstmOptimizer(pre, scale)
        self.pre, self.scale = base.pre, scale
        n_in = 2 if pre == "log-sign" else 1
        self.lstm = torch.nn.LSTM(n_in, H, num_layers=2)
        self.out = base.out
    def zero_state(self, n):
        return (torch.zeros(2, n, H), torch.zeros(2, n, H))
    def forward(self, g, state):
        y, state = self.lstm(self.pre(g).unsqueeze(0), state)
        return self.out(y[0]).squeeze(1) * self.scale, state

@torch.jit.script
def jcell(x, h, c, wih, whh, bih, bhh):
    # type: (Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor) -> Tuple[Tensor, Tensor]
    gates = torch.addmm(bih, x, wih.t()) + torch.addmm(bhh, h, whh.t())
    i, f, g, o = gates.chunk(4, 1)
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h = torch.sigmoid(o) * torch.tanh(c)
    return h, c

class JitNet(tr.LstmOptimizer):
    def forward(self, g, state):
        h1, c1, h2, c2 = state
        a, b = self.cell1, self.cell2
        h1, c1 = jcell(self.pre(g), h1, c1, a.weight_ih, a.weight_hh, a.bias_ih, a.bias_hh)
        h2, c2 = jcell(h1, h2, c2, b.weight_ih, b.weight_hh, b.bias_ih, b.bias_hh)
        return self.out(h2).squeeze(1) * self.scale, (h1, c1, h2, c2)

class Surrogate(tr.MetaTrainer):
    """Closed-form meta-gradient: f evaluated once on a detached leaf (its own autograd graph,
    freed at once); the meta-graph sees Σ_t scale·<g_{t+1}, θ_{t+1}> with g detached."""
    def unroll(self):
        theta, g, state = self.theta, self.g, self.state
        sur = 0.0; total = 0.0
        for _ in range(tr.UNROLL):
            u, state = self.net(g, state)
            theta = theta + u
            self.step += 1
            leaf = theta.detach().requires_grad_()
            loss = self.loss_fn(leaf, self.step)
            (g,) = torch.autograd.grad(loss, leaf)
            sur = sur + torch.dot(g, theta) * self.loss_scale
            total += float(loss) * self.loss_scale
        self.meta_opt.zero_grad(set_to_none=True)
        sur.backward()
        self.meta_opt.step()
        self.theta, self.g, self.state = theta.detach(), g, tr.detach_state(state)
        return total, total

gen = torch.Generator().manual_seed(1); torch.manual_seed(1)
nets = {"base": tr.LstmOptimizer, "foreach": tr.LstmOptimizer, "catcell-foreach": CatCell, "catcell2": CatCell2, "catcell": CatCell, "lstm2": Lstm2, "jit": JitNet}
names = os.environ.get("V", "base,catcell,lstm2,jit,sur-base,sur-catcell").split(",")
trainers = {}
def fix(name):
    if name.endswith("foreach"):
        t = trainers[name]; t.meta_opt = torch.optim.Adam(t.net.parameters(), lr=t.meta_opt.defaults["lr"], foreach=True)
for name in names:
    sur = name.startswith("sur-")
    netcls = nets[name[4:] if sur else name]
    cls = Surrogate if sur else tr.MetaTrainer
    if W == "mnist-meta":
        mlp = tr.MnistMlp(torch.Generator().manual_seed(1))
        trainers[name] = cls(netcls("log-sign", 0.1), 1e-2, mlp.loss, mlp.init, 1.0)
    else:
        q = tr.Quadratics(torch.Generator().manual_seed(1))
        trainers[name] = cls(netcls("raw", 1.0), 1e-3, q.loss, q.init, 1 / 128)
[fix(n) for n in names]
times = {n: [] for n in names}; cpu = {n: [] for n in names}
R = int(os.environ.get("R", "10"))
if os.environ.get("APPLY"): R = -3; names = []
for r in range(R + 3):
    for n in names:
        tr_ = trainers[n]
        if tr_.step >= 100: tr_.start()
        t = time.perf_counter(); c0 = time.process_time(); tr_.unroll(); dt = (time.perf_counter() - t) * 1e3; dc = (time.process_time() - c0) * 1e3
        if r >= 3: times[n].append(dt); cpu[n].append(dc)
print(W, "T=" + T, "load %.1f" % os.getloadavg()[0])
for n in names:
    print("  %-12s median %7.1f  min %7.1f   cpu median %7.1f min %7.1f" % (n, statistics.median(times[n]), min(times[n]), statistics.median(cpu[n]), min(cpu[n])))

if os.environ.get("APPLY"):
    import contextlib
    def make(netcls, mode):
        app = tr.MnistApply(torch.Generator().manual_seed(1), False)
        app.net = netcls("log-sign", 0.1); app.state = app.net.zero_state(app.theta.numel())
        ctx = torch.inference_mode if mode == "inference" else torch.no_grad
        def step():
            with ctx():
                app.last_loss = app.grad_fn(app.theta, app.grad)
                u, app.state = app.net(app.grad, app.state)
                app.theta += u
        return step
    vs = {"base/no_grad": make(tr.LstmOptimizer, "no_grad"), "base/inference": make(tr.LstmOptimizer, "inference"),
          "catcell/no_grad": make(CatCell, "no_grad"), "catcell/inference": make(CatCell, "inference")}
    tt = {k: [] for k in vs}; cc = {k: [] for k in vs}
    for r in range(300):
        for k, f in vs.items():
            t = time.perf_counter(); c0 = time.process_time(); f()
            if r >= 30: tt[k].append((time.perf_counter() - t) * 1e3); cc[k].append((time.process_time() - c0) * 1e3)
    print("mnist-apply T=" + T, "load %.1f" % os.getloadavg()[0])
    for k in vs:
        print("  %-18s median %6.2f min %6.2f   cpu median %6.2f" % (k, statistics.median(tt[k]), min(tt[k]), statistics.median(cc[k])))
