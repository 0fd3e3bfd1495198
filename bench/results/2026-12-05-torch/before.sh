#!/usr/bin/env bash
# The PyTorch side as compare.sh ran it before this change against the one it runs now, one
# thread, alternating ROUNDS times (default 3) per workload:
#   before: the old reference (OLD_REF, bench/torch_reference.py of 153bb64 next to a data/ link)
#           on libopenblas0-openmp, OPENBLAS_CORETYPE=Haswell and OPENBLAS_L2_SIZE=512 as the
#           machine sets them;
#   now:    this commit's reference on libopenblas0-openmp with both variables unset.
# Outputs: before/<workload>-<side>-<round>.jsonl
#   bench/results/2026-12-05-torch/before.sh [OUT_DIR] [ROUNDS]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="${1:-$HERE}/before"
ROUNDS="${2:-3}"
OLD_REF="${OLD_REF:-/tmp/bench9/old/bench/torch_reference.py}"
mkdir -p "$OUT"
cd "$ROOT"
for r in $(seq 1 "$ROUNDS"); do
  for w in quad-meta mnist-meta mnist-apply; do
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 "$OLD_REF" \
      --workload "$w" >"$OUT/$w-before-$r.jsonl" 2>"$OUT/$w-before-$r.log" || true
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp \
      /usr/bin/python3 bench/torch_reference.py \
      --workload "$w" >"$OUT/$w-now-$r.jsonl" 2>"$OUT/$w-now-$r.log" || true
  done
done
