# Sourced by run.sh: build_initramfs OUT ARCH writes the guest's whole root file system as an uncompressed
# newc cpio (the kernel unpacks it into its rootfs; no compression, since decompressing under an emulated CPU
# costs more than reading a few more MiB):
#   /init                the runner (guest/init), /vm/lib.sh the checks' helpers, /vm/checks/ the checks
#   /bin/busybox, bash, /usr/sbin/bpftool, /usr/bin/proctracer, /usr/bin/mbpf, with their libraries
#   /boot/config-RELEASE the kernel's configuration, as Debian installs it
#   /vm/repo/PATH        each repository file a check names on a "# vm-files: GLOB..." line
#   /lib/modules/RELEASE each kernel module a check names on a "# vm-modules: NAME..." line, with those it
#                        depends on and modules.dep (for modprobe); names built into this kernel are skipped
# VM_CHECKS=REGEX keeps only the checks whose file name matches. A check with a "# vm-arch: ARCH..." line goes
# only into the guests of those architectures (a check that cannot run on one is left out, not skipped).

build_initramfs() {
  local out=$1 arch=$2 stage check glob path module archs
  stage=${out%.cpio}.d
  rm -rf "$stage"
  mkdir -p "$stage"/{vm/checks,vm/repo,bin,boot,usr/bin,usr/sbin,proc,sys,dev,tmp,root}
  cp "$KERNEL_CONFIG" "$stage/boot/"

  cp "$SYSROOT/bin/busybox" "$stage/bin/busybox"
  copy_elf "$SYSROOT/bin/bash" bin/bash "$stage"
  copy_elf "$SYSROOT/usr/sbin/bpftool" usr/sbin/bpftool "$stage"
  copy_elf "$PUBLISH_DIR/proctracer" usr/bin/proctracer "$stage"
  copy_elf "$PUBLISH_DIR/mbpf" usr/bin/mbpf "$stage"

  install -m 755 "$VM_DIR/guest/init" "$stage/init"
  cp "$VM_DIR/guest/lib.sh" "$stage/vm/lib.sh"
  for check in "$VM_DIR"/checks/*.sh; do
    [[ $(basename "$check") =~ ${VM_CHECKS:-.} ]] || continue
    archs=$(sed -n 's/^# vm-arch://p' "$check")
    [[ -z $archs || " $archs " == *" $arch "* ]] || continue
    cp "$check" "$stage/vm/checks/"
    for module in $(sed -n 's/^# vm-modules://p' "$check"); do
      copy_module "$module" "$stage"
    done
    for glob in $(sed -n 's/^# vm-files://p' "$check"); do
      for path in "$REPO"/$glob; do
        [[ -e $path ]] || die "$(basename "$check"): vm-files $glob matches nothing"
        mkdir -p "$stage/vm/repo/$(dirname "${path#"$REPO"/}")"
        cp -r "$path" "$stage/vm/repo/${path#"$REPO"/}"
      done
    done
  done

  (cd "$stage" && find . -print0 | cpio --null -o -H newc -R 0:0 --quiet) >"$out"
}

# copy_module NAME STAGE: NAME.ko and what it depends on (modules.dep lists them all, transitively),
# decompressed (6.12's are .ko.xz, which busybox's insmod may not read) under a modules.dep that says .ko.
# modules.builtin goes along so the guest can tell a built-in module from a missing one.
copy_module() {
  local name=$1 line file plain dest=$2/lib/modules/$KERNEL_RELEASE
  mkdir -p "$dest"
  cp "$KERNEL_MODULES/modules.builtin" "$dest/"
  sed 's/\.ko\.xz\b/.ko/g' "$KERNEL_MODULES/modules.dep" >"$dest/modules.dep"
  line=$(grep -E "(^|/)${name//-/_}\.ko(\.xz)?:" "$KERNEL_MODULES/modules.dep" || true)
  if [[ -z $line ]]; then
    grep -qE "/${name//-/_}\.ko\$" "$KERNEL_MODULES/modules.builtin" ||
      die "kernel module $name: neither a module nor built into $KERNEL_RELEASE"
    return
  fi
  for file in ${line/:/}; do
    plain=${file%.xz}
    mkdir -p "$dest/$(dirname "$file")"
    if [[ $file == *.xz ]]; then
      xz -dc "$KERNEL_MODULES/$file" >"$dest/$plain"
    else
      cp "$KERNEL_MODULES/$file" "$dest/$plain"
    fi
  done
}
