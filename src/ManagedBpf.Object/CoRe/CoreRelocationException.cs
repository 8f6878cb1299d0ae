namespace ManagedBpf.CoRe;

/// <summary>
/// A CO-RE relocation could not be computed or applied and libbpf would fail the load for it (as opposed to
/// poisoning the instruction): a malformed access string, ambiguous candidates, an instruction of the wrong form.
/// </summary>
public sealed class CoreRelocationException(string message, Exception? inner = null) : BpfException(message, inner);
