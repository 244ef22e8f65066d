using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Gleaner.Fetching;
using Gleaner.Fetching.Body;
using Gleaner.Fetching.Text;

namespace Gleaner.Benchmarks;

/// <summary>
/// The body half of a fetch, as <c>Fetcher</c> runs it once headers are in: a watchdog and trace per fetch,
/// <see cref="BodyReader"/> (which wraps <see cref="ContentDecoding"/>) into a pooled buffer under the caps, then
/// <see cref="TextDecoder"/> to a string. The response comes from memory, so the socket is not measured.
/// </summary>
[MemoryDiagnoser]
public class BodyReadBenchmarks
{
    private byte[] _wire = [];

    [Params("identity", "gzip", "br")]
    public string Coding { get; set; } = "identity";

    [Params(10 << 10, 1 << 20)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _wire = Bodies.Encode(Bodies.MapClickOfSize(Size), Coding);
        var text = ReadAndDecode().GetAwaiter().GetResult();
        if (text != Size)
        {
            throw new InvalidOperationException($"decoded {text} chars, expected {Size}");
        }
    }

    /// <summary>Returns the decoded length so the work cannot be optimised away.</summary>
    [Benchmark]
    public async Task<int> ReadAndDecode()
    {
        using var response = new HttpResponseMessage { Content = new ByteArrayContent(_wire) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("text/html");
        response.Content.Headers.ContentLength = _wire.Length;
        if (Coding != "identity")
        {
            response.Content.Headers.ContentEncoding.Add(Coding);
        }

        using var watchdog = new FetchWatchdog(TimeProvider.System, FetchLimits.Default, CancellationToken.None);
        var trace = new FetchTrace(FetchLimits.Default, watchdog);
        var (body, _) = await BodyReader.ReadAsync(response, trace);
        using (body)
        {
            return TextDecoder.Decode(body.Span, response.Content.Headers.ContentType.CharSet).Text!.Length;
        }
    }
}
