namespace ManagedBpf.Links;

/// <summary>
/// The links of one object's auto-attached programs. Disposing detaches them all at once: each perf-event
/// link's release waits for an RCU grace period (~80 ms on 6.18), so closing them one after another is what
/// makes a tracer slow to exit; closing them concurrently waits about one grace period in all.
/// </summary>
public sealed class LinkGroup : IDisposable
{
    private readonly IReadOnlyList<BpfLink> _links;

    internal LinkGroup(IReadOnlyList<BpfLink> links) => _links = links;

    /// <summary>The links, in attach order.</summary>
    public IReadOnlyList<BpfLink> Links => _links;

    /// <summary>Detaches every link (closes its fd).</summary>
    public void Dispose() => BpfLink.DisposeAll(_links);
}
