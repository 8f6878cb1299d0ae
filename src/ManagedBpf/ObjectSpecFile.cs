using ManagedBpf.Interop;

namespace ManagedBpf;

/// <summary>
/// Reading an object from the file system: the object model itself takes bytes only (it lives in
/// ManagedBpf.Object, which touches no file), so the file-taking overload is added here, where I/O belongs.
/// </summary>
public static class ObjectSpecFile
{
    extension(ObjectSpec)
    {
        /// <summary>
        /// Maps and parses a file; the object's name comes from the file name, as in libbpf. The file is mapped, not
        /// read, as libelf maps it for libbpf: pages the loader never needs (DWARF, often a third of a big object) are
        /// never read, and the mapping ends with the parse, since the spec keeps nothing of the file.
        /// </summary>
        /// <exception cref="BpfFormatException">The object is malformed.</exception>
        public static ObjectSpec ParseFile(string path, Action<string>? log = null)
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            var length = RandomAccess.GetLength(file);
            using var mapping = length is > 0 and <= int.MaxValue ? FileMapping.TryMapReadOnly(file, (int)length) : null;
            return ObjectSpec.Parse(mapping?.Memory ?? File.ReadAllBytes(path), ObjectSpec.NameFromPath(path), log);
        }
    }
}
