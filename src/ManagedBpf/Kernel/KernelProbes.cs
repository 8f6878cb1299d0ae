using System.Runtime.InteropServices;
using System.Text;
using ManagedBpf.Asm;
using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Kernel;

/// <summary>
/// The probes behind libbpf's virtual kconfig externs LINUX_HAS_BPF_COOKIE and LINUX_HAS_SYSCALL_WRAPPER
/// (probe_kern_bpf_cookie, probe_kern_syscall_wrapper): each asks the kernel to do the thing.
/// </summary>
internal static class KernelProbes
{
    /// <summary>BPF_FUNC_get_attach_cookie.</summary>
    private const int GetAttachCookie = 174;

    /// <summary>
    /// The architecture's part of syscall wrapper names (<c>__x64_sys_bpf</c>: <c>x64</c>), as libbpf's
    /// arch_specific_syscall_pfx names it; null where none is known.
    /// </summary>
    public static string? ArchitecturePrefix => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x64",
        Architecture.X86 => "ia32",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.S390x => "s390x",
        Architecture.RiscV64 => "riscv",
        Architecture.LoongArch64 => "loongarch",
        Architecture.Ppc64le => "powerpc64",
        _ => null,
    };

    /// <summary>Does a tracepoint program that calls bpf_get_attach_cookie() load?</summary>
    public static bool BpfCookie()
    {
        try
        {
            using var program = BpfProgram.Load(new ProgramLoadOptions
            {
                Name = "probe_cookie",
                Type = ProgramType.Tracepoint,
                Instructions = [Emit.CallHelper(GetAttachCookie), Emit.Exit()],
            });
            return true;
        }
        catch (BpfException)
        {
            return false;
        }
    }

    /// <summary>
    /// Do syscalls enter through arch wrappers (<c>__x64_sys_bpf</c>), so that a kprobe on a syscall must take its
    /// arguments from the wrapped pt_regs? Answered as libbpf does, by opening a kprobe on the wrapper of bpf(2)
    /// through the kprobe PMU. Without that PMU (kernels before 4.17, or no CONFIG_KPROBES) the answer is no:
    /// such kernels cannot kprobe the syscall anyway.
    /// </summary>
    public static unsafe bool SyscallWrapper()
    {
        var prefix = ArchitecturePrefix;
        if (prefix is null || ProbeEvents.PmuType("kprobe") is not { } pmuType)
            return false;
        var function = Encoding.ASCII.GetBytes($"__{prefix}_sys_bpf\0");
        fixed (byte* name = function)
        {
            var attr = new PerfEventAttr { Type = pmuType, Config1 = (ulong)name };
            try
            {
                using var probe = PerfEvent.Open(ref attr, Environment.ProcessId, -1, -1, 0, "kprobe probe");
                return true;
            }
            catch (BpfSyscallException)
            {
                return false;
            }
        }
    }
}
