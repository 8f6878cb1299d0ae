namespace Samples.SockFilter;

/// <summary>The names sockfilter.c prints for IP protocol numbers (linux/in.h's IPPROTO_*).</summary>
internal static class IpProtocols
{
    /// <summary>The protocol's name; null, as the C table's empty slots print, for numbers it has none for.</summary>
    public static string? Name(uint protocol) => protocol switch
    {
        0 => "IP",
        1 => "ICMP",
        2 => "IGMP",
        4 => "IPIP",
        6 => "TCP",
        8 => "EGP",
        12 => "PUP",
        17 => "UDP",
        22 => "IDP",
        29 => "TP",
        33 => "DCCP",
        41 => "IPV6",
        46 => "RSVP",
        47 => "GRE",
        50 => "ESP",
        51 => "AH",
        92 => "MTP",
        94 => "BEETPH",
        98 => "ENCAP",
        103 => "PIM",
        108 => "COMP",
        132 => "SCTP",
        136 => "UDPLITE",
        137 => "MPLS",
        255 => "RAW",
        _ => null,
    };
}
