#!/usr/bin/env python3
"""Tables of NOTES.md from the outputs of run.sh and before.sh.

    aggregate.py --pack RUN_DIR [DIR]   # RUN_DIR/round*/<workload>/*.jsonl, *.log and
                                        # RUN_DIR/before/* -> DIR/raw.jsonl, DIR/logs.txt
    aggregate.py [DIR]                  # the tables, from DIR/raw.jsonl (DIR: this folder)

run.sh table: per side the median over rounds of its median ms, then the median over rounds of
the PyTorch/learnopt ratio with both sides from the same round, then every round's ratio.
Then learnopt's two-thread time against PyTorch's faster thread count in the same round, and the
before.sh table: median over rounds of each side's median ms.
"""
import glob, json, os, re, statistics, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SIDES = ["learnopt", "pytorch", "pytorch-lstmcell", "pytorch-old", "pytorch-haswell"]
ORDER = ["quad-meta", "mnist-meta", "mnist-apply", "mnist-apply-adam"]


def pack(run_dir, out_dir):
    recs, logs = [], []
    paths = glob.glob(os.path.join(run_dir, "round*", "*", "*"))
    paths += glob.glob(os.path.join(run_dir, "before", "*"))
    def key(p):
        m = re.search(r"round(\d+)", p) or re.search(r"-(\d+)\.\w+$", p)
        return (p.split(os.sep)[-2] == "before", int(m.group(1)) if m else 0, p)
    for path in sorted(paths, key=key):
        name = os.path.basename(path)
        if "/before/" in path:
            m = re.match(r"(.*)-(before|now)-(\d+)\.(jsonl|log)$", name)
            rnd, side, exp = int(m.group(3)), m.group(2), "before"
        else:
            rnd, exp = int(re.search(r"round(\d+)", path).group(1)), "run"
            m = re.match(r"(.*?)(-threads\d+)?\.(jsonl|log|json|md)$", name)
            side = m.group(1)
        label = "%s round %d %s" % (exp, rnd, os.path.relpath(path, run_dir))
        if name.endswith(".jsonl") or name == "pytorch-blas.json":
            for line in open(path):
                if line.startswith("{"):
                    rec = json.loads(line)
                    recs.append(dict({"experiment": exp, "round": rnd, "side": side}, **rec))
        elif name.endswith(".log"):
            text = open(path).read()
            if text.strip():
                logs.append("### %s\n%s" % (label, text.rstrip("\n")))
    with open(os.path.join(out_dir, "raw.jsonl"), "w") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in recs)
    with open(os.path.join(out_dir, "logs.txt"), "w") as fh:
        fh.write("\n".join(logs) + "\n")
    print("%d records, %d logs" % (len(recs), len(logs)))


def fmt(v):
    return "-" if v is None else "%.3g" % v if v < 10 else "%.1f" % v


def tables(d):
    recs = [json.loads(line) for line in open(os.path.join(d, "raw.jsonl"))]
    data = {}  # (experiment, side, workload, threads) -> {round: median_ms}
    for r in recs:
        if "workload" in r and r.get("median_ms") is not None:
            data.setdefault((r["experiment"], r["side"], r["workload"], r["threads"]),
                            {})[r["round"]] = r["median_ms"]
    keys = sorted({(w, t) for (e, _, w, t) in data if e == "run"},
                  key=lambda k: (ORDER.index(k[0]), k[1]))
    print("| workload | threads | rounds | " + " | ".join(s + " ms" for s in SIDES) + " | "
          + " | ".join(s + "/learnopt" for s in SIDES[1:]) + " | per-round pytorch/learnopt |")
    print("|---|---:|---:|" + "---:|" * (2 * len(SIDES)))
    for w, t in keys:
        lo = data.get(("run", "learnopt", w, t), {})
        cells = [fmt(statistics.median(data[("run", s, w, t)].values()))
                 if ("run", s, w, t) in data else "-" for s in SIDES]
        ratios, per_round = [], []
        for s in SIDES[1:]:
            v = data.get(("run", s, w, t), {})
            rs = [v[r] / lo[r] for r in sorted(v) if r in lo]
            ratios.append("%.2f×" % statistics.median(rs) if rs else "-")
            if s == "pytorch":
                per_round = rs
        print("| %s | %d | %d | %s | %s | %s |" % (w, t, len(lo), " | ".join(cells),
                                                " | ".join(ratios),
                                                " ".join("%.2f" % x for x in per_round) or "-"))
    two = [w for w, t in keys if t == 2 and ("run", "pytorch", w, 1) in data
           and ("run", "pytorch", w, 2) in data]
    if two:
        print()
        print("learnopt on two threads against PyTorch's faster thread count of the same round:")
        print()
        print("| workload | learnopt 2 threads ms | PyTorch best of 1, 2 threads ms | ratio |"
              " per-round |")
        print("|---|---:|---:|---:|---|")
        for w in two:
            lo = data[("run", "learnopt", w, 2)]
            p1, p2 = data[("run", "pytorch", w, 1)], data[("run", "pytorch", w, 2)]
            rounds = sorted(r for r in lo if r in p1 and r in p2)
            best = {r: min(p1[r], p2[r]) for r in rounds}
            rs = [best[r] / lo[r] for r in rounds]
            print("| %s | %s | %s | %.2f× | %s |" % (
                w, fmt(statistics.median(lo[r] for r in rounds)),
                fmt(statistics.median(best.values())), statistics.median(rs),
                " ".join("%.2f" % x for x in rs)))
    before = sorted({(w, t) for (e, _, w, t) in data if e == "before"},
                    key=lambda k: (ORDER.index(k[0]), k[1]))
    if before:
        print()
        print("| workload | threads | rounds | before ms | now ms | now/before |")
        print("|---|---:|---:|---:|---:|---:|")
        for w, t in before:
            b = data.get(("before", "before", w, t), {})
            n = data.get(("before", "now", w, t), {})
            mb, mn = statistics.median(b.values()), statistics.median(n.values())
            print("| %s | %d | %d | %s | %s | %.2f |" % (w, t, len(b), fmt(mb), fmt(mn), mn / mb))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--pack":
        pack(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else HERE)
    else:
        tables(sys.argv[1] if len(sys.argv) > 1 else HERE)
