using ManagedBpf;
using ProcTracer.Bootstrap;

namespace ProcTracer;

/// <summary>
/// bootstrap.bpf.o through <see cref="BootstrapObject"/>, the class <c>mbpf gen</c> writes from its BTF at build
/// (ProcTracer.csproj's BpfObject item): its maps, programs, <c>min_duration_ns</c> and <c>struct event</c> are typed
/// members, so no name of the object is spelled here and no C layout is mirrored by hand.
/// </summary>
internal static class BootstrapSpec
{
    /// <summary>The object's source, for messages about a wrong --object.</summary>
    public const string Source = "bootstrap.bpf.c";

    /// <summary>
    /// Parses <paramref name="image"/> under <paramref name="name"/> (libbpf's object name, which prefixes the
    /// global-data maps' kernel names) and checks it has every map, program and variable the class names.
    /// </summary>
    public static BootstrapObject.Spec Open(byte[] image, string name, string objectName, Action<string>? log)
    {
        var parsed = ObjectSpec.Parse(image, name, log);
        try
        {
            return new BootstrapObject.Spec(parsed);
        }
        catch (BpfException e)
        {
            throw Messages.ForeignObject(objectName, e, Source);
        }
    }

    /// <summary>Sets what <paramref name="options"/> ask for, as bootstrap.c sets its skeleton's rodata.</summary>
    public static void Configure(BootstrapObject.Spec spec, Options options)
    {
        spec.Rodata.MinDurationNs = options.MinDurationNs;
        // The raw tracepoint twins of the perf tracepoint programs: the same records, and a raw tracepoint link
        // detaches without the RCU wait a perf event's does (perf_event_release_kernel), so the tracer exits sooner.
        spec.HandleExecRaw.AutoLoad = true;
        spec.HandleExitRaw.AutoLoad = true;
        spec.HandleExec.AutoLoad = false;
        spec.HandleExit.AutoLoad = false;
    }
}
