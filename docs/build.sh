#!/usr/bin/env bash
# The API reference site, from the libraries' XML documentation, into docs/api (a static site; open
# docs/api/index.html): docfx, pinned in .config/dotnet-tools.json and restored from NuGet, reads the Release
# build of ManagedBpf and ManagedBpf.Object (their .dll and .xml) and renders them with tour.md and packaging.md.
# A warning of docfx metadata (a doc comment it cannot read) fails the script. The build warns about the
# tour's links into src/ and bpf/, which are outside the site (they work on the repository's web view).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf artifacts/docs docs/api
dotnet build src/ManagedBpf -c Release -o artifacts/docs/bin --artifacts-path artifacts/docs/build
dotnet tool restore
dotnet docfx metadata docs/docfx.json --warningsAsErrors
dotnet docfx build docs/docfx.json
echo "docs/api/index.html"
