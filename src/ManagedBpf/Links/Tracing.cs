using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// Attaching a program whose target was fixed at load by its attach_btf_id: tp_btf (a BTF-typed raw tracepoint),
/// fentry, fexit, fmod_ret (BPF trampolines on a kernel function) and lsm (a trampoline on an LSM hook), as libbpf's
/// bpf_program__attach_btf_id does: BPF_LINK_CREATE with the program's expected attach type (5.13+ for tracing), and on
/// EINVAL from an older kernel BPF_RAW_TRACEPOINT_OPEN without a name (5.5+).
/// </summary>
public static class Tracing
{
    extension(BpfProgram program)
    {
        /// <summary>Attaches this tp_btf, fentry, fexit, fmod_ret or lsm program to the target it was loaded for.</summary>
        /// <param name="cookie">What bpf_get_attach_cookie() returns (6.6+; needs BPF_LINK_CREATE).</param>
        /// <exception cref="BpfNotSupportedException">The kernel builds no BPF trampolines (fentry/fexit/fmod_ret/lsm).</exception>
        public BpfLink AttachTracing(ulong cookie = 0)
        {
            var kind = program.ExpectedAttachType switch
            {
                AttachType.TraceRawTracepoint => "tp_btf",
                AttachType.TraceFentry => "fentry",
                AttachType.TraceFexit => "fexit",
                AttachType.ModifyReturn => "fmod_ret",
                AttachType.LsmMac => "lsm",
                var other => throw new ArgumentException($"program '{program.Name}' (expected attach type {other}) is no tp_btf, fentry, fexit, fmod_ret or lsm program"),
            };
            var description = $"{kind} {program.Name}";
            var attr = new LinkCreateAttr { TracingCookie = cookie };
            try
            {
                return LinkCreate.Link(program, 0, program.ExpectedAttachType, ref attr, description, $"BPF_LINK_CREATE for {kind}", "5.13");
            }
            catch (BpfSyscallException e) when (e.Errno == Errno.EINVAL && cookie == 0)
            {
                return RawTracepoint.Open(program, null, description);
            }
        }
    }
}
