using Gleaner.Fetching;
using Gleaner.Fetching.Text;

namespace Gleaner.Tests.Conformance;

/// <summary>
/// Replays the response cases of Node's llhttp parser (fixtures/http-hostile/llhttp-tests) as whole replies, each
/// followed by a close, and checks the fetcher against <see cref="LlhttpPolicy"/>.
/// </summary>
public sealed class LlhttpResponseTests
{
    private static readonly FetchLimits Limits = new FetchLimits
    {
        TotalTimeout = TimeSpan.FromSeconds(2),
        HeadersTimeout = TimeSpan.FromSeconds(2),
        ConnectTimeout = TimeSpan.FromSeconds(1),
    }.Validate();

    public static IEnumerable<TheoryDataRow<int>> Cases() =>
        LlhttpCase.Responses.Where(c => LlhttpPolicy.Excluded(c) is null)
            .Select(c => new TheoryDataRow<int>(c.Line) { TestDisplayName = c.Name });

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Replay_MatchesPolicy(int line)
    {
        var c = LlhttpCase.Responses.Single(r => r.Line == line);
        var expectation = LlhttpPolicy.For(c);
        await using var server = RawReplayServer.Start(_ => new ReplayReply(c.Input));

        var result = await CurlReplayTests.FetchAsync(server.BaseUri, Limits);
        var diagnosis = CurlReplayTests.Describe(result, server, expectation);
        TestContext.Current.TestOutputHelper?.WriteLine(diagnosis);

        Assert.True(expectation.Outcomes.Contains(result.Outcome), $"expected {expectation}; {diagnosis}");
        if (result.Outcome == Outcome.Ok)
        {
            Assert.Equal(TextDecoder.Decode(expectation.Body, expectation.Charset).Text, result.Body);
        }
        else
        {
            Assert.Null(result.Body);
        }
    }

    [Fact]
    public void Selection_AllResponseCasesAreReplayedOrExcludedByRule()
    {
        Assert.Equal(85, LlhttpCase.Responses.Count);
        Assert.Equal(26, LlhttpCase.Responses.Count(c => c.Type == "response" && c.ExpectedError is not null));
        Assert.Single(LlhttpCase.Responses, c => LlhttpPolicy.Excluded(c) is not null);
    }
}
