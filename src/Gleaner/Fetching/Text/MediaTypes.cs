using static Gleaner.Fetching.Text.ByteOrderMarks;

namespace Gleaner.Fetching.Text;

/// <summary>Decides from the Content-Type, and where that says nothing useful from the bytes, whether a body is text.</summary>
internal static class MediaTypes
{
    private static readonly string[] BinaryPrefixes = ["image/", "audio/", "video/", "font/", "model/"];

    private static readonly HashSet<string> BinaryTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/pdf", "application/zip", "application/gzip", "application/x-gzip", "application/x-tar",
        "application/x-7z-compressed", "application/vnd.ms-excel", "application/msword", "application/wasm",
        "application/x-protobuf", "application/x-msdownload", "application/java-archive",
        // Browsers download this type rather than show it; Gleaner trusts the declaration the same way.
        "application/octet-stream",
    };

    /// <summary>True when the declared type is certainly binary, so the body need not be read.</summary>
    public static bool IsDeclaredBinary(string? mediaType) =>
        mediaType is not null
        && (BinaryTypes.Contains(mediaType) || BinaryPrefixes.Any(p => mediaType.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            && !mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// For a body without a useful type (missing or unknown): binary when its first bytes hold a
    /// NUL or other control bytes that text never has (the WHATWG MIME sniffing rule).
    /// </summary>
    public static bool LooksBinary(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith(Utf8Bom) || body.StartsWith(Utf16BigEndianBom) || body.StartsWith(Utf16LittleEndianBom))
        {
            return false;
        }

        foreach (var b in body[..Math.Min(body.Length, 1024)])
        {
            if (b is <= 0x08 or 0x0B or (>= 0x0E and <= 0x1A) or (>= 0x1C and <= 0x1F))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the type says nothing about the content and the bytes must be sniffed.</summary>
    public static bool NeedsSniffing(string? mediaType) =>
        mediaType is null or "application/unknown" or "unknown/unknown";
}
