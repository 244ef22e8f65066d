using System.Text;

namespace Gleaner.Simulator.Routes;

/// <summary>A 64 KiB block of harmless HTML text, sent over and over by the routes that are simply too big.</summary>
internal static class Filler
{
    public static ReadOnlyMemory<byte> Block { get; } = Build();

    private static byte[] Build()
    {
        var line = Encoding.ASCII.GetBytes("<p>Lorem ipsum dolor sit amet, the weather is fine and the page is long.</p>\n");
        var block = new byte[64 * 1024];
        for (var i = 0; i < block.Length; i++)
            block[i] = line[i % line.Length];
        return block;
    }

    /// <summary>Writes exactly <paramref name="count"/> filler bytes.</summary>
    public static async Task WriteAsync(Stream body, long count, CancellationToken cancellationToken)
    {
        for (var left = count; left > 0; left -= Block.Length)
            await body.WriteAsync(Block[..(int)Math.Min(left, Block.Length)], cancellationToken);
    }
}
