using System.Text;
using ManagedBpf.Kernel;

namespace Samples;

/// <summary>
/// The output of the examples whose BPF programs print with bpf_printk: the C examples leave it in
/// <c>trace_pipe</c> and ask the user to <c>cat</c> it; the samples read it themselves (from a tracefs instance of
/// their own, <see cref="PrintkReader"/>) and print each message, one a line, without the trace line's task, CPU and
/// time prefix.
/// </summary>
internal static class TracePipe
{
    /// <summary>
    /// Every second until <paramref name="run"/> stops: calls <paramref name="trigger"/> and writes a dot to stderr,
    /// as the C examples' loops do, then prints the messages printed since.
    /// </summary>
    public static void Print(SampleRun run, Action? trigger = null)
    {
        using var printk = PrintkReader.Open();
        Console.WriteLine("Successfully started! Printing the BPF programs' bpf_printk output (trace_pipe):");
        do
        {
            trigger?.Invoke();
            Console.Error.Write('.');
            Flush(printk);
        }
        while (run.Wait(TimeSpan.FromSeconds(1)));
        Flush(printk);
    }

    // One write(2) for all the messages: minimal's program prints a line for each write of this process, so one
    // write per line would print a line per line printed, a count growing every second.
    private static void Flush(PrintkReader printk)
    {
        var lines = new StringBuilder();
        foreach (var message in printk.ReadAvailable())
            if (message.Length > 0)
                lines.Append(message.TrimEnd('\n')).Append('\n');
        if (lines.Length > 0)
            Console.Out.Write(lines.ToString());
    }
}
