#!/usr/bin/env bash
# Scaling of a cluster search (issue 8): the same 60-evaluation search with 1, 2 and 4 local workers on localhost
# clustering, each worker pinned to its own core set with taskset where the machine has enough cores (on fewer
# cores, workers share them round-robin, and the script says so). It uses the sleep evaluator, whose evaluations
# wait without using the CPU: on a machine shared with other work that keeps the measurement about the cluster
# (dispatch, polling, membership), not about CPU contention.
#
# Usage: bench/cluster/scaling.sh [WORKER_COUNTS...]     (default: 1 2 4)
# Environment: NAO (path to nao.dll; default: the Release build), SLEEP (seconds per evaluation, default 2),
#              BUDGET (default 60), BASE_PORT (default 41111), BASE_GATEWAY_PORT (default 42000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

NAO="${NAO:-src/Nao.Cli/bin/Release/net10.0/linux-x64/nao.dll}"
SLEEP="${SLEEP:-2}"
BUDGET="${BUDGET:-60}"
BASE_PORT="${BASE_PORT:-41111}"
BASE_GATEWAY_PORT="${BASE_GATEWAY_PORT:-42000}"
COUNTS=("${@:-1 2 4}")
read -r -a COUNTS <<< "${COUNTS[*]}"
[ -f "$NAO" ] || { echo "error: $NAO not found; build first: dotnet build -c Release src/Nao.Cli" >&2; exit 2; }

cores=$(nproc)
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cluster=(--cluster localhost --base-port "$BASE_PORT" --base-gateway-port "$BASE_GATEWAY_PORT")
echo "machine: $cores cores; sleep evaluator, $SLEEP s per evaluation, budget $BUDGET, random search, seed 0"
declare -A wall
for n in "${COUNTS[@]}"; do
  pids=()
  for ((i = 0; i < n; i++)); do
    if ((n <= cores)); then
      # Own core set: the cores are split evenly between the workers.
      per=$((cores / n)); set_="$((i * per))-$((i * per + per - 1))"
    else
      set_="$((i % cores))"
    fi
    taskset -c "$set_" dotnet "$NAO" worker "${cluster[@]}" --name "w$i" > "$work/w$n-$i.log" 2>&1 &
    pids+=($!)
    until grep -q ready "$work/w$n-$i.log" 2>/dev/null; do
      kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/w$n-$i.log" >&2; exit 1; }
      sleep 0.2
    done
    echo "  worker w$i on cores $set_"
  done
  start=$(date +%s.%N)
  dotnet "$NAO" search "${cluster[@]}" --space nb201 --strategy random --seed 0 --evaluator sleep --sleep "$SLEEP" \
    --budget "$BUDGET" --run "$work/run-$n" > "$work/search-$n.out" 2> "$work/search-$n.err"
  end=$(date +%s.%N)
  search_s=$(sed -n 's/.* in \([0-9.]*\) s$/\1/p' "$work/search-$n.out")
  total_s=$(echo "$end - $start" | bc)
  wall[$n]=$search_s
  printf "%d worker(s): search %s s (whole command incl. connecting %.1f s)\n" "$n" "$search_s" "$total_s"
  for pid in "${pids[@]}"; do kill "$pid"; done
  wait "${pids[@]}" 2>/dev/null || true
  if ((n > cores)); then echo "  (more workers than cores: workers share cores round-robin)"; fi
done

echo
echo "| workers | search wall time (s) | speed-up vs 1 | ideal (s) |"
echo "|---|---|---|---|"
first="${wall[${COUNTS[0]}]}"
for n in "${COUNTS[@]}"; do
  printf "| %d | %s | %.2f | %.1f |\n" "$n" "${wall[$n]}" "$(echo "$first / ${wall[$n]}" | bc -l)" "$(echo "$BUDGET * $SLEEP / $n" | bc -l)"
done
