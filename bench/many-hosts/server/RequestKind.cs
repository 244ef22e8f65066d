namespace ManyHosts;

/// <summary>What a request asked for.</summary>
internal enum RequestKind
{
    Robots,
    Page,
    Other,
}
