# vm-arch: x86_64
# vm-modules: virtio_pci virtiofs overlay
# The attach kinds the project's 6.18 host refuses (no CONFIG_KPROBES, no BPF trampolines), attached and counted
# on this kernel by the host's xunit tests: kprobe, kretprobe (PMU and tracefs kprobe_events with maxactive),
# ksyscall, kprobe.multi (tests/ManagedBpf.Tests/Links/KernelProbeTests) and fentry, fexit, fmod_ret
# (Programs/TrampolineTests); with them the uprobe, usdt, raw_tp, tp_btf, tp, iterator and cpu-clock tests, which
# run on the host too. uprobe.multi (6.6) is left out: 6.1 has none.
source /vm/lib.sh

xunit_check xunit-attach-kernel "FullyQualifiedName~KernelProbeTests|FullyQualifiedName~TrampolineTests|FullyQualifiedName~TracingAttachTests|(FullyQualifiedName~UserProbeTests&FullyQualifiedName!~UprobeMulti)"
