#!/usr/bin/env bash
# Wall time of the default NAO search (NAS-Bench-201, budget 200) with and without an open dashboard page (headless
# Chromium on the run page, which polls every second), alternating. Usage: measure.sh NAO_DLL OUT
set -u
nao=(dotnet "$1"); out="$2"; mkdir -p "$out"
search() { "${nao[@]}" search --seed 1 --run "$1" >/dev/null 2>&1; }
for rep in 1 2 3; do
  rm -rf "$out/runs"; mkdir -p "$out/runs"
  s=$(date +%s.%N); search "$out/runs/plain"; e=$(date +%s.%N)
  echo "without page rep $rep: $(echo "$e - $s" | bc) s, load $(cut -d' ' -f1 /proc/loadavg)"
  rm -rf "$out/runs" "$out/chrome"; mkdir -p "$out/runs"
  "${nao[@]}" serve --runs "$out/runs" --port 8799 >/dev/null 2>&1 & serve=$!
  sleep 3
  ( while [ ! -f "$out/runs/paged/run.db" ]; do sleep 0.2; done
    exec chromium --headless=new --no-sandbox --disable-gpu --user-data-dir="$out/chrome" "http://127.0.0.1:8799/run?id=paged" >/dev/null 2>&1 ) & chrome=$!
  s=$(date +%s.%N); search "$out/runs/paged"; e=$(date +%s.%N)
  echo "with page rep $rep: $(echo "$e - $s" | bc) s, load $(cut -d' ' -f1 /proc/loadavg)"
  kill $chrome 2>/dev/null; sleep 0.5; pkill -f "user-data-dir=$out/chrome" 2>/dev/null; kill $serve 2>/dev/null; wait 2>/dev/null
done
