# Sourced by run.sh: fetch_kernel KERNEL ARCH finds the newest Debian cloud kernel of that series, downloads and
# unpacks it once under $VM_CACHE/kernels/PACKAGE, and sets KERNEL_IMAGE (what qemu -kernel boots),
# KERNEL_RELEASE (uname -r), KERNEL_MODULES (its lib/modules/RELEASE, for modules the initramfs loads) and
# KERNEL_CONFIG (its /boot/config-RELEASE: the guest gets it where Debian installs it, since both loaders read
# __kconfig externs from there and the cloud kernels have no /proc/config.gz).

# The cloud flavour boots fastest (no drivers for real hardware) and still has BPF, BTF, kprobes and
# trampolines. 6.1 is bookworm's own series; 6.12 comes from bookworm-backports (6.12.N+deb12).
kernel_package_regex() {
  local kernel=$1 darch=$2
  case $kernel in
    6.1) echo "^linux-image-6\.1\.0-[0-9]+-cloud-$darch\$" ;;
    6.12) echo "^linux-image-6\.12\.[0-9]+\+deb12-cloud-$darch\$" ;;
    *) die "unknown kernel series $kernel (6.1 or 6.12)" ;;
  esac
}

fetch_kernel() {
  local kernel=$1 arch=$2 darch pkg dir deb
  darch=$(deb_arch "$arch")
  need_foreign_arch "$darch"
  pkg=$(newest_package "$(kernel_package_regex "$kernel" "$darch")")
  dir=$VM_CACHE/kernels/$pkg
  if [[ ! -f $dir/.unpacked ]]; then
    note "downloading $pkg"
    deb=$(fetch_deb "$pkg:$darch" "$VM_CACHE/debs/$darch")
    rm -rf "$dir"
    mkdir -p "$dir"
    dpkg-deb -x "$deb" "$dir/root"
    # The package has no modules.dep (the installer runs depmod); busybox modprobe in the guest needs it.
    depmod -b "$dir/root" "$(basename "$(compgen -G "$dir/root/lib/modules/*" | head -n1)")"
    touch "$dir/.unpacked"
  fi
  # qemu -kernel boots vmlinuz as it is: a bzImage on x86-64, a raw Image (with its EFI stub) on arm64.
  KERNEL_IMAGE=$(compgen -G "$dir/root/boot/vmlinuz-*" | head -n1) || die "$pkg has no /boot/vmlinuz-*"
  KERNEL_MODULES=$(compgen -G "$dir/root/lib/modules/*" | head -n1) || die "$pkg has no lib/modules"
  KERNEL_RELEASE=$(basename "$KERNEL_MODULES")
  KERNEL_CONFIG=$dir/root/boot/config-$KERNEL_RELEASE
  KERNEL_PACKAGE=$pkg
}
