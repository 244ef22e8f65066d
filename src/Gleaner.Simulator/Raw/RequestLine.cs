using System.Text;

namespace Gleaner.Simulator.Raw;

/// <summary>Pulls the path out of an HTTP/1.x request line (origin-form or absolute-form).</summary>
internal static class RequestLine
{
    public static string PathOf(ReadOnlySpan<byte> head)
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
        var query = target.IndexOfAny(['?', '#']);
        return query < 0 ? target : target[..query];
    }
}
