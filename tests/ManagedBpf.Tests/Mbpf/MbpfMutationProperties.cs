using ManagedBpf.Tests.Hardening;
using Mbpf;

using Xunit;

namespace ManagedBpf.Tests.Mbpf;

/// <summary>
/// `mbpf object` on any mutation of any object of the repository (<see cref="MutationTargets"/>): it prints its report
/// and ends with 0, or says what is wrong in one line on stderr with a documented status that is not an internal error
/// (99), and never a stack trace. The report resolves CO-RE relocations against this kernel's BTF.
/// </summary>
public class MbpfMutationProperties
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(60);

    [KernelFact]
    [Trait("Category", "Fuzz")]
    public void EveryMutationIsReportedOrRefusedInOneLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mbpf-mutant-{Environment.ProcessId}-{Guid.NewGuid():N}.bpf.o");
        try
        {
            ObjectMutation.Check(mutation => mutation.EndsWell(PerCase, _ => false, image =>
            {
                File.WriteAllBytes(path, image);
                var stderr = new StringWriter { NewLine = "\n" };
                var status = MbpfCommand.Run(["object", path], TextWriter.Null, stderr);
                var errors = stderr.ToString();
                if (status == 0 ? errors.Length > 0 : status == 99 || !errors.StartsWith("mbpf: ", StringComparison.Ordinal) || errors.IndexOf('\n') != errors.Length - 1)
                    throw new InvalidOperationException($"status {status}, stderr:\n{errors}");
            }));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
