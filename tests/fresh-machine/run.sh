#!/usr/bin/env bash
# Proves that the README's commands work on a fresh machine: a clean clone of this repository's HEAD, in a
# chroot that has only what a machine with the .NET SDK has, runs `sudo ./test.sh` (which must end with
# "N passed, 0 failed, 0 skipped") and `dotnet run --project src/ProcTracer` (which must print an EXEC row
# for a process started while it runs).
#   sudo tests/fresh-machine/run.sh [--rebuild]      or: just fresh-machine
# SKIP_VM=1 passes on to test.sh inside: the VM matrix (qemu guests, 15-30 min more) left out.
# Slow (a Debian root the first time, then a NuGet restore, the apt-get installs and the whole test suite):
# a manual or occasional check, not part of test.sh.
#
# "Fresh" means: Debian bookworm from debootstrap --variant=minbase, plus the host's .NET SDK (copied),
# the libraries the SDK needs (libicu, libssl, libgssapi-krb5, zlib), git, ca-certificates and sudo; apt
# sources, DNS, CA certificates, NuGet.Config and NUGET_* variables like the host's, so that Debian's
# mirror and NuGet are reached as the host reaches them. No clang, llvm, libbpf, bpftool, gcc, and an empty
# NuGet cache. The kernel is the host's: /proc, /sys (with its cgroup mounts) and /dev are bound in, a bpffs
# is mounted at /sys/fs/bpf as systemd does at boot, tracefs is left unmounted (the tracer mounts it).
#
# The root is built once and kept in $FRESH_ROOT/base (--rebuild, or a new SDK, builds it again); each run
# works in an overlay over it that is thrown away at the end, so every run starts from the same fresh root.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
FRESH_ROOT=${FRESH_ROOT:-/var/cache/managedbpf-fresh-machine}
SUITE=bookworm
# What the SDK needs at run time (Microsoft's list for Debian 12), and what the clone and the README need.
PACKAGES=ca-certificates,git,sudo,libc6,libgcc-s1,libgssapi-krb5-2,libicu72,libssl3,libstdc++6,zlib1g,tzdata
# Bump when the recipe of the base root changes, so that the cached one is rebuilt.
RECIPE=1

[[ $(id -u) == 0 ]] || { echo "run.sh: run as root (debootstrap, mount, chroot)" >&2; exit 1; }
rebuild=false
[[ ${1:-} == --rebuild ]] && rebuild=true
for tool in debootstrap dotnet git; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found on the host" >&2; exit 1; }
done
case $FRESH_ROOT in "$repo"|"$repo"/*) echo "run.sh: FRESH_ROOT must be outside the repository" >&2; exit 1 ;; esac
# Everything runs in a mount namespace of our own, so that nothing mounted here (nor tracefs or bpffs
# mounted by the tests inside the chroot) is seen by the host or outlives the run, even if it is killed.
if [[ ${FRESH_MACHINE_NS:-} != 1 ]]; then
  FRESH_MACHINE_NS=1 exec unshare --mount --propagation private -- "$0" "$@"
fi

started=$(date +%s)
say() { echo "fresh-machine: $*"; }

# The host's SDK, wherever `dotnet` resolves.
dotnet_home=$(dirname "$(readlink -f "$(command -v dotnet)")")
sdk_versions=$(dotnet --list-sdks | awk '{ print $1 }' | paste -sd, -)

# The Debian mirror the host's apt uses (deb822 "URIs:" or one-line "deb URL SUITE"), for debootstrap.
host_mirror() {
  local files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
  { cat "${files[@]}" 2>/dev/null || true; } |
    sed -nE 's,^URIs: *(https?://[^ ]*/debian)/?( .*)?$,\1,p; s,^deb +(\[[^]]*\] +)?(https?://[^ ]*/debian)/? .*,\2,p' | head -n 1
}
mirror=${MIRROR:-$(host_mirror)}
mirror=${mirror:-http://deb.debian.org/debian}

base=$FRESH_ROOT/base
stamp="recipe $RECIPE; $SUITE; sdk $sdk_versions; $PACKAGES"
if $rebuild || [[ ! -f $base/.fresh-machine-stamp || $(cat "$base/.fresh-machine-stamp") != "$stamp" ]]; then
  say "building the base root in $base ($SUITE from $mirror)"
  rm -rf "$base.new"
  mkdir -p "$FRESH_ROOT"
  debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$base.new" "$mirror" >"$FRESH_ROOT/debootstrap.log" 2>&1 ||
    { tail -n 20 "$FRESH_ROOT/debootstrap.log" >&2; echo "run.sh: debootstrap failed ($FRESH_ROOT/debootstrap.log)" >&2; exit 1; }
  # apt as the host has it: its sources (the active files only) and any proxy setting.
  rm -f "$base.new"/etc/apt/sources.list "$base.new"/etc/apt/sources.list.d/*
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    if [[ -f $f ]]; then cp "$f" "$base.new$f"; fi
  done
  for f in /etc/apt/apt.conf /etc/apt/apt.conf.d/*; do
    if [[ -f $f ]] && grep -qi proxy "$f"; then cp "$f" "$base.new$f"; fi
  done
  # A fresh machine has no package lists yet: test.sh must run apt-get update itself.
  rm -rf "$base.new"/var/lib/apt/lists/* "$base.new"/var/cache/apt/*.bin
  # The CA certificates the host adds (a TLS-inspecting proxy's, for one): NuGet is reached over https.
  if compgen -G '/usr/local/share/ca-certificates/*' >/dev/null; then
    cp -a /usr/local/share/ca-certificates/. "$base.new/usr/local/share/ca-certificates/"
    chroot "$base.new" update-ca-certificates >/dev/null 2>&1
  fi
  # The .NET SDK, installed as Microsoft's packages install it.
  mkdir -p "$base.new/usr/share/dotnet"
  cp -a "$dotnet_home/." "$base.new/usr/share/dotnet/"
  ln -sf /usr/share/dotnet/dotnet "$base.new/usr/bin/dotnet"
  # NuGet as the host reaches it: its user config (sources, mirror) and its NUGET_* variables. /etc/environment
  # is what PAM (sudo, login) gives every session.
  for config in "$HOME/.nuget/NuGet/NuGet.Config" /root/.nuget/NuGet/NuGet.Config; do
    if [[ -f $config ]]; then
      mkdir -p "$base.new/root/.nuget/NuGet"
      cp "$config" "$base.new/root/.nuget/NuGet/NuGet.Config"
      break
    fi
  done
  env | grep -E '^(NUGET_[A-Z_]*|https?_proxy|HTTPS?_PROXY|no_proxy|NO_PROXY)=' >>"$base.new/etc/environment" || true
  echo "$stamp" >"$base.new/.fresh-machine-stamp"
  rm -rf "$base"
  mv "$base.new" "$base"
fi

# The run: an overlay over the base, thrown away at the end.
run=$(mktemp -d "$FRESH_ROOT/run.XXXXXX")
root=$run/root
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  set +e
  if mountpoint -q "$root"; then
    # Build servers (MSBuild nodes, the compiler server) outlive `dotnet build`; anything else left is ours too.
    chroot "$root" /usr/bin/dotnet build-server shutdown >/dev/null 2>&1
    for p in /proc/[0-9]*; do
      [[ $(readlink "$p/root" 2>/dev/null) == "$root" ]] && kill -KILL "${p#/proc/}" 2>/dev/null
    done
    sleep 1
  fi
  for m in mnt/origin.git dev sys proc; do
    mountpoint -q "$root/$m" && umount -R "$root/$m"
  done
  mountpoint -q "$root" && umount "$root"
  rm -rf "$run"
}
trap cleanup EXIT
mkdir -p "$run/upper" "$run/work" "$root"
mount -t overlay overlay -o "lowerdir=$base,upperdir=$run/upper,workdir=$run/work" "$root"

# A real machine's kernel interfaces: the host's, bound in (rslave: a mount made inside stays inside).
for m in proc sys dev; do
  mount --rbind "/$m" "$root/$m"
  mount --make-rslave "$root/$m"
done
mountpoint -q "$root/sys/fs/bpf" || mount -t bpf bpf "$root/sys/fs/bpf"
mountpoint -q "$root/sys/kernel/tracing" && umount "$root/sys/kernel/tracing"
mountpoint -q "$root/sys/kernel/debug/tracing" && umount "$root/sys/kernel/debug/tracing"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp /etc/hosts "$root/etc/hosts"

# The repository, read-only, to clone from: its HEAD, committed work only.
git_dir=$(cd "$repo" && cd "$(git rev-parse --git-common-dir)" && pwd)
commit=$(git -C "$repo" rev-parse HEAD)
mkdir -p "$root/mnt/origin.git"
mount --bind -o ro "$git_dir" "$root/mnt/origin.git"
mount -o remount,bind,ro "$root/mnt/origin.git"

say "clean clone of $(git -C "$repo" log -1 --format='%h %s' | cut -c1-80)"
# Inside: a root login's environment, and the README's commands (inside.sh).
cp "$repo/tests/fresh-machine/inside.sh" "$root/root/inside.sh"
status=0
chroot "$root" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" LANG=C.UTF-8 SKIP_VM="${SKIP_VM:-}" \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  /bin/bash /root/inside.sh "$commit" || status=$?

summary=$(tail -n 1 "$root/root/test.log" 2>/dev/null || echo 'no test.log')
# A fresh machine has all the tests need: a skip there is a failure of this proof.
[[ $summary =~ ^[0-9]+\ passed,\ 0\ failed,\ 0\ skipped$ ]] || status=1
say "test.sh: $summary; tracer: $(grep -cE '^[0-9:]+ +EXEC +freshprobe ' "$root/root/tracer.out" 2>/dev/null || echo 0) EXEC rows of the probe"
say "wall time $(( $(date +%s) - started )) s, exit status $status"
exit $status
