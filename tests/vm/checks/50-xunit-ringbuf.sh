# vm-arch: x86_64
# vm-modules: virtio_pci virtiofs overlay
# The ring buffer kernel tests (tests/ManagedBpf.Tests/RingBuffer) on this kernel, through the host's build
# (xunit_check in lib.sh). Under emulation this takes minutes (tests/vm/README.md has the times);
# VM_DOTNET_TESTS=0 on the host leaves it out.
source /vm/lib.sh

xunit_check xunit-ringbuf-kernel "FullyQualifiedName~ManagedBpf.Tests.RingBuffer"
