namespace ManagedBpf;

/// <summary>Base of every exception ManagedBpf throws on purpose.</summary>
public class BpfException : Exception
{
    /// <summary>An exception with <paramref name="message"/> (one line that says what failed) and the exception that caused it.</summary>
    /// <param name="message">What failed, in one line.</param>
    /// <param name="inner">The cause, if any.</param>
    public BpfException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
