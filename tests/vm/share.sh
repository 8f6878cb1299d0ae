# Sourced by run.sh for VM_DOTNET_TESTS=1: share_host_root makes the host's whole file system (the .NET SDK,
# the NuGet cache, this work tree with its built tests) visible in the guest as virtio-fs tag "hostroot",
# served by qemu's virtiofsd. The cloud kernels have no 9p; virtio-fs they have (6.1: as modules, 6.12: built
# in). vhost-user needs the guest's memory in a shared memfd, hence the memory backend. The guest mounts it
# read-only. Sets SHARE_QEMU_ARGS; virtiofsd ends when qemu disconnects (and is killed on exit regardless).

share_host_root() {
  local memory_mib=$1 sock=$VM_OUT/virtiofs-$$.sock virtiofsd=/usr/lib/qemu/virtiofsd
  [[ -x $virtiofsd ]] || die "$virtiofsd missing (package qemu-system-common)"
  rm -f "$sock"
  "$virtiofsd" --socket-path="$sock" -o source=/ -o cache=always -o sandbox=chroot \
    >"$VM_OUT/virtiofsd.log" 2>&1 &
  VIRTIOFSD_PID=$!
  trap "kill $VIRTIOFSD_PID 2>/dev/null || true; rm -f '$sock'" EXIT
  local waited=0
  until [[ -S $sock ]]; do
    ((waited++ < 50)) || die "virtiofsd did not create $sock (log: $VM_OUT/virtiofsd.log)"
    sleep 0.1
  done
  SHARE_QEMU_ARGS=(-object "memory-backend-memfd,id=mem,size=${memory_mib}M,share=on" -numa node,memdev=mem
    -chardev "socket,id=hostroot,path=$sock" -device vhost-user-fs-pci,chardev=hostroot,tag=hostroot)
}
