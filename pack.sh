#!/usr/bin/env bash
# Every package of the repository into one folder, a local NuGet feed (docs/packaging.md):
#   ./pack.sh [--version VERSION] [OUT]      OUT defaults to artifacts/packages; VERSION to Directory.Build.props'
# ManagedBpf.Object and ManagedBpf (each with its .snupkg), ManagedBpf.Build (the <BpfObject> item as buildTransitive
# targets, with mbpf framework-dependent in tools/mbpf to run them), and the mbpf tool as .NET 10 RID-specific tool
# packages: mbpf (the pointer dotnet tool install reads), mbpf.linux-x64 and mbpf.linux-arm64 (native AOT, the
# arm64 one cross-compiled on this x86-64 machine) and mbpf.any (framework-dependent, for every other platform .NET
# runs on). Intermediate files go to a scratch artifacts path, so a pack never races a build or publish of the same
# projects in src/*/obj.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

properties=()
if [[ ${1:-} == --version ]]; then
  properties+=("-p:Version=$2")
  shift 2
fi

# The arm64 cross toolchain tests/vm/publish.sh uses: clang-19 compiles and links for aarch64 and finds Debian's
# arm64 sysroot (/usr/aarch64-linux-gnu) and gcc's cross crt files by itself; the cross objcopy splits the symbols
# into mbpf.dbg; the ILCompiler package for arm64 comes from NuGet. Checked first: without it the link fails late,
# with the linker's words, and a feed without mbpf.linux-arm64 would break dotnet tool install on arm64, since the
# pointer package lists linux-arm64 (src/Mbpf/Mbpf.csproj).
for need in clang-19 aarch64-linux-gnu-gcc aarch64-linux-gnu-objcopy /usr/aarch64-linux-gnu/lib/crt1.o; do
  if ! command -v "$need" >/dev/null && [[ ! -e $need ]]; then
    echo "pack.sh: $need missing, the arm64 cross toolchain that builds mbpf.linux-arm64:" \
      "apt-get install clang-19 gcc-aarch64-linux-gnu libc6-dev-arm64-cross" >&2
    exit 1
  fi
done

out=$(realpath -m "${1:-artifacts/packages}")
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

pack() { dotnet pack "$@" -c Release -o "$out" --artifacts-path "$scratch" "${properties[@]}"; }
pack src/ManagedBpf.Object
pack src/ManagedBpf
pack src/ManagedBpf.Build
pack src/Mbpf
pack src/Mbpf -r linux-x64
pack src/Mbpf -r linux-arm64 -p:CppCompilerAndLinker=clang-19 -p:ObjCopyName=aarch64-linux-gnu-objcopy
pack src/Mbpf -r any
ls "$out"
