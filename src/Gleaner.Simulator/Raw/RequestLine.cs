using System.Text;

namespace Gleaner.Simulator.Raw;

/// <summary>Pulls the target, path and Host header out of an HTTP/1.x request head (origin-form or absolute-form).</summary>
internal static class RequestLine
{
    /// <summary>The request target in origin-form (path and query, fragment dropped), or "" when not understood.</summary>
    public static string TargetOf(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var line = Encoding.Latin1.GetString(lineEnd < 0 ? head : head[..lineEnd]);
        var parts = line.Split(' ');
        if (parts.Length != 3)
            return "";
        var target = parts[1];
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            var slash = target.IndexOf('/', "http://".Length);
            target = slash < 0 ? "/" : target[slash..];
        }
        var fragment = target.IndexOf('#', StringComparison.Ordinal);
        return fragment < 0 ? target : target[..fragment];
    }

    public static string PathOf(ReadOnlySpan<byte> head)
    {
        var target = TargetOf(head);
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? target : target[..query];
    }

    /// <summary>The value of the first Host header field, or "" when there is none.</summary>
    public static string HostOf(ReadOnlySpan<byte> head)
    {
        foreach (var line in Encoding.Latin1.GetString(head).Split("\r\n").Skip(1))
        {
            if (line.StartsWith("Host:", StringComparison.OrdinalIgnoreCase))
                return line["Host:".Length..].Trim();
        }
        return "";
    }
}
