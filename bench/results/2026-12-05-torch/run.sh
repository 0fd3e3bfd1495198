#!/usr/bin/env bash
# The measurements of NOTES.md: ROUNDS rounds (default 3); in each, for each workload,
# bench/compare.sh at 1 and 2 threads (learnopt, then this commit's PyTorch reference), then the
# same workload in the reference before this change (OLD_REF, a copy of bench/torch_reference.py
# from 153bb64 next to a data/ link) and in this reference with --cell lstmcell, on OpenBLAS with
# OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset; then this reference with them as the machine sets
# them. Every PyTorch side runs on OpenBLAS's OpenMP build, as compare.sh runs it.
# Outputs: round<R>/<workload>/.
#   bench/results/2026-12-05-torch/run.sh [OUT_DIR] [LAST_ROUND]     (FIRST_ROUND=1 in the environment)
# On a shared machine, run it as its own scheduler autogroup with the highest share (NOTES.md):
#   setsid bash -c 'echo -20 > /proc/$$/autogroup; exec bench/results/2026-12-05-torch/run.sh DIR 4'
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="${1:-$HERE}"
ROUNDS="${2:-3}"
FIRST="${FIRST_ROUND:-1}"
OLD_REF="${OLD_REF:-/tmp/bench9/old/bench/torch_reference.py}"
BLAS=/usr/lib/x86_64-linux-gnu/openblas-openmp
PY=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE LD_LIBRARY_PATH=$BLAS /usr/bin/python3)
cd "$ROOT"
for r in $(seq "$FIRST" "$ROUNDS"); do
  for w in quad-meta mnist-meta mnist-apply; do
    d="$OUT/round$r/$w"
    mkdir -p "$d"
    echo "== round $r, $w, $(date -u +%H:%M:%S), load $(cut -d' ' -f1 /proc/loadavg)" >&2
    bench/compare.sh --workload "$w" --threads "1 2" --out "$d" >/dev/null 2>"$d/compare.log" || true
    for t in 1 2; do
      "${PY[@]}" "$OLD_REF" --workload "$w" --threads "$t" \
        >"$d/pytorch-old-threads$t.jsonl" 2>"$d/pytorch-old-threads$t.log" || true
    done
    "${PY[@]}" bench/torch_reference.py --workload "$w" --threads 1 --cell lstmcell \
      >"$d/pytorch-lstmcell-threads1.jsonl" 2>"$d/pytorch-lstmcell-threads1.log" || true
    # this reference with the machine's OPENBLAS_CORETYPE=Haswell, OPENBLAS_L2_SIZE=512 left set
    LD_LIBRARY_PATH=$BLAS /usr/bin/python3 bench/torch_reference.py --workload "$w" --threads 1 \
      >"$d/pytorch-haswell-threads1.jsonl" 2>"$d/pytorch-haswell-threads1.log" || true
  done
done
