using System.Text;

namespace ProcTracer.Lifecycle;

/// <summary>A container a cgroup path names: its runtime and id.</summary>
internal readonly record struct Container(string Runtime, string Id);

/// <summary>
/// The container a cgroup v2 path names, by the runtimes' own naming of the cgroups they create, without asking the
/// runtime (no socket, no API): docker (<c>docker-ID.scope</c> with systemd, <c>/docker/ID</c> with cgroupfs),
/// containerd as Kubernetes uses it (<c>cri-containerd-ID.scope</c>), cri-o (<c>crio-ID.scope</c>), podman
/// (<c>libpod-ID.scope</c>, <c>/libpod_parent/libpod-ID</c>) and systemd-nspawn (<c>systemd-nspawn@NAME.service</c>
/// or <c>machine-NAME.scope</c> under machine.slice). A 64-hex-digit directory under <c>kubepods</c> (cgroupfs driver)
/// is a container of whatever runtime the kubelet uses. The innermost match wins: a container's own sub-cgroups sit
/// below it. The conmon scopes podman and cri-o make beside each container (<c>*-conmon-ID.scope</c>) are no
/// container.
/// </summary>
internal static class ContainerIds
{
    private static readonly (string Prefix, string Suffix, string Runtime)[] Scopes =
    [
        ("docker-", ".scope", "docker"),
        ("cri-containerd-", ".scope", "containerd"),
        ("crio-", ".scope", "cri-o"),
        ("libpod-", ".scope", "podman"),
    ];

    public static Container? Find(ReadOnlySpan<byte> cgroupPath)
    {
        var components = Encoding.UTF8.GetString(cgroupPath).Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = components.Length - 1; i >= 0; i--)
        {
            var parent = i > 0 ? components[i - 1] : "";
            if (Match(components[i], parent, components.AsSpan(0, i)) is { } found)
                return found;
        }
        return null;
    }

    private static Container? Match(string name, string parent, ReadOnlySpan<string> ancestors)
    {
        foreach (var (prefix, suffix, runtime) in Scopes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal)
                && IsId(name[prefix.Length..^suffix.Length]))
                return new Container(runtime, name[prefix.Length..^suffix.Length]);
        }
        if (parent == "docker" && IsId(name))
            return new Container("docker", name);
        if (parent == "libpod_parent" && name.StartsWith("libpod-", StringComparison.Ordinal) && IsId(name["libpod-".Length..]))
            return new Container("podman", name["libpod-".Length..]);
        if (ancestors.Contains("machine.slice") && Machine(name) is { } machine)
            return new Container("systemd-nspawn", machine);
        if (IsId(name) && ancestors.ToArray().Any(a => a.StartsWith("kubepods", StringComparison.Ordinal)))
            return new Container("kubernetes", name);
        return null;
    }

    /// <summary>The machine name of an nspawn unit, with systemd's \x2d escapes undone.</summary>
    private static string? Machine(string name)
    {
        string? escaped = null;
        if (name.StartsWith("systemd-nspawn@", StringComparison.Ordinal) && name.EndsWith(".service", StringComparison.Ordinal))
            escaped = name["systemd-nspawn@".Length..^".service".Length];
        else if (name.StartsWith("machine-", StringComparison.Ordinal) && name.EndsWith(".scope", StringComparison.Ordinal))
            escaped = name["machine-".Length..^".scope".Length];
        return string.IsNullOrEmpty(escaped) ? null : escaped.Replace("\\x2d", "-", StringComparison.Ordinal);
    }

    /// <summary>64 lowercase hex digits: what docker, containerd, cri-o and podman use as container ids.</summary>
    private static bool IsId(string text) => text.Length == 64 && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
