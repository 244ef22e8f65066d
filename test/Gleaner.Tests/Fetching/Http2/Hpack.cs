using System.Text;

namespace Gleaner.Tests.Fetching.Http2;

/// <summary>HPACK (RFC 7541) representations a test server writes by hand: literals and references to its dynamic table.</summary>
internal static class Hpack
{
    /// <summary>The first index of the dynamic table (after the 61 static entries): the entry added last.</summary>
    public const int NewestDynamicEntry = 62;

    /// <summary>Each field as a literal without indexing, new name (6.2.2): nothing enters either side's table.</summary>
    public static byte[] Literals(params (string Name, string Value)[] fields)
    {
        var block = new List<byte>();
        foreach (var (name, value) in fields)
        {
            block.Add(0x00);
            String(block, name);
            String(block, value);
        }

        return [.. block];
    }

    /// <summary>A literal with incremental indexing, new name (6.2.1): the field also enters the decoder's dynamic table.</summary>
    public static byte[] Indexed(string name, string value)
    {
        var block = new List<byte> { 0x40 };
        String(block, name);
        String(block, value);
        return [.. block];
    }

    /// <summary>An indexed field (6.1): one reference to a table entry, usually one byte.</summary>
    public static byte[] Reference(int index)
    {
        var block = new List<byte>();
        Integer(block, 0x80, 7, index);
        return [.. block];
    }

    // A string literal without Huffman coding (5.2).
    private static void String(List<byte> block, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Integer(block, 0x00, 7, bytes.Length);
        block.AddRange(bytes);
    }

    // An integer with an N-bit prefix (5.1).
    private static void Integer(List<byte> block, byte flags, int prefixBits, int value)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            block.Add((byte)(flags | value));
            return;
        }

        block.Add((byte)(flags | max));
        value -= max;
        while (value >= 128)
        {
            block.Add((byte)((value % 128) + 128));
            value /= 128;
        }

        block.Add((byte)value);
    }
}
