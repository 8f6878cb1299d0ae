# Sourced by run.sh: the guest's user space comes from Debian packages of the guest's architecture (bookworm,
# like the kernels), not from the host, so the arm64 guest is built the same way as the x86-64 one and the
# guest's bpftool (libbpf 1.1, the corpus oracle) is the same build on both. fetch_sysroot ARCH unpacks them
# once into $VM_CACHE/sysroot/ARCH and sets SYSROOT; copy_elf copies a binary with the libraries it needs.

# bash runs /init and the checks (libbpf-tags.sh is bash); busybox gives the rest of the commands; bpftool is
# libbpf's loader for the tag oracle. The others are their libraries (run.sh fails if one is missing).
SYSROOT_PACKAGES=(busybox-static bash libtinfo6 libc6 libgcc-s1 bpftool libelf1 zlib1g libcap2)

fetch_sysroot() {
  local arch=$1 darch pkg deb
  darch=$(deb_arch "$arch")
  SYSROOT=$VM_CACHE/sysroot/$arch
  [[ -f $SYSROOT/.unpacked ]] && return
  need_foreign_arch "$darch"
  rm -rf "$SYSROOT"
  mkdir -p "$SYSROOT"
  for pkg in "${SYSROOT_PACKAGES[@]}"; do
    deb=$(fetch_deb "$pkg:$darch" "$VM_CACHE/debs/$darch")
    dpkg-deb -x "$deb" "$SYSROOT"
  done
  touch "$SYSROOT/.unpacked"
}

# find_lib NAME: where the sysroot keeps shared library NAME (Debian's multiarch directories first).
find_lib() {
  local name=$1 dir
  for dir in "$SYSROOT"/lib/*-linux-gnu "$SYSROOT"/usr/lib/*-linux-gnu "$SYSROOT"/lib "$SYSROOT"/usr/lib; do
    [[ -e $dir/$name ]] && { echo "$dir/$name"; return; }
  done
  return 1
}

# copy_elf FILE DEST STAGE: copies FILE to STAGE/DEST, then its interpreter and, recursively, every library it
# NEEDs at their sysroot paths (so the guest's ld.so finds them where Debian put them). readelf works on any
# architecture's ELF, which ldd does not.
copy_elf() {
  local file=$1 dest=$2 stage=$3 interp lib path
  mkdir -p "$stage/$(dirname "$dest")"
  cp -L "$file" "$stage/$dest"
  interp=$(readelf -l "$file" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
  if [[ -n $interp && ! -e $stage/$interp ]]; then
    mkdir -p "$stage/$(dirname "$interp")"
    cp -L "$SYSROOT/$interp" "$stage/$interp" || die "interpreter $interp of $file is not in $SYSROOT"
  fi
  for lib in $(readelf -d "$file" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    path=$(find_lib "$lib") || die "$lib (needed by $file) is not in $SYSROOT: add its package to SYSROOT_PACKAGES"
    [[ -e $stage/${path#"$SYSROOT"/} ]] || copy_elf "$path" "${path#"$SYSROOT"/}" "$stage"
  done
}
