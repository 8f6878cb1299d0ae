#!/usr/bin/env bash
# Every package of the repository into one folder, a local NuGet feed (docs/packaging.md):
#   ./pack.sh [--version VERSION] [OUT]      OUT defaults to artifacts/packages; VERSION to Directory.Build.props'
# ManagedBpf.Object and ManagedBpf (each with its .snupkg), ManagedBpf.Build (the <BpfObject> item as buildTransitive
# targets, with mbpf framework-dependent in tools/mbpf to run them), and the mbpf tool as .NET 10 RID-specific tool
# packages: mbpf (the pointer dotnet tool install reads), mbpf.linux-x64 (native AOT) and mbpf.any
# (framework-dependent, for every other platform .NET runs on). Intermediate files go to a scratch
# artifacts path, so a pack never races a build or publish of the same projects in src/*/obj.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

properties=()
if [[ ${1:-} == --version ]]; then
  properties+=("-p:Version=$2")
  shift 2
fi
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
pack src/Mbpf -r any
ls "$out"
