#!/usr/bin/env bash
# tests/vm/matrix.sh [--arch x86_64|arm64|all]: runs tests/vm/run.sh for each VM of the matrix (x86-64 6.1
# and 6.12, arm64 6.1; --arch narrows it), one "vm KERNEL ARCH: ..." line each, then the sum:
#   vm: N passed, N failed, N skipped
# Exit status non-zero when anything failed (a VM that could not even be prepared counts as one failure).
set -euo pipefail

vm_dir=$(cd "$(dirname "$0")" && pwd)
arch=all
case "$*" in
  "") ;;
  "--arch x86_64" | "--arch arm64" | "--arch all") arch=$2 ;;
  *) echo "usage: tests/vm/matrix.sh [--arch x86_64|arm64|all]" >&2; exit 64 ;;
esac

matrix=("6.1 x86_64" "6.12 x86_64" "6.1 arm64")
passed=0 failed=0 skipped=0
for vm in "${matrix[@]}"; do
  [[ $arch == all || ${vm#* } == "$arch" ]] || continue
  line=$("$vm_dir/run.sh" "${vm% *}" "${vm#* }") || true
  if [[ $line =~ :\ ([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]]; then
    echo "$line"
    passed=$((passed + BASH_REMATCH[1])) failed=$((failed + BASH_REMATCH[2])) skipped=$((skipped + BASH_REMATCH[3]))
  else
    echo "vm ${vm}: could not run (see the messages above)"
    failed=$((failed + 1))
  fi
done
echo "vm: $passed passed, $failed failed, $skipped skipped"
((failed == 0))
