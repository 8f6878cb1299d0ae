#!/usr/bin/env bash
# The program-by-program differential: for each OBJ, every program is loaded on its own by libbpf
# (libbpf-each.c, built here against Debian's libbpf-dev) and by ManagedBpf (`mbpf load --each`).
#   bpf/testdata/differential.sh [--mbpf PATH] OBJ...
# Per object: "same OBJ: N tags equal, M refused by both" or "DIFF OBJ" with the differing lines; an object
# both refuse to open at all (libbpf's open fails, mbpf says malformed) is the same answer too.
# Ends with "N objects (N refused by both), N programs with equal tags, N refused by both, N differ" and
# exits 1 if any differ.
# A program the kernel refuses to both loaders (no trampolines, a missing kernel function) says nothing
# about the loader; one refused to only one of them, or loaded with another tag, is a difference.
# Needs root, cc and libbpf-dev; mbpf defaults to `dotnet run --project src/Mbpf`.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
mbpf=(dotnet run --project "$root/src/Mbpf" --)
if [[ ${1:-} == --mbpf ]]; then mbpf=("$2"); shift 2; fi
[[ $# -ge 1 ]] || { echo "usage: differential.sh [--mbpf PATH] OBJ..." >&2; exit 64; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cc -O1 -o "$scratch/libbpf-each" "$root/bpf/testdata/libbpf-each.c" -lbpf || { echo "differential.sh: cannot build libbpf-each (cc, libbpf-dev)" >&2; exit 2; }

objects=0 equal=0 refused=0 unreadable=0 differ=0
for obj in "$@"; do
  objects=$((objects + 1))
  name=$(basename "$obj")
  librc=0 ourrc=0
  "$scratch/libbpf-each" "$obj" 2>"$scratch/libbpf.err" | sort >"$scratch/libbpf" || librc=${PIPESTATUS[0]}
  "${mbpf[@]}" load --each "$obj" 2>"$scratch/managed.err" | sort >"$scratch/managed" || ourrc=${PIPESTATUS[0]}
  # Both refuse to open the object (libbpf-each 65, mbpf 65 malformed): nothing to compare, and they agree.
  if [[ $librc == 65 && $ourrc == 65 ]]; then
    unreadable=$((unreadable + 1))
    echo "same $name: refused by both as an object ($(head -c 160 "$scratch/managed.err"))"
    continue
  fi
  # A refusal is compared by its presence, not its wording.
  sed -E 's/ error: .*/ refused/' "$scratch/libbpf" >"$scratch/libbpf.cmp"
  sed -E 's/ error: .*/ refused/' "$scratch/managed" >"$scratch/managed.cmp"
  if [[ $librc != 65 && $ourrc != 65 && $ourrc != 66 ]] && cmp -s "$scratch/libbpf.cmp" "$scratch/managed.cmp"; then
    tags=$(grep -vc ' refused$' "$scratch/libbpf.cmp" || true)
    both=$(grep -c ' refused$' "$scratch/libbpf.cmp" || true)
    equal=$((equal + tags)) refused=$((refused + both))
    echo "same $name: $tags tags equal, $both refused by both"
  else
    differ=$((differ + 1))
    echo "DIFF $name (< libbpf, > ManagedBpf):"
    diff "$scratch/libbpf" "$scratch/managed" | sed 's/^/  /' || true
    cat "$scratch/libbpf.err" "$scratch/managed.err" | head -n 4 | sed 's/^/  /'
  fi
done
echo "$objects objects ($unreadable refused by both), $equal programs with equal tags, $refused refused by both, $differ differ"
[[ $differ == 0 ]]
