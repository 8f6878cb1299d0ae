using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// Attaching an sk_lookup or flow_dissector program to a network namespace as a bpf link (BPF_LINK_CREATE on the
/// namespace's fd, 5.8+ for flow_dissector links, 5.9+ for sk_lookup; libbpf's bpf_program__attach_netns).
/// </summary>
public static class Netns
{
    /// <summary>This process's own network namespace.</summary>
    public const string Current = "/proc/self/ns/net";

    extension(BpfProgram program)
    {
        /// <summary>Attaches this program to the network namespace at <paramref name="namespacePath"/>
        /// (<c>/proc/PID/ns/net</c>, or a bind mount such as <c>/run/netns/NAME</c>).</summary>
        public BpfLink AttachNetns(string namespacePath = Current)
        {
            using var netns = Files.OpenReadOnly(namespacePath, directory: false);
            var description = $"netns {namespacePath} {program.ExpectedAttachType}";
            var attr = default(LinkCreateAttr);
            using var target = HandleLease.Of(netns);
            return LinkCreate.Link(program, target.Raw, program.ExpectedAttachType, ref attr, description, "network namespace links", "5.8");
        }
    }
}
