#!/usr/bin/env bash
# tests/vm/run.sh KERNEL ARCH: boots the newest Debian cloud kernel of series KERNEL (6.1, 6.12) for ARCH
# (x86_64, arm64) in qemu (TCG: no KVM needed), runs the checks of tests/vm/checks/ inside, and prints
#   vm KERNEL ARCH: N passed, N failed, N skipped
# Exit status 0 when nothing failed. A VM that does not finish (hang, panic, VM_TIMEOUT seconds, default
# 900) is one failure, with its last console lines on stderr. The console log is in $VM_OUT (artifacts/vm).
# VM_CHECKS=REGEX runs only the matching checks. On x86_64 the xunit ring buffer kernel tests run too
# (checks/50-xunit-ringbuf.sh; the host's file system shared into the guest, minutes under emulation, so the
# time limits default to VM_CHECK_TIMEOUT=1500 and VM_TIMEOUT=1800 then); VM_DOTNET_TESTS=0 leaves them out.
# Needs root (apt-get, and the checks load BPF programs as the guest's root).
set -euo pipefail

source "$(dirname "$0")/lib.sh"
source "$VM_DIR/kernel.sh"
source "$VM_DIR/sysroot.sh"
source "$VM_DIR/publish.sh"
source "$VM_DIR/initramfs.sh"
source "$VM_DIR/share.sh"

[[ $# == 2 ]] || die "usage: tests/vm/run.sh KERNEL ARCH   (KERNEL: 6.1 or 6.12; ARCH: x86_64 or arm64)"
kernel=$1 arch=$2
[[ $(id -u) == 0 ]] || die "must run as root (apt-get, and the VM image is built as root)"

# binutils: readelf; kmod: depmod for the kernel packages' modules.dep; xz-utils: 6.12's modules.
case $arch in
  x86_64) need_packages qemu-system-x86 cpio binutils kmod xz-utils ;;
  arm64) need_packages qemu-system-arm cpio binutils kmod xz-utils ;;
  *) die "unknown architecture $arch (x86_64 or arm64)" ;;
esac

mkdir -p "$VM_OUT"
fetch_kernel "$kernel" "$arch"
fetch_sysroot "$arch"
publish_executables "$arch"
build_libbpf_load "$arch"
initramfs=$VM_OUT/initramfs-$kernel-$arch.cpio
build_initramfs "$initramfs" "$arch"

memory_mib=1024 SHARE_QEMU_ARGS=() append_extra=
check_timeout=${VM_CHECK_TIMEOUT:-300} vm_timeout=${VM_TIMEOUT:-900}
if [[ ${VM_DOTNET_TESTS:-1} == 1 && $arch == x86_64 ]]; then
  check_timeout=${VM_CHECK_TIMEOUT:-1500} vm_timeout=${VM_TIMEOUT:-1800}
  # The guest's dotnet test runs the test assembly built here; the SDK wants more memory than the tools.
  dotnet build "$REPO/tests/ManagedBpf.Tests" -v quiet -nologo >&2 || die "dotnet build tests/ManagedBpf.Tests failed"
  memory_mib=3072
  share_host_root "$memory_mib"
  append_extra=" vm.host_repo=$REPO"
fi

log=$VM_OUT/console-$kernel-$arch.log
note "prepared in $SECONDS s; booting $KERNEL_PACKAGE ($arch); console log: $log"
# quiet + printk level 1 in /init keep kernel messages off the result lines; panic=-1 with -no-reboot turns a
# panic into qemu's exit instead of a hang. -cpu max: every feature TCG emulates (and a 64-bit CPU on arm64,
# where the virt machine's default is a 32-bit cortex-a15).
# BPF LSM programs (checks/62-samples.sh: samples/Lsm) run only when "bpf" is in the boot's list of LSMs: the
# kernel's own default (CONFIG_LSM, which Debian's cloud kernels end with bpf), bpf appended when it lacks it.
lsm=$(sed -n 's/^CONFIG_LSM="\(.*\)"$/\1/p' "$(dirname "$KERNEL_IMAGE")"/config-* 2>/dev/null | head -n1 || true)
if [[ -n $lsm ]]; then
  [[ ,$lsm, == *,bpf,* ]] || lsm+=,bpf
  append_extra+=" lsm=$lsm"
fi
append="console=CONSOLE quiet panic=-1 vm.check_timeout=$check_timeout$append_extra"
case $arch in
  # no_timer_check: under emulation on a busy host the kernel's check that the 8254 timer ticks through the
  # IO-APIC can miss its window and panic the boot ("IO-APIC + timer doesn't work"); the emulated timer works.
  x86_64) qemu=(qemu-system-x86_64 -M pc -cpu max) console=ttyS0 append+=" no_timer_check" ;;
  arm64) qemu=(qemu-system-aarch64 -M virt -cpu max) console=ttyAMA0 ;;
esac
start=$SECONDS
status=0
timeout --kill-after=10 "$vm_timeout" "${qemu[@]}" -smp 2 -m "$memory_mib" -nodefaults -no-user-config \
  -display none -serial stdio -no-reboot -kernel "$KERNEL_IMAGE" -initrd "$initramfs" "${SHARE_QEMU_ARGS[@]}" \
  -append "${append/CONSOLE/$console}" </dev/null >"$log" 2>&1 || status=$?
tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
note "VM ran $((SECONDS - start)) s (qemu status $status)"

passed=$(grep -c '^vm-result: PASS ' "$log" || true)
failed=$(grep -c '^vm-result: FAIL ' "$log" || true)
skipped=$(grep -c '^vm-result: SKIP ' "$log" || true)
grep -E '^vm-result: (FAIL|SKIP) ' "$log" | sed 's/^vm-result: /  /' >&2 || true
if ! grep -q '^vm-done' "$log"; then
  failed=$((failed + 1))
  note "the VM did not finish (qemu status $status; 124: VM_TIMEOUT), its last console lines:"
  tail -n 25 "$log" | sed 's/^/  | /' >&2
fi
echo "vm $kernel $arch: $passed passed, $failed failed, $skipped skipped"
((failed == 0))
