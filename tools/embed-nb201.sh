#!/usr/bin/env bash
# Rebuilds the embedded NAS-Bench-201 table from ../shared/benchmarks/nas-bench-201.csv: the architecture string and
# the 200-epoch validation accuracy columns of CIFAR-10, CIFAR-100 and ImageNet16-120, gzip-compressed.
# The table is third-party data (Apache-2.0, see ../shared/benchmarks/README.md); embedding it is permitted.
set -euo pipefail
src=${1:-../shared/benchmarks/nas-bench-201.csv}
dst=src/Nao.Core/Benchmarks/Data/nas-bench-201.csv.gz
awk -F, 'NR==1 { for (i = 1; i <= NF; i++) col[$i] = i; print "arch_str,c10valid_val200_mean,c100_val200_mean,in16_val200_mean"; next }
         { print $col["arch_str"] "," $col["c10valid_val200_mean"] "," $col["c100_val200_mean"] "," $col["in16_val200_mean"] }' "$src" \
  | gzip -9 -n > "$dst"
echo "wrote $dst ($(stat -c %s "$dst") bytes)"
