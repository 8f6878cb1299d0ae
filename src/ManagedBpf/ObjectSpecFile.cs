namespace ManagedBpf;

/// <summary>
/// Reading an object from the file system: the object model itself takes bytes only (it lives in
/// ManagedBpf.Object, which touches no file), so the file-taking overload is added here, where I/O belongs.
/// </summary>
public static class ObjectSpecFile
{
    extension(ObjectSpec)
    {
        /// <summary>Reads and parses a file; the object's name comes from the file name, as in libbpf.</summary>
        /// <exception cref="BpfFormatException">The object is malformed.</exception>
        public static ObjectSpec ParseFile(string path, Action<string>? log = null) =>
            ObjectSpec.Parse(File.ReadAllBytes(path), ObjectSpec.NameFromPath(path), log);
    }
}
