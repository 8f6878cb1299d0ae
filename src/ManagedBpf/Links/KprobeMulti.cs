using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ManagedBpf.Interop;
using ManagedBpf.Kernel;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// One link on many kernel functions (BPF_TRACE_KPROBE_MULTI, 5.18+, through fprobe), as libbpf's
/// bpf_program__attach_kprobe_multi_opts makes it: a plain name goes to the kernel as is; a pattern (<see cref="Glob"/>)
/// is matched against tracefs <c>available_filter_functions_addrs</c> (6.5+) and the addresses passed, else against
/// <c>available_filter_functions</c> and the names passed. The program must have been loaded with expected attach type
/// BPF_TRACE_KPROBE_MULTI (section <c>kprobe.multi/</c>).
/// </summary>
public static class KprobeMulti
{
    /// <summary>BPF_F_KPROBE_MULTI_RETURN.</summary>
    private const uint ReturnFlag = 1;

    extension(BpfProgram program)
    {
        /// <summary>Attaches this program to every kernel function <paramref name="pattern"/> matches.</summary>
        /// <param name="pattern">A function name, or a pattern with '*' and '?'.</param>
        /// <param name="isReturn">Run when the functions return.</param>
        /// <param name="session">A kprobe.session program (6.10+): run at entry and return.</param>
        /// <exception cref="BpfNotSupportedException">The kernel lacks kprobe.multi (no CONFIG_FPROBE, or before 5.18).</exception>
        /// <exception cref="BpfException">Nothing matches the pattern.</exception>
        public unsafe BpfLink AttachKprobeMulti(string pattern, bool isReturn = false, bool session = false)
        {
            ArgumentException.ThrowIfNullOrEmpty(pattern);
            var description = $"{(session ? "kprobe.session" : isReturn ? "kretprobe.multi" : "kprobe.multi")} {pattern}";
            var (type, feature, minimum) = session
                ? (AttachType.TraceKprobeSession, "BPF_TRACE_KPROBE_SESSION (CONFIG_FPROBE)", "6.10")
                : (AttachType.TraceKprobeMulti, "BPF_TRACE_KPROBE_MULTI (CONFIG_FPROBE)", "5.18");
            Probe(program, type, description, feature, minimum);
            var (names, addresses) = Resolve(pattern);
            var nameBytes = names.Select(n => Encoding.UTF8.GetBytes(n + "\0")).ToArray();
            var handles = nameBytes.Select(b => GCHandle.Alloc(b, GCHandleType.Pinned)).ToArray();
            try
            {
                var pointers = handles.Select(h => (ulong)h.AddrOfPinnedObject()).ToArray();
                fixed (ulong* syms = pointers)
                fixed (ulong* addrs = addresses)
                {
                    var attr = new LinkCreateAttr
                    {
                        KprobeMultiFlags = isReturn ? ReturnFlag : 0,
                        KprobeMultiCnt = (uint)(names.Count + addresses.Length),
                        KprobeMultiSyms = names.Count > 0 ? (ulong)syms : 0,
                        KprobeMultiAddrs = addresses.Length > 0 ? (ulong)addrs : 0,
                    };
                    return LinkCreate.Link(program, 0, type, ref attr, description, feature, minimum);
                }
            }
            finally
            {
                foreach (var handle in handles)
                    handle.Free();
            }
        }
    }

    /// <summary>
    /// Asks the kernel before reading tracefs: with no function at all, a kernel built without fprobe answers
    /// EOPNOTSUPP (the stub of bpf_kprobe_multi_link_attach, kernel/trace/bpf_trace.c) and one with it EINVAL.
    /// </summary>
    private static void Probe(BpfProgram program, AttachType type, string description, string feature, string minimum)
    {
        var attr = default(LinkCreateAttr);
        try
        {
            LinkCreate.Create(program, 0, type, ref attr, description, feature, minimum).Dispose();
        }
        catch (BpfSyscallException e) when (e.Errno == Errno.EINVAL)
        {
        }
    }

    /// <summary>The names or addresses <paramref name="pattern"/> stands for.</summary>
    private static (IReadOnlyList<string> Names, ulong[] Addresses) Resolve(string pattern)
    {
        if (!Glob.HasWildcard(pattern))
            return ([pattern], []);
        try
        {
            return Match(pattern);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BpfException($"cannot match '{pattern}' against the kernel's traceable functions: {e.Message}", e);
        }
    }

    private static (IReadOnlyList<string> Names, ulong[] Addresses) Match(string pattern)
    {
        var tracefs = Tracefs.Locate();
        var withAddresses = Path.Combine(tracefs, "available_filter_functions_addrs");
        if (File.Exists(withAddresses))
        {
            // "ffffffff81001000 do_one_initcall [module]"
            var addresses = File.ReadLines(withAddresses)
                .Select(line => line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length >= 2 && Glob.Match(f[1], pattern))
                .Select(f => ulong.Parse(f[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture))
                .ToArray();
            return addresses.Length > 0 ? ([], addresses) : throw NoMatch(pattern, withAddresses);
        }
        var functions = Path.Combine(tracefs, "available_filter_functions");
        if (!File.Exists(functions))
            throw new BpfNotSupportedException("function tracing (CONFIG_FUNCTION_TRACER: no available_filter_functions)", null);
        var names = File.ReadLines(functions).Select(line => line.Split(' ', 2)[0]).Where(n => Glob.Match(n, pattern)).Distinct().ToList();
        return names.Count > 0 ? (names, []) : throw NoMatch(pattern, functions);
    }

    private static BpfException NoMatch(string pattern, string file) => new($"no kernel function in {file} matches '{pattern}'");
}
