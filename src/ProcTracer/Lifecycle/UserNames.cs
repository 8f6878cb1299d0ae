using System.Globalization;

namespace ProcTracer.Lifecycle;

/// <summary>
/// User names by uid from /etc/passwd (name:password:uid:...), read again when a uid is unknown and the file has
/// changed since. Local accounts only: a tool that must run alone cannot load NSS modules (LDAP, sssd).
/// </summary>
internal sealed class UserNames(string path = "/etc/passwd")
{
    private Dictionary<uint, string> _names = [];
    private DateTime _readAt = DateTime.MinValue;

    /// <summary>The name of <paramref name="uid"/>, or null when /etc/passwd has none.</summary>
    public string? Find(uint uid)
    {
        if (_names.TryGetValue(uid, out var name))
            return name;
        Reload();
        return _names.GetValueOrDefault(uid);
    }

    /// <summary>The uid of <paramref name="name"/>, or null.</summary>
    public uint? FindUid(string name)
    {
        Reload();
        foreach (var (uid, user) in _names)
        {
            if (user == name)
                return uid;
        }
        return null;
    }

    private void Reload()
    {
        try
        {
            var written = File.GetLastWriteTimeUtc(path);
            if (written == _readAt)
                return;
            _readAt = written;
            _names = Parse(File.ReadAllLines(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No names, then: the ids are printed all the same.
        }
    }

    internal static Dictionary<uint, string> Parse(IEnumerable<string> lines)
    {
        var names = new Dictionary<uint, string>();
        foreach (var line in lines)
        {
            var fields = line.Split(':');
            if (fields.Length >= 3 && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
                names.TryAdd(uid, fields[0]);
        }
        return names;
    }
}
