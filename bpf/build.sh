#!/usr/bin/env bash
# Builds every BPF object of the repository from its source with the pinned compiler:
#   bpf/build.sh           rebuild bpf/*.bpf.o and bpf/testdata/*.bpf.o in place
#   bpf/build.sh --check   rebuild into a temporary directory and fail if any committed object differs
# Objects are compiled from inside their own directory with relative paths and stripped of DWARF
# (BTF and .BTF.ext stay), so the bytes do not depend on where the repository is checked out.
set -euo pipefail

CLANG=${CLANG:-clang-19}
STRIP=${LLVM_STRIP:-llvm-strip-19}
CFLAGS=(-g -O2 -Wall -Werror -target bpf -D__TARGET_ARCH_x86 -I. -I..)

root=$(cd "$(dirname "$0")/.." && pwd)
check=false
[[ ${1:-} == --check ]] && check=true

for tool in "$CLANG" "$STRIP"; do
  command -v "$tool" >/dev/null || { echo "bpf/build.sh: $tool not found (apt-get install clang-19 llvm-19 libbpf-dev)" >&2; exit 2; }
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
shopt -s nullglob
for source in "$root"/bpf/*.bpf.c "$root"/bpf/testdata/*.bpf.c "$root"/bpf/hardening/*.bpf.c; do
  dir=$(dirname "$source")
  name=$(basename "$source" .c)
  built="$scratch/$name.o"
  # Paths in BTF line info become relative to the source's directory, from where clang also reads the
  # source lines it embeds (the text verifier logs show): the bytes do not depend on the checkout's location.
  (cd "$dir" && "$CLANG" "${CFLAGS[@]}" -fdebug-prefix-map="$root"="$(realpath --relative-to="$dir" "$root")" \
     -c "$(basename "$source")" -o "$built")
  "$STRIP" -g "$built"
  committed="$dir/$name.o"
  if $check; then
    if ! cmp -s "$built" "$committed"; then
      echo "bpf/build.sh: ${committed#$root/} is not what $(basename "$source") builds to; run 'just bpf' and commit" >&2
      status=1
    fi
  else
    cp "$built" "$committed"
    echo "built ${committed#$root/} ($(stat -c %s "$committed") bytes)"
  fi
done
$check && [[ $status == 0 ]] && echo "bpf objects match their sources"
exit $status
