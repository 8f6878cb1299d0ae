namespace ManagedBpf.Links;

/// <summary>
/// The links of one object's auto-attached programs, and the programs left unattached with the reason for each.
/// Disposing detaches them all at once: each perf-event link's release waits for an RCU grace period (~80 ms on 6.18),
/// so closing them one after another is what makes a tracer slow to exit; closing them concurrently waits about one
/// grace period in all.
/// </summary>
public sealed class LinkGroup : IDisposable
{
    private readonly IReadOnlyList<BpfLink> _links;

    internal LinkGroup(IReadOnlyList<BpfLink> links, IReadOnlyList<UnattachedProgram> unattached)
    {
        _links = links;
        Unattached = unattached;
    }

    /// <summary>The links, in attach order.</summary>
    public IReadOnlyList<BpfLink> Links => _links;

    /// <summary>The loaded programs no link was made for, in the object's order, each with why.</summary>
    public IReadOnlyList<UnattachedProgram> Unattached { get; }

    /// <summary>Detaches every link (closes its fd).</summary>
    public void Dispose() => BpfLink.DisposeAll(_links);
}

/// <summary>A program <c>AttachAll</c> left alone.</summary>
/// <param name="Program">The program's name.</param>
/// <param name="Section">Its ELF section.</param>
/// <param name="Reason">Why: what it needs a target for (an interface, a cgroup ...), or that its section names none.</param>
public sealed record UnattachedProgram(string Program, string Section, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"prog '{Program}' ({Section}): {Reason}";
}
