#!/usr/bin/env bash
# The README's test command, and all that CI (.ci/run) runs:
#   sudo ./test.sh [ARGS]      ARGS go to `dotnet test`, e.g. sudo ./test.sh --filter FullyQualifiedName~Ring
# On a machine that has only the .NET SDK it
#   1. installs the Debian packages listed in tests/prerequisites that are missing (apt-get),
#   2. checks that the committed BPF objects are what their sources build to, and that `dotnet format`
#      has nothing to change, and builds the API reference site (docs/build.sh, docfx from NuGet),
#   3. runs every test with CI=true, so a kernel test that lacks root or BTF fails instead of skipping,
#      and the object model's tests again as an unprivileged user (nobody, no capabilities),
#   4. runs the kernel VM matrix, tests/vm/matrix.sh, when there is one (SKIP_VM=1 leaves it out),
# and ends with one line, "N passed, N failed, N skipped" (each check counts as one test), with exit
# status 0 only when nothing failed.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# KernelFactAttribute: under CI=true a kernel test that cannot run fails; a silent skip would hide a
# machine that tests nothing.
export CI=true

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

passed=0 failed=0 skipped=0
summary() { echo; echo "$passed passed, $failed failed, $skipped skipped"; }
# A failure before the tests: one line saying what to do, then the summary line every run ends with.
die() { echo "test.sh: $*" >&2; failed=$((failed + 1)); summary; exit 1; }
step() { echo; echo "=== $*"; }

[[ $(id -u) == 0 ]] || die "run as root (sudo ./test.sh): the kernel tests load BPF programs"

# 1. Prerequisites. "PACKAGE [PROOF...]": each PROOF is a command on PATH or an absolute path; without one,
# dpkg says whether PACKAGE is installed. Checking the proofs first lets a machine that has the tools from
# elsewhere (or that is not Debian) run the tests without apt-get.
present() {
  local package=$1 proof
  shift
  (($#)) || { dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; return; }
  for proof; do
    case $proof in
      /*) [[ -e $proof ]] || return 1 ;;
      *) command -v "$proof" >/dev/null || return 1 ;;
    esac
  done
}
missing=() proofs=()
while read -r line || [[ -n $line ]]; do
  line=${line%%#*}
  read -r package proof <<<"$line" || true
  [[ -n $package ]] || continue
  # shellcheck disable=SC2086 # the proofs are words
  present "$package" $proof || { missing+=("$package"); proofs+=("$proof"); }
done <tests/prerequisites
if ((${#missing[@]})); then
  step "installing ${missing[*]} (apt-get)"
  command -v apt-get >/dev/null || die "${missing[*]} missing and no apt-get to install them: install them by hand"
  # Quiet: apt's own errors (E: lines) are shown only when it fails.
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
      >"$scratch/apt" 2>&1; then
    grep -E '^(E|W):' "$scratch/apt" >&2 || tail -n 5 "$scratch/apt" >&2
    die "apt-get install ${missing[*]} failed"
  fi
  for i in "${!missing[@]}"; do
    # shellcheck disable=SC2086
    present "${missing[$i]}" ${proofs[$i]} || die "${missing[$i]} installed, but ${proofs[$i]:-dpkg} does not show it"
  done
fi

# 2. The checks CI always made, now made wherever the tests run.
step "bpf objects are what their sources build to"
bpf/build.sh --check && passed=$((passed + 1)) || failed=$((failed + 1))

step "dotnet format"
# dotnet format sees the code as the compiler does, generated sources included: the <BpfObject> item's C# comes
# from mbpf gen at build time (build/ManagedBpf.targets), so a clean clone is built first.
if ! dotnet build ManagedBpf.sln -v quiet -nologo >"$scratch/build" 2>&1; then
  grep -E ' error ' "$scratch/build" | sort -u >&2 || tail -n 20 "$scratch/build" >&2
  echo "test.sh: dotnet build ManagedBpf.sln failed" >&2
  failed=$((failed + 1))
elif dotnet format ManagedBpf.sln --verify-no-changes; then
  echo "nothing to format"
  passed=$((passed + 1))
else
  echo "test.sh: dotnet format found changes: run 'just fmt' (dotnet format ManagedBpf.sln)" >&2
  failed=$((failed + 1))
fi

step "API reference site (docs/build.sh)"
if docs/build.sh; then
  passed=$((passed + 1))
else
  echo "test.sh: the API reference site did not build: a broken cref or doc comment (docs/build.sh)" >&2
  failed=$((failed + 1))
fi

# 3. The tests. dotnet test prints one line per test assembly:
# "Passed!  - Failed:     0, Passed:   639, Skipped:     0, Total:   639, Duration: 2 m 3 s - ManagedBpf.Tests.dll (net10.0)"
step "dotnet test ManagedBpf.sln${*:+ $*}"
status=0
dotnet test ManagedBpf.sln "$@" 2>&1 | tee "$scratch/test" || status=$?
read -r p f s < <(sed -nE 's/.*(Passed|Failed)! +- Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+), Total:.*/\3 \2 \4/p' "$scratch/test" |
  awk '{ p += $1; f += $2; s += $3 } END { print p + 0, f + 0, s + 0 }')
passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
# A build error or a crashed test host fails without any count.
if [[ $status != 0 && $f == 0 ]]; then
  echo "test.sh: dotnet test exited with $status" >&2
  failed=$((failed + 1))
fi

# 3b. The object model is pure (bytes in, specs out): its tests must also pass for a user with no privilege
# and no capability at all, which only a run as such a user shows. Counted as one check.
step "the object model's tests as nobody, with no capabilities"
# They run from a copy in the scratch directory (the clone may lie where nobody cannot read, /root): the
# build, and what the tests read from the repository (its root marker, the BPF objects, the fuzzers' regressions).
built=tests/ManagedBpf.Object.Tests/bin/Debug/net10.0
pure=$scratch/repo/$built/ManagedBpf.Object.Tests.dll
if [[ -f $built/ManagedBpf.Object.Tests.dll ]]; then
  home=$scratch/nobody
  mkdir -m 777 "$home"
  chmod 755 "$scratch"
  mkdir -p "$scratch/repo/$built"
  cp -r ManagedBpf.sln bpf "$scratch/repo/"
  cp -r tests/Shared "$scratch/repo/tests/"
  cp -r "$built/." "$scratch/repo/$built/"
  if setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
      env HOME="$home" DOTNET_CLI_HOME="$home" dotnet test "$pure" --results-directory "$home/results" 2>&1 |
      tee "$scratch/pure.log" | grep -E '^(Passed|Failed)!'; then
    grep -q '^Passed!' "$scratch/pure.log" && passed=$((passed + 1)) || failed=$((failed + 1))
  else
    tail -n 20 "$scratch/pure.log" >&2
    failed=$((failed + 1))
  fi
else
  echo "test.sh: $built/ManagedBpf.Object.Tests.dll was not built" >&2
  failed=$((failed + 1))
fi

# 4. The VM matrix: the same tests on other kernels and architectures. It ends with
# "vm: N passed, N failed, N skipped" and exits non-zero on a failure.
if [[ -x tests/vm/matrix.sh ]]; then
  if [[ ${SKIP_VM:-} == 1 ]]; then
    step "tests/vm/matrix.sh left out (SKIP_VM=1)"
  else
    step "tests/vm/matrix.sh"
    status=0
    tests/vm/matrix.sh 2>&1 | tee "$scratch/vm" || status=$?
    counts=$(sed -nE 's/^vm: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$/\1 \2 \3/p' "$scratch/vm" | tail -n 1)
    if [[ -n $counts ]]; then
      read -r p f s <<<"$counts"
      passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    else
      f=0
      echo "test.sh: tests/vm/matrix.sh printed no final 'vm: N passed, N failed, N skipped' line" >&2
      failed=$((failed + 1))
    fi
    if [[ $status != 0 && $f == 0 && -n $counts ]]; then
      echo "test.sh: tests/vm/matrix.sh exited with $status" >&2
      failed=$((failed + 1))
    fi
  fi
fi

summary
((failed == 0))
