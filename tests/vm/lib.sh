# Shared by run.sh and matrix.sh (sourced, not run): where things are kept, how missing tools are installed,
# and how Debian packages are found and fetched. Everything downloaded or built lands under $VM_CACHE so a
# second run of the same VM downloads nothing.

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$VM_DIR/../.." && pwd)
VM_CACHE=${VM_CACHE:-/var/cache/managedbpf-vm}
# Outputs that depend on this work tree (published executables, initramfs, console logs) stay beside it.
VM_OUT=${VM_OUT:-$REPO/artifacts/vm}

die() { echo "vm: $*" >&2; exit 1; }
note() { echo "vm: $*" >&2; }

# apt's lists can be empty on a fresh machine (or lack a foreign architecture's): update once, lazily.
apt_updated=
apt_update() {
  [[ -n $apt_updated ]] && return
  apt-get update -qq >&2 || die "apt-get update failed"
  apt_updated=1
}

# need_packages PACKAGE...: installs those of the Debian packages that are not installed (a fresh machine).
need_packages() {
  local pkg missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  apt_update
  note "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
}

# Debian ships arm64 packages under the arm64 architecture of the same archive; apt sees them only once the
# architecture is added.
need_foreign_arch() {
  local arch=$1
  [[ $arch == "$(dpkg --print-architecture)" ]] && return
  dpkg --print-foreign-architectures | grep -qx "$arch" && return
  dpkg --add-architecture "$arch"
  apt_updated=
  apt_update
}

# newest_package REGEX: the highest version-sorted package name matching REGEX (anchored by the caller).
newest_package() {
  local regex=$1 name
  name=$(apt-cache search --names-only "$regex" | awk '{ print $1 }' | grep -E "$regex" | sort -V | tail -n1)
  if [[ -z $name ]]; then
    apt_update
    name=$(apt-cache search --names-only "$regex" | awk '{ print $1 }' | grep -E "$regex" | sort -V | tail -n1)
  fi
  [[ -n $name ]] || die "no package matches $regex (apt-cache search)"
  echo "$name"
}

# fetch_deb PACKAGE[:ARCH] DIR: the package's .deb in DIR (downloaded once), its path on stdout.
fetch_deb() {
  local pkg=$1 dir=$2 base deb
  base=${pkg%%:*}
  mkdir -p "$dir"
  deb=$(compgen -G "$dir/${base}_*.deb" | head -n1 || true)
  if [[ -z $deb ]]; then
    # As root into a directory the _apt user cannot write: download as root (apt would warn, then do it).
    (cd "$dir" && apt-get -o APT::Sandbox::User=root download -qq "$pkg" >&2) ||
      { apt_update; (cd "$dir" && apt-get -o APT::Sandbox::User=root download -qq "$pkg" >&2); } ||
      die "apt-get download $pkg failed"
    deb=$(compgen -G "$dir/${base}_*.deb" | head -n1)
  fi
  echo "$deb"
}

# Debian's and the kernel's names for an architecture.
deb_arch() {
  case $1 in
    x86_64) echo amd64 ;;
    arm64) echo arm64 ;;
    *) die "unknown architecture $1 (x86_64 or arm64)" ;;
  esac
}
