#!/usr/bin/env python3
"""Kills training runs with SIGKILL at random moments and while a checkpoint is being written,
resumes each until it finishes, and checks every time that the model is bit-identical to an
uninterrupted run's, that the log and the TensorBoard file have every round exactly once, and that
no temporary file is left. Usage: kill_loop.py JAR WORKDIR [RUNS] [SEED]"""
import glob
import os
import random
import shutil
import subprocess
import sys
import time

from learnopt_files import event_steps, tensors

JAR, WORK = sys.argv[1], sys.argv[2]
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 24
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
JAVA = [
    os.environ.get("JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"),
    "--add-modules",
    "jdk.incubator.vector",
    "-jar",
    JAR,
]

TRAIN = (
    "train --problem quadratic:dim=5 --epochs 800 --unroll 5 --horizon 20 --tasks-per-epoch 4"
    " --eval-every 100 --eval-tasks 5 --hidden 8 --threads 1 --checkpoint-every 1"
).split()
FEWSHOT = (
    "fewshot train --method metalstm --learner mlp:hidden=8 --steps 3 --queries 2 --meta-batch 2"
    " --updates 600 --validate-every 100 --validation-episodes 4 --threads 1 --checkpoint-every 1"
).split()
SETTINGS = {"train": (TRAIN, 800, 0), "fewshot": (FEWSHOT, 600, 0)}


def args(kind, run_dir):
    base, _, _ = SETTINGS[kind]
    return base + ["--tensorboard", os.path.join(run_dir, "tb"), "--out", os.path.join(run_dir, "m.safetensors")]


def run_to_end(kind, run_dir, kills):
    """Runs (and resumes) until exit 0, killing it `kills` times; returns the kill log."""
    os.makedirs(run_dir, exist_ok=True)
    events = []
    while True:
        resume = os.path.exists(os.path.join(run_dir, "m.ckpt.safetensors"))
        cmd = JAVA + args(kind, run_dir) + (["--resume"] if resume else [])
        with open(os.path.join(run_dir, "stderr.txt"), "ab") as err:
            p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        if kills > 0:
            during_write = rng.random() < 0.5
            deadline = time.time() + rng.uniform(0.5, 3.0)
            while p.poll() is None and time.time() < deadline:
                if during_write and glob.glob(os.path.join(run_dir, ".*.tmp")):
                    break
                time.sleep(0.001 if during_write else 0.05)
            if p.poll() is None:
                p.kill()
                p.wait()
                temps = glob.glob(os.path.join(run_dir, ".*.tmp"))
                events.append(("write" if temps else "random", len(temps)))
                kills -= 1
                continue
        code = p.wait()
        if code != 0:
            raise SystemExit(f"{run_dir}: exit {code}; see stderr.txt")
        return events


def check(kind, run_dir, ref_dir):
    problems = []
    a, b = tensors(os.path.join(ref_dir, "m.safetensors")), tensors(os.path.join(run_dir, "m.safetensors"))
    if a != b:
        problems.append("model differs")
    for name in ("m.log.csv",):
        if open(os.path.join(ref_dir, name)).read() != open(os.path.join(run_dir, name)).read():
            problems.append(f"{name} differs")
    ref_steps = event_steps(glob.glob(os.path.join(ref_dir, "tb", "*tfevents*"))[0])
    files = glob.glob(os.path.join(run_dir, "tb", "*tfevents*"))
    steps = [s for f in files for s in event_steps(f)]
    if steps != ref_steps:
        problems.append(f"tensorboard steps differ ({len(steps)} vs {len(ref_steps)}, {len(files)} files)")
    temps = glob.glob(os.path.join(run_dir, ".*.tmp")) + glob.glob(os.path.join(run_dir, "tb", ".*.tmp"))
    if temps:
        problems.append(f"stale temp files {temps}")
    return problems


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    refs = {}
    for kind in SETTINGS:
        refs[kind] = os.path.join(WORK, "ref-" + kind)
        run_to_end(kind, refs[kind], 0)
    failures = 0
    total_kills = {"random": 0, "write": 0}
    for i in range(RUNS):
        kind = "fewshot" if i % 6 == 5 else "train"
        run_dir = os.path.join(WORK, f"run{i:02d}-{kind}")
        events = run_to_end(kind, run_dir, rng.randint(1, 3))
        for what, _ in events:
            total_kills[what] += 1
        problems = check(kind, run_dir, refs[kind])
        failures += bool(problems)
        print(f"{run_dir}: kills {events} -> {'OK' if not problems else '; '.join(problems)}", flush=True)
    print(f"runs {RUNS}, kills {total_kills}, failed runs {failures}")
    sys.exit(1 if failures else 0)


main()
