using ManagedBpf;
using ManagedBpf.Cli;

namespace Mbpf;

/// <summary>The files mbpf is given: one that is missing or cannot be read is a failure of its own (EX_NOINPUT).</summary>
internal static class Input
{
    public static byte[] Read(string path) => Opened(path, () => File.ReadAllBytes(path));

    /// <summary>The object in <paramref name="path"/>, mapped and parsed (<see cref="ObjectSpecFile"/>).</summary>
    public static ObjectSpec Parse(string path, Action<string>? log) => Opened(path, () => ObjectSpec.ParseFile(path, log));

    private static T Opened<T>(string path, Func<T> read)
    {
        try
        {
            return read();
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
