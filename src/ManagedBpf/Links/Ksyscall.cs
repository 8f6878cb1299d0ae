using ManagedBpf.Kernel;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// A kprobe on a system call by its name (<c>kill</c>), as libbpf's bpf_program__attach_ksyscall finds the kernel
/// function: <c>__ARCH_sys_NAME</c> (<c>__x64_sys_kill</c>) on kernels whose syscalls enter through arch wrappers
/// (x86_64 since 4.17, arm64 since 4.19; found by probing, <see cref="KernelFeatures.SyscallWrapper"/>), else
/// <c>__se_sys_NAME</c>. Programs written with BPF_KSYSCALL read their arguments the matching way.
/// </summary>
public static class Ksyscall
{
    extension(BpfProgram program)
    {
        /// <summary>Attaches this program to the entry (or, with <paramref name="isReturn"/>, the return) of a syscall.</summary>
        /// <exception cref="BpfNotSupportedException">The kernel has no kprobes.</exception>
        public BpfLink AttachKsyscall(string syscall, bool isReturn = false, ulong cookie = 0)
        {
            ArgumentException.ThrowIfNullOrEmpty(syscall);
            return program.AttachKprobe(FunctionOf(syscall), isReturn: isReturn, cookie: cookie);
        }
    }

    /// <summary>The kernel function a ksyscall on <paramref name="syscall"/> probes on this kernel.</summary>
    public static string FunctionOf(string syscall) =>
        KernelFeatures.SyscallWrapper && KernelProbes.ArchitecturePrefix is { } arch ? $"__{arch}_sys_{syscall}" : $"__se_sys_{syscall}";
}
