using BenchmarkDotNet.Attributes;
using Gleaner.Fetching.Text;

namespace Gleaner.Benchmarks;

/// <summary>
/// <see cref="TextDecoder"/> alone: with no charset in the header (nginx's default for .html) it looks for a
/// &lt;meta&gt; charset, then validates UTF-8, then decodes; with a header charset it goes straight to decoding.
/// </summary>
[MemoryDiagnoser]
public class TextDecodeBenchmarks
{
    private byte[] _body = [];

    [Params(10 << 10, 1 << 20)]
    public int Size { get; set; }

    [Params(null, "utf-8")]
    public string? HeaderCharset { get; set; }

    [GlobalSetup]
    public void Setup() => _body = Bodies.MapClickOfSize(Size);

    [Benchmark]
    public int Decode() => TextDecoder.Decode(_body, HeaderCharset).Text!.Length;
}
