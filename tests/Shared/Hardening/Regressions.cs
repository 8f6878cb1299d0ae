namespace ManagedBpf.Tests.Hardening;

/// <summary>
/// tests/Shared/regressions: objects whose mutation once made the loader fail in a way it must not (an exception
/// other than its own, a crash of mbpf). Each is the input of a regression test, and the fuzzer mutates them further.
/// </summary>
internal static class Regressions
{
    public static string Directory => Path.Combine(Repository.Root, "tests", "Shared", "regressions");

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);
}
