#!/usr/bin/env bash
# Installs the PyTorch reference for the benchmarks: Debian's python3-torch (under Debian's own /usr/bin/python3)
# and OpenBLAS, without which torch falls back to the very slow reference BLAS. Says what it installs.
set -euo pipefail
missing=()
/usr/bin/python3 -c "import torch" 2>/dev/null || missing+=(python3-torch)
dpkg -s libopenblas0-openmp >/dev/null 2>&1 || missing+=(libopenblas0-openmp)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing with apt for the PyTorch reference: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >&2
fi
