namespace ManagedBpf.Maps;

/// <summary>
/// The <c>pinning</c> attribute of a BTF map definition (libbpf's enum libbpf_pin_type, the values bpf_helpers.h
/// gives C code).
/// </summary>
public enum MapPinning
{
    /// <summary>Not pinned: the map lives as long as an fd or a program holds it.</summary>
    None = 0,

    /// <summary>
    /// <c>LIBBPF_PIN_BY_NAME</c>: pinned at <c>&lt;pin root&gt;/&lt;map name&gt;</c> (<c>LoadOptions.PinRoot</c>).
    /// A compatible map already pinned there is reused instead of creating one, which is how several objects or
    /// several runs share a map; the pin outlives the object.
    /// </summary>
    ByName = 1,
}
