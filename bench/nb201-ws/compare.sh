#!/bin/bash
# NAO-WS, the weight-sharing random baseline and RSPS on NAS-Bench-201, judged by the table (issue 16, part 3).
# Each method runs as one `nao search` per seed, with the same supernet settings and the same supernet budget for NAO-WS
# and the random baseline; RSPS trains the supernet on the whole space (warmupEpochs = all epochs) and picks by
# shared-weight score among a large random sample. Prints one row per method: the pick's table accuracy (mean ± s.e.
# over seeds), Kendall's tau over the scored architectures, wall time and peak RSS (each the mean over seeds).
#
# usage: bench/nb201-ws/compare.sh OUT [SEEDS] [extra --supernet settings...]
#   NAO (default: dotnet src/Nao.Cli/bin/Release/net10.0/linux-x64/nao.dll) and NAO_DATA come from the environment;
#   NICE (default 10) is the searches' niceness, so that a background run can yield the machine (NICE=19);
#   FIRST_SEED (default 0) skips seeds below it when running, so seeds can be run in separate sessions (the table
#   still reads every seed from 0 to SEEDS-1 from OUT).
set -euo pipefail
out=${1:?usage: compare.sh OUT [SEEDS] [--supernet NAME=VALUE ...]}
seeds=${2:-3}
shift $(( $# >= 2 ? 2 : 1 ))
nao=${NAO:-dotnet src/Nao.Cli/bin/Release/net10.0/linux-x64/nao.dll}
common=(--space nb201 --evaluator weight-sharing --supernet channels=8 --supernet limitTrain=3200 --supernet devBatches=2 "$@")
pool=(--ws-rounds 3 --ws-epochs 1 --ws-pool 100 --ws-keep 40 --ws-new 40 --ws-random 20 --ws-top-k 20)
# RSPS: the same 3 supernet epochs, all on uniformly random architectures of the space, then 300 random ones scored.
rsps=(--strategy random --ws-rounds 1 --ws-epochs 3 --ws-pool 300 --ws-keep 0 --ws-new 1 --ws-random 1 --supernet warmupEpochs=3)
mkdir -p "$out"

run() {
  local name=$1; shift
  [ -f "$out/$name/report.md" ] && return
  /usr/bin/time -v -o "$out/$name.time" nice -n "${NICE:-10}" $nao search "${common[@]}" "$@" --run "$out/$name" > "$out/$name.out" 2> "$out/$name.err"
}

for ((s = ${FIRST_SEED:-0}; s < seeds; s++)); do
  run "nao-s$s" --seed "$s" --strategy nao "${pool[@]}"
  run "random-s$s" --seed "$s" --strategy random "${pool[@]}"
  run "rsps-s$s" --seed "$s" "${rsps[@]}"
done

echo "| method | seeds | pick's table accuracy, % (mean ± s.e.) | Kendall's tau (mean) | wall time, s (mean) | CPU time (user+sys), s (mean) | peak RSS, MB (mean) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for method in nao random rsps; do
  for ((s = 0; s < seeds; s++)); do
    report="$out/$method-s$s/report.md"
    [ -f "$report" ] || continue   # a seed not (yet) run is left out of the mean; the seeds column says how many
    pick=$(grep -o 'has table accuracy \*\*[0-9.]*\*\*' "$report" | grep -o '[0-9.]\+')
    tau=$(grep '^| all scored |' "$report" | grep -o '\*\*-\?[0-9.]*\*\*' | tr -d '*')
    wall=$(grep 'Elapsed (wall clock)' "$out/$method-s$s.time" | awk -F': ' '{n = split($2, p, ":"); t = 0; for (i = 1; i <= n; i++) t = t * 60 + p[i]; print t}')
    cpu=$(awk -F': ' '/User time|System time/ {c += $2} END {print c}' "$out/$method-s$s.time")
    rss=$(grep 'Maximum resident set size' "$out/$method-s$s.time" | awk -F': ' '{print $2 / 1024}')
    echo "$pick $tau $wall $cpu $rss"
  done | awk -v m="$method" '{n++; p += $1; pp += $1 * $1; t += $2; w += $3; c += $4; r += $5}
    END { mean = p / n; se = n > 1 ? sqrt((pp - n * mean * mean) / (n - 1) / n) : 0;
          printf "| %s | %d | %.2f ± %.2f | %.3f | %.0f | %.0f | %.0f |\n", m, n, mean, se, t / n, w / n, c / n, r / n }'
done
