using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Gleaner.Fetching;
using Gleaner.Fetching.Text;

namespace Gleaner.Tests.Conformance;

/// <summary>
/// Replays the reply bytes of curl's own HTTP test cases (fixtures/http-hostile/curl-tests) from a raw TCP server
/// and checks the fetcher against <see cref="CurlPolicy"/>: a malformed reply ends as a named failure, never as a
/// value, a crash or a hang, and a well-formed one as exactly the body the case states.
/// </summary>
public sealed class CurlReplayTests
{
    private static readonly TimeSpan Total = TimeSpan.FromSeconds(2);

    // Only selected cases become rows; the excluded ones are accounted for, rule by rule, by
    // Selection_EveryCaseIsSelectedOrExcludedByANamedRule, so nothing is dropped silently and nothing shows as skipped.
    public static IEnumerable<TheoryDataRow<int>> Cases() =>
        CurlCases.Index.Where(row => Excluded(row) is null)
            .Select(row => new TheoryDataRow<int>(row.Number) { TestDisplayName = $"curl test{row.Number}: {row.Name}" });

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Replay_MatchesPolicy(int number)
    {
        var row = CurlCases.Index.Single(r => r.Number == number);
        var (options, _) = CurlCases.Select(row);
        CurlReplay? replay = null;
        await using var server = RawReplayServer.Start(target => replay!.ReplyFor(target));
        var file = CurlTestFile.Load(CurlCases.DataPath(number), number, server.BaseUri.Port);
        replay = new CurlReplay(file);
        var url = options!.Url.Replace($":{CurlCases.Port}", $":{server.BaseUri.Port}", StringComparison.Ordinal);
        var (expectation, excluded) = CurlPolicy.For(row, file, options with { Url = url });
        Assert.Null(excluded);

        var limits = new FetchLimits
        {
            TotalTimeout = options.MaxTimeSeconds is { } m ? TimeSpan.FromSeconds(Math.Min(m, Total.TotalSeconds)) : Total,
            HeadersTimeout = Total,
            ConnectTimeout = TimeSpan.FromSeconds(1),
            MaxRedirects = Math.Min(100, options.MaxRedirs ?? FetchLimits.Default.MaxRedirects),
            MaxBodyBytes = options.MaxFileSize ?? FetchLimits.Default.MaxBodyBytes,
        }.Validate();

        var result = await FetchAsync(new Uri(url), limits);
        var diagnosis = Describe(result, server, expectation!);
        TestContext.Current.TestOutputHelper?.WriteLine(diagnosis);

        Assert.True(expectation!.Outcomes.Contains(result.Outcome), $"expected {expectation}; {diagnosis}");
        if (result.Outcome == Outcome.Ok)
        {
            Assert.NotNull(result.Body);
            if (expectation.Body is { } body)
            {
                Assert.Equal(TextDecoder.Decode(body, expectation.Charset).Text, result.Body);
            }
        }
        else
        {
            Assert.Null(result.Body);
        }
    }

    [Fact]
    public void Selection_EveryCaseIsSelectedOrExcludedByANamedRule()
    {
        var byRule = CurlCases.Index.GroupBy(r => Excluded(r) ?? "selected").OrderByDescending(g => g.Count()).ToList();
        foreach (var group in byRule)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{group.Count(),4}  {group.Key}: {string.Join(' ', group.Select(r => r.Number))}");
        }

        Assert.Equal(382, CurlCases.Index.Count);
        Assert.Equal(96, byRule.Single(g => g.Key == "selected").Count());
        Assert.DoesNotContain(byRule, g => g.Key.StartsWith("no policy row", StringComparison.Ordinal));
    }

    internal static async Task<FetchResult> FetchAsync(Uri url, FetchLimits limits)
    {
        // Host names never reach real DNS: a redirect to a named host ends as dns.
        using var fetcher = new Fetcher(new FetcherOptions
        {
            Resolve = (_, _) => Task.FromException<System.Net.IPAddress[]>(new SocketException((int)SocketError.HostNotFound)),
        });
        var clock = Stopwatch.StartNew();
        var fetch = fetcher.FetchAsync(url, limits, TestContext.Current.CancellationToken);
        var result = await fetch.WaitAsync(limits.TotalTimeout + TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.True(clock.Elapsed < limits.TotalTimeout + TimeSpan.FromSeconds(1),
            $"the fetch took {clock.Elapsed.TotalMilliseconds:F0} ms, past its {limits.TotalTimeout.TotalMilliseconds:F0} ms deadline");
        return result;
    }

    internal static string Describe(FetchResult result, RawReplayServer server, Expectation expectation)
    {
        var body = result.Body is null ? "null" : result.Body.Length <= 80 ? $"\"{Escape(result.Body)}\"" : $"{result.Body.Length} chars";
        return $"got {result.Outcome.ToName()} (status {result.Status?.ToString() ?? "none"}, error: {result.Error ?? "none"}, body {body}); " +
            $"expected {expectation}; requests: {string.Join(" | ", server.Requests)}";
    }

    private static string Escape(string s) => new StringBuilder(s).Replace("\r", "\\r").Replace("\n", "\\n").ToString();

    private static string? Excluded(CurlIndexRow row)
    {
        var (options, excluded) = CurlCases.Select(row);
        if (excluded is not null)
        {
            return excluded;
        }

        var file = CurlTestFile.Load(CurlCases.DataPath(row.Number), row.Number, CurlCases.Port);
        return CurlPolicy.For(row, file, options!).Excluded;
    }
}
