using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Targets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

using Gleaner.Tests.Extraction;

namespace Gleaner.Tests.Targets;

/// <summary>
/// The total deadline covers extraction: the runner's clock is fake, and a step (or the server) moves it. The fetch
/// itself runs on the system clock, so only what the runner decides depends on the fake one.
/// </summary>
public sealed class TargetRunnerDeadlineTests : IAsyncLifetime
{
    private static readonly FetchLimits Limits = new() { TotalTimeout = TimeSpan.FromSeconds(10) };
    private const string PastDeadline = "no result within the total deadline of 10s (extracting)";

    private readonly FakeTimeProvider _clock = new();
    private readonly Fetcher _fetcher = new();
    private LoopbackServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await LoopbackServer.StartAsync(routes =>
    {
        routes.MapGet("/page", () => Results.Content("<p>42</p>", "text/html"));
        routes.MapGet("/long", () => Results.Text(new string('a', 20_000_000), "text/plain"));
        routes.MapGet("/late", () =>
        {
            // The page arrives when the target's clock says its deadline has passed.
            _clock.Advance(TimeSpan.FromSeconds(11));
            return Results.Content("<p>42</p>", "text/html");
        });
    });

    public async ValueTask DisposeAsync()
    {
        _fetcher.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_StepRunsPastTheDeadline_EndsAsDeadlineWithoutTheNextStep()
    {
        var next = new CountingStep();

        var result = await RunAsync("/page", new AdvancesClock(_clock, TimeSpan.FromSeconds(11)), next);

        Assert.Equal(Outcome.Deadline, result.Outcome);
        Assert.Equal(PastDeadline, result.Error);
        Assert.Null(result.Value);
        Assert.Equal(0, next.Calls);
    }

    [Fact]
    public async Task RunAsync_LastStepReturnsAfterTheDeadline_EndsAsDeadline()
    {
        var result = await RunAsync("/page", new AdvancesClock(_clock, TimeSpan.FromSeconds(11)));

        Assert.Equal(Outcome.Deadline, result.Outcome);
        Assert.Equal(PastDeadline, result.Error);
        Assert.Null(result.RawValue);
    }

    [Fact]
    public async Task RunAsync_StepsWithinTheDeadline_GiveTheValue()
    {
        var next = new CountingStep();

        var result = await RunAsync("/page", new AdvancesClock(_clock, TimeSpan.FromSeconds(9)), new XPathStep("//p"), next);

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.Equal("42", result.Value);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task RunAsync_PageArrivesAfterTheDeadlineForARegex_EndsAsDeadline()
    {
        var result = await RunAsync("/late", new RegexStep(@"(\d+)"));

        Assert.Equal(Outcome.Deadline, result.Outcome);
        Assert.Equal(PastDeadline, result.Error);
    }

    [Fact]
    public async Task RunAsync_FirstRegexRunsPastItsMatchTimeout_EndsAsDeadlineNotNoMatch()
    {
        // The first regex runs inside the fetch, on the page's characters; a one-tick budget over 20 million of them
        // fires the backstop as a starved machine's 1 s would.
        var target = Target("/long", new RegexStep("(a|b)*c", TimeSpan.FromTicks(1))) with
        {
            Limits = Limits with { MaxBodyBytes = 32 << 20, MaxWireBytes = 32 << 20 },
        };

        var result = await new TargetRunner(_fetcher, _clock).RunAsync(target, TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.Deadline, result.Outcome);
        Assert.StartsWith("the regex '(a|b)*c' ran past its match timeout of ", result.Error, StringComparison.Ordinal);
        Assert.Equal(200, result.Fetch.Status);
    }

    [Fact]
    public async Task RunAsync_LaterRegexRunsPastItsMatchTimeout_EndsAsDeadlineNotNoMatch()
    {
        // A step before it (passing the page on) makes the regex a later step, run by the runner, not in the fetch.
        var target = Target("/long", new CountingStep(), new RegexStep("(a|b)*c", TimeSpan.FromTicks(1))) with
        {
            Limits = Limits with { MaxBodyBytes = 32 << 20, MaxWireBytes = 32 << 20 },
        };

        var result = await new TargetRunner(_fetcher, _clock).RunAsync(target, TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.Deadline, result.Outcome);
        Assert.StartsWith("the regex '(a|b)*c' ran past its match timeout of ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CallerCancelsDuringExtraction_ThrowsOperationCanceled()
    {
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var target = Target("/page", new CancelsCaller(caller), new CountingStep());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TargetRunner(_fetcher, _clock).RunAsync(target, caller.Token));
    }

    private Task<TargetResult> RunAsync(string path, params IExtractionStep[] steps) =>
        new TargetRunner(_fetcher, _clock).RunAsync(Target(path, steps), TestContext.Current.CancellationToken);

    private Target Target(string path, params IExtractionStep[] steps) =>
        new() { Name = path, Url = _server.Url(path), Extract = ExtractionChain.Of(steps), Limits = Limits };

    // Time passes while it runs, as on a machine busy with other pages.
    private sealed class AdvancesClock(FakeTimeProvider clock, TimeSpan by) : IExtractionStep
    {
        public string Kind => "test";

        public string Expression => $"advances the clock by {by}";

        public string? Apply(string input)
        {
            clock.Advance(by);
            return input;
        }
    }

    private sealed class CancelsCaller(CancellationTokenSource caller) : IExtractionStep
    {
        public string Kind => "test";

        public string Expression => "cancels the caller";

        public string? Apply(string input)
        {
            caller.Cancel();
            return input;
        }
    }
}
