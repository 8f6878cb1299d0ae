#!/usr/bin/env bash
# Builds every BPF object of the repository from its source with the pinned compiler:
#   bpf/build.sh           rebuild bpf/*.bpf.o, bpf/*/*.bpf.o and samples/*/*.bpf.o in place
#   bpf/build.sh --check   rebuild into a temporary directory and fail if any committed object differs
# Objects are stripped of DWARF (BTF and .BTF.ext stay). Every object targets x86-64 (pt_regs as x86 has it);
# the corpus sources that read pt_regs (kprobes, ksyscall, usdt) are also built for arm64 into
# bpf/testdata/arm64/, for the arm64 VM of tests/vm.
set -euo pipefail

CLANG=${CLANG:-clang-19}
STRIP=${LLVM_STRIP:-llvm-strip-19}
# usdt.bpf.h includes <linux/errno.h>, whose <asm/errno.h> Debian keeps under the multiarch directory,
# which clang does not search for -target bpf.
CFLAGS=(-g -O2 -Wall -Werror -target bpf -idirafter /usr/include/x86_64-linux-gnu)
ARM64_SOURCES=(core_fields core_flavors libbpf_headers sections)

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
# build SOURCE OBJECT ARCH: compiles SOURCE for ARCH's pt_regs and compares with or replaces OBJECT.
build() {
  local source=$1 committed=$2 arch=$3 dir rel built
  dir=$(dirname "$source")
  built="$scratch/$arch-$(basename "$committed")"
  # Compiled from the repository root with relative paths, and the root mapped away: BTF line info names
  # bpf/x.bpf.c, and clang finds that file from the root to embed the source lines (the text verifier
  # logs show). The bytes do not depend on where the repository is checked out.
  rel=${dir#"$root"/}
  (cd "$root" && "$CLANG" "${CFLAGS[@]}" -D__TARGET_ARCH_"$arch" -I"$rel" -I"$rel/.." -fdebug-prefix-map="$root"=. \
     -c "$rel/$(basename "$source")" -o "$built")
  "$STRIP" -g "$built"
  if $check; then
    if ! cmp -s "$built" "$committed"; then
      echo "bpf/build.sh: ${committed#$root/} is not what $(basename "$source") builds to; run 'just bpf' and commit" >&2
      status=1
    fi
  else
    mkdir -p "$(dirname "$committed")"
    cp "$built" "$committed"
    echo "built ${committed#$root/} ($(stat -c %s "$committed") bytes)"
  fi
}

# The samples' objects too: a sample ships its .bpf.o beside its .bpf.c as a user's project would.
for source in "$root"/bpf/*.bpf.c "$root"/bpf/*/*.bpf.c "$root"/samples/*/*.bpf.c; do
  build "$source" "${source%.c}.o" x86
done
for name in "${ARM64_SOURCES[@]}"; do
  build "$root/bpf/testdata/$name.bpf.c" "$root/bpf/testdata/arm64/$name.bpf.o" arm64
done
$check && [[ $status == 0 ]] && echo "bpf objects match their sources"
exit $status
