namespace ManagedBpf.Links;

/// <summary>
/// One attachment made of several links (a perf event per CPU, a uprobe per USDT site): detaching detaches them all
/// at once, then runs what the kind must undo after them.
/// </summary>
internal sealed class CompositeLink(string description, IReadOnlyList<BpfLink> parts, Action? afterDetach = null)
    : BpfLink(description, null, null)
{
    /// <summary>The links it is made of.</summary>
    public IReadOnlyList<BpfLink> Parts => parts;

    protected override void Detach()
    {
        DisposeAll(parts);
        afterDetach?.Invoke();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Description} ({parts.Count} links)";
}
