#!/usr/bin/env bash
# Times learnopt's benchmark workloads and their PyTorch reference (bench/torch_reference.py) at
# 1 and 2 threads and prints a markdown table of the PyTorch/learnopt time ratios.
#
#   bench/compare.sh [--workload NAME] [--out DIR] [--threads "1 2"] [--reps R] [--warmup W]
#   bench/compare.sh --table DIR       # only print the table of an earlier run's outputs
#
# Outputs go to DIR (default runs/compare-<date>): learnopt-threads<T>.jsonl and
# pytorch-threads<T>.jsonl (the JSON lines), *.log (their stderr), pytorch-blas.json, table.md.
# --workload, --reps and --warmup are passed to both sides (default: every workload, each side's
# own repetitions). PyTorch is not a learnopt dependency: Debian's python3-torch (1.13) and
# OpenBLAS are installed here if missing, and no ratio is printed unless PyTorch runs on OpenBLAS.
# LEARNOPT=path overrides the launcher (default ./learnopt), e.g. to test with a fake.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

usage() { sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

OUT=""
THREADS="1 2"
TABLE_ONLY=""
PASS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --workload|--reps|--warmup) PASS+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    --workload=*|--reps=*|--warmup=*) PASS+=("${1%%=*}" "${1#*=}"); shift ;;
    --out) OUT="${2:?--out needs a directory}"; shift 2 ;;
    --out=*) OUT="${1#*=}"; shift ;;
    --threads) THREADS="${2:?--threads needs a list, e.g. \"1 2\"}"; shift 2 ;;
    --threads=*) THREADS="${1#*=}"; shift ;;
    --table) TABLE_ONLY="${2:?--table needs a directory}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compare.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

print_table() { # $1 = directory with learnopt-threads*.jsonl and pytorch-threads*.jsonl
  python3 - "$1" <<'PY'
import glob, json, os, re, sys

def records(path):
    """JSON objects among a file's lines; other lines (progress, banners) are skipped."""
    out = []
    with open(path) as fh:
        for line in fh:
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if isinstance(rec, dict) and "workload" in rec:
                out.append(rec)
    return out

def load(d, side):
    table, order = {}, []
    for path in sorted(glob.glob(os.path.join(d, side + "-threads*.jsonl"))):
        file_threads = int(re.search(r"threads(\d+)", os.path.basename(path)).group(1))
        for rec in records(path):
            key = (rec["workload"], rec.get("coords"), rec.get("threads", file_threads))
            table[key] = rec
            order.append(key)
    return table, order

d = sys.argv[1]
try:
    with open(os.path.join(d, "pytorch-blas.json")) as fh:
        blas = json.loads(fh.read().strip().splitlines()[-1])
except (OSError, ValueError, IndexError):
    blas = None
if not blas or not blas.get("ok"):
    sys.exit("compare.sh: no passed BLAS check in %s (pytorch-blas.json %s), so no ratios: "
             "PyTorch on the reference BLAS runs these workloads several times slower. Rerun "
             "bench/compare.sh, which checks it." % (d, "missing" if blas is None else "says: "
                                                      + "; ".join(blas.get("problems", []))))
torch, torch_order = load(d, "pytorch")
lo, _ = load(d, "learnopt")
if not torch:
    sys.exit("compare.sh: no PyTorch results in %s" % d)

def ms(rec):
    v = rec.get("median_ms")
    return v if isinstance(v, (int, float)) else None

def fmt(v):
    if v is None:
        return "-"
    return "%.3g" % v if v < 10 else "%.1f" % v if v < 1000 else "%.0f" % v

# rows grouped by workload and size (in the PyTorch script's order), threads ascending
groups = []
for w, c, _ in torch_order:
    if (w, c) not in groups:
        groups.append((w, c))
rows = []
for w, c in groups:
    for key in sorted((k for k in torch if k[:2] == (w, c)), key=lambda k: k[2]):
        if key not in lo:
            continue  # a workload (or size, or thread count) learnopt did not run
        t, l = torch[key], lo[key]
        tm, lm = ms(t), ms(l)
        tcell = fmt(tm) if tm is not None else t.get("error", "failed")
        lcell = fmt(lm) if lm is not None else l.get("error", "failed")
        speedup = "%.2fx" % (tm / lm) if tm is not None and lm else "-"
        rows.append("| %s | %s | %s | %s | %s | %s |" % (w, c, key[2], tcell, lcell, speedup))
print("| workload | coords | threads | pytorch median ms | learnopt median ms "
      "| speed-up (pytorch/learnopt) |")
print("|---|---:|---:|---:|---:|---:|")
print("\n".join(rows) if rows else "| (no workload both sides ran) | | | | | |")
only_torch = sorted({k[0] for k in torch} - {k[0] for k in lo})
only_lo = sorted({k[0] for k in lo} - {k[0] for k in torch})
print()
print("PyTorch %s on %s (core %s, %s), 512x512 sgemm %.0f GFLOP/s on one thread." % (
    blas.get("torch"), (blas.get("openblas_config") or "?").split(" NO_")[0],
    blas.get("openblas_core"), blas.get("openblas_threading"), blas.get("sgemm512_gflops")))
if only_torch or only_lo:
    print()
    if only_torch:
        print("Only PyTorch ran: " + ", ".join(only_torch))
    if only_lo:
        print("Only learnopt ran: " + ", ".join(only_lo))
PY
}

if [ -n "$TABLE_ONLY" ]; then
  print_table "$TABLE_ONLY"
  exit 0
fi

# --- PyTorch (Debian's python3-torch) on OpenBLAS ---------------------------------------------
# python3-torch is satisfied by Debian's reference BLAS (libblas3), which runs these workloads
# ~5x slower than an optimized BLAS; any PyTorch user has one (pip wheels bundle MKL/OpenBLAS).
# The PyTorch side gets OpenBLAS's OpenMP build through LD_LIBRARY_PATH, whatever libblas.so.3
# the system's alternatives select: it shares PyTorch's OpenMP threads, where the pthread build's
# own threads compete with them for the cores (mnist-meta over 2x slower on two threads).
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, where the environment sets them for other software, pin
# OpenBLAS to other kernels than the CPU's own (on Zen 5, Haswell's AVX2 instead of AVX-512: half
# the sgemm rate), so they are removed for the PyTorch side only.
OPENMP_BLAS=/usr/lib/x86_64-linux-gnu/openblas-openmp
PY=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE
    LD_LIBRARY_PATH="$OPENMP_BLAS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" /usr/bin/python3)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
MISSING=()
if ! /usr/bin/python3 -c 'import torch' >/dev/null 2>&1; then MISSING+=(python3-torch); fi
if ! installed libopenblas0-openmp; then MISSING+=(libopenblas0-openmp); fi
if [ ${#MISSING[@]} -gt 0 ]; then
  echo "compare.sh: installing ${MISSING[*]} ..." >&2
  $SUDO apt-get update -q >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${MISSING[@]}" >&2
fi

OUT="${OUT:-runs/compare-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
rm -f "$OUT/pytorch-blas.json"
# Which BLAS PyTorch's sgemm really is, and its speed; the table is refused without a pass.
MAXT=1
for T in $THREADS; do if [ "$T" -gt "$MAXT" ]; then MAXT=$T; fi; done
echo "== PyTorch's BLAS -> $OUT/pytorch-blas.json" >&2
if ! "${PY[@]}" bench/torch_reference.py --blas-check --threads "$MAXT" \
    >"$OUT/pytorch-blas.json.tmp"; then
  mv "$OUT/pytorch-blas.json.tmp" "$OUT/pytorch-blas-failed.json"
  cat "$OUT/pytorch-blas-failed.json" >&2
  cat >&2 <<'EOF'
compare.sh: PyTorch does not run on OpenBLAS at full speed (problems above), so a ratio would
flatter learnopt and none is printed. To fix it:
  apt-get install libopenblas0-openmp     # its libblas.so.3 in /usr/lib/x86_64-linux-gnu/openblas-openmp
and make sure LD_PRELOAD does not load another BLAS. Check it with
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp \
    /usr/bin/python3 bench/torch_reference.py --blas-check --threads 2
EOF
  exit 3
fi
mv "$OUT/pytorch-blas.json.tmp" "$OUT/pytorch-blas.json"
cat "$OUT/pytorch-blas.json" >&2

LEARNOPT="${LEARNOPT:-./learnopt}"

status=0
for T in $THREADS; do
  echo "== learnopt, $T thread(s) -> $OUT/learnopt-threads$T.jsonl" >&2
  if ! "$LEARNOPT" bench --threads "$T" ${PASS[@]+"${PASS[@]}"} >"$OUT/learnopt-threads$T.jsonl" \
      2> >(tee "$OUT/learnopt-threads$T.log" >&2); then
    echo "compare.sh: learnopt bench --threads $T failed (see $OUT/learnopt-threads$T.log)" >&2
    status=1
  fi
  echo "== PyTorch, $T thread(s) -> $OUT/pytorch-threads$T.jsonl" >&2
  if ! "${PY[@]}" bench/torch_reference.py --threads "$T" ${PASS[@]+"${PASS[@]}"} \
      >"$OUT/pytorch-threads$T.jsonl" 2> >(tee "$OUT/pytorch-threads$T.log" >&2); then
    echo "compare.sh: torch_reference.py --threads $T failed (see $OUT/pytorch-threads$T.log)" >&2
    status=1
  fi
done

print_table "$OUT" | tee "$OUT/table.md"
echo "Results: $OUT" >&2
exit $status
