using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// Attaches a program where its <see cref="AttachPoint"/> says, with the attach function of its kind: what libbpf's
/// bpf_program__attach does through the section's prog_attach_fn.
/// </summary>
public static class AutoAttach
{
    extension(BpfProgram program)
    {
        /// <summary>Attaches this program at <paramref name="point"/>.</summary>
        /// <param name="point">Where (from <see cref="AttachPoint.Of"/> or <see cref="AttachPoint.WithTarget"/>).</param>
        /// <param name="usdt">The object's USDT maps, for a <see cref="AttachPoint.Usdt"/> point.</param>
        /// <exception cref="BpfException">The attachment failed; <see cref="BpfNotSupportedException"/> when the kernel
        /// lacks the kind.</exception>
        public BpfLink Attach(AttachPoint point, UsdtSpecs? usdt = null) => point switch
        {
            AttachPoint.Tracepoint tp => program.AttachTracepoint(tp.Category, tp.Name),
            AttachPoint.RawTracepoint raw => program.AttachRawTracepoint(raw.Name),
            AttachPoint.Kprobe k => program.AttachKprobe(k.Function, k.Offset, k.Return),
            AttachPoint.Ksyscall k => program.AttachKsyscall(k.Syscall, k.Return),
            AttachPoint.KprobeMulti k => program.AttachKprobeMulti(k.Pattern, k.Return, k.Session),
            AttachPoint.Uprobe u => program.AttachUprobe(u.Binary, u.Function, u.Offset, u.Return),
            AttachPoint.UprobeMulti u => program.AttachUprobeMulti(u.Binary, u.Pattern, u.Return, session: u.Session),
            AttachPoint.Usdt u => program.AttachUsdt(usdt ?? throw new BpfException(
                $"program '{program.Name}' is a USDT program, but its object has no {UsdtSpecs.SpecMap} map (include <bpf/usdt.bpf.h>)"), u.Binary, u.Provider, u.Name),
            AttachPoint.Tracing => program.AttachTracing(),
            AttachPoint.Iterator => program.AttachIterator(),
            _ => throw new ArgumentOutOfRangeException(nameof(point), point, "unknown attach point"),
        };
    }
}
