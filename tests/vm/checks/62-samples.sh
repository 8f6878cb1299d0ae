# vm-arch: x86_64
# vm-modules: virtio_pci virtiofs overlay
# The libbpf-bootstrap samples the project's 6.18 host cannot run (no CONFIG_KPROBES, no BPF trampolines), run
# by their xunit tests (tests/ManagedBpf.Tests/Samples/KernelProbeSampleTests) on this kernel: samples/Kprobe and
# samples/Fentry print an unlink's entry and exit, samples/Ksyscall a kill, samples/Lsm refuses bpf(2) while
# attached. The lsm sample needs "bpf" in the boot's LSM list, which run.sh puts on the kernel command line.
source /vm/lib.sh

xunit_check xunit-samples-kernel "FullyQualifiedName~KernelProbeSampleTests"
