#!/usr/bin/env bash
# Builds every BPF object of the repository from its source with the pinned compiler:
#   bpf/build.sh           rebuild bpf/*.bpf.o and bpf/*/*.bpf.o in place
#   bpf/build.sh --check   rebuild into a temporary directory and fail if any committed object differs
# Objects are stripped of DWARF (BTF and .BTF.ext stay).
set -euo pipefail

CLANG=${CLANG:-clang-19}
STRIP=${LLVM_STRIP:-llvm-strip-19}
# usdt.bpf.h includes <linux/errno.h>, whose <asm/errno.h> Debian keeps under the multiarch directory,
# which clang does not search for -target bpf.
CFLAGS=(-g -O2 -Wall -Werror -target bpf -D__TARGET_ARCH_x86 -idirafter /usr/include/x86_64-linux-gnu)

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
for source in "$root"/bpf/*.bpf.c "$root"/bpf/*/*.bpf.c; do
  dir=$(dirname "$source")
  name=$(basename "$source" .c)
  built="$scratch/$name.o"
  # Compiled from the repository root with relative paths, and the root mapped away: BTF line info names
  # bpf/x.bpf.c, and clang finds that file from the root to embed the source lines (the text verifier
  # logs show). The bytes do not depend on where the repository is checked out.
  rel=${dir#"$root"/}
  (cd "$root" && "$CLANG" "${CFLAGS[@]}" -I"$rel" -I"$rel/.." -fdebug-prefix-map="$root"=. \
     -c "$rel/$(basename "$source")" -o "$built")
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
