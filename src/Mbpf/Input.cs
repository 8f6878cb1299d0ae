using ManagedBpf.Cli;

namespace Mbpf;

/// <summary>The files mbpf is given: one that is missing or cannot be read is a failure of its own (EX_NOINPUT).</summary>
internal static class Input
{
    public static byte[] Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new Failure(ExitCodes.NoInput, $"{path}: no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Failure(ExitCodes.NoInput, $"cannot read {path}: {e.Message}");
        }
    }
}
