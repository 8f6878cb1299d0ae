namespace ManagedBpf;

/// <summary>Base of every exception ManagedBpf throws on purpose.</summary>
public class BpfException : Exception
{
    public BpfException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
