namespace Gleaner.Fetching.Text;

/// <summary>The byte-order marks that fix a body's encoding before anything the server says.</summary>
internal static class ByteOrderMarks
{
    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static ReadOnlySpan<byte> Utf16BigEndianBom => [0xFE, 0xFF];

    public static ReadOnlySpan<byte> Utf16LittleEndianBom => [0xFF, 0xFE];
}
