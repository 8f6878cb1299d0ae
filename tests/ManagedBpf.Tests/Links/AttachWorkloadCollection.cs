using Xunit;

namespace ManagedBpf.Tests.Links;

/// <summary>
/// The tests that run the attach workload, one at a time: its programs count every process named mbpf_target (and a
/// uprobe every caller of the binary's function), so two such tests at once count each other's events. Seen in the
/// 6.1 VM, where emulation stretched the tests until they overlapped: every count doubled.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AttachWorkloadCollection
{
    public const string Name = "attach workload";
}
