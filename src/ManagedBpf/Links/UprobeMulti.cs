using System.Text;
using ManagedBpf.Binaries;
using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// One link on many user-space functions of one binary (BPF_TRACE_UPROBE_MULTI, 6.6+), as libbpf's
/// bpf_program__attach_uprobe_multi makes it from a pattern: every matching function symbol's file offset
/// (<see cref="FunctionOffsets.Matching"/>). The program must have been loaded with expected attach type
/// BPF_TRACE_UPROBE_MULTI (section <c>uprobe.multi/</c>).
/// </summary>
public static class UprobeMulti
{
    /// <summary>BPF_F_UPROBE_MULTI_RETURN.</summary>
    private const uint ReturnFlag = 1;

    extension(BpfProgram program)
    {
        /// <summary>Attaches this program to every function of <paramref name="binary"/> that <paramref name="pattern"/> matches.</summary>
        /// <param name="binary">An executable or shared library (a bare name is looked up as for uprobes).</param>
        /// <param name="pattern">A function name, or a pattern with '*' and '?'.</param>
        /// <param name="isReturn">Run when the functions return.</param>
        /// <param name="pid">Only this process; -1 for every process.</param>
        /// <param name="session">A uprobe.session program (6.13+): run at entry and return.</param>
        /// <exception cref="BpfNotSupportedException">The kernel is older than 6.6.</exception>
        public unsafe BpfLink AttachUprobeMulti(string binary, string pattern, bool isReturn = false, int pid = -1, bool session = false)
        {
            var path = TargetBinary.Resolve(binary);
            var offsets = FunctionOffsets.Matching(TargetBinary.Read(path), pattern).ToArray();
            var description = $"{(session ? "uprobe.session" : isReturn ? "uretprobe.multi" : "uprobe.multi")} {path}:{pattern} ({offsets.Length} functions)";
            var pathBytes = Encoding.UTF8.GetBytes(path + "\0");
            fixed (byte* pathPointer = pathBytes)
            fixed (ulong* offsetPointer = offsets)
            {
                var attr = new LinkCreateAttr
                {
                    UprobeMultiPath = (ulong)pathPointer,
                    UprobeMultiOffsets = (ulong)offsetPointer,
                    UprobeMultiCnt = (uint)offsets.Length,
                    UprobeMultiFlags = isReturn ? ReturnFlag : 0,
                    UprobeMultiPid = pid > 0 ? (uint)pid : 0,
                };
                return session
                    ? LinkCreate.Link(program, 0, AttachType.TraceUprobeSession, ref attr, description, "BPF_TRACE_UPROBE_SESSION", "6.13")
                    : LinkCreate.Link(program, 0, AttachType.TraceUprobeMulti, ref attr, description, "BPF_TRACE_UPROBE_MULTI", "6.6");
            }
        }
    }
}
