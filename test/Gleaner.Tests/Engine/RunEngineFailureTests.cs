using Gleaner.Engine;
using Gleaner.Extraction;
using Microsoft.AspNetCore.Builder;
using static Gleaner.Tests.Engine.EngineHarness;

namespace Gleaner.Tests.Engine;

/// <summary>Nothing is lost without a word: a target on which Gleaner fails still ends as a record that says so.</summary>
public class RunEngineFailureTests
{
    private sealed class ThrowingStep : IExtractionStep
    {
        public string Kind => "custom";

        public string Expression => "throws";

        public string? Apply(string input) => input.Contains("boom", StringComparison.Ordinal) ? throw new InvalidOperationException("the step broke") : input;
    }

    private static readonly string[] Words = ["ok1", "boom", "ok2"];

    [Fact]
    public async Task RunAsync_TargetCodeThrows_EndsAsInternalAndTheRunGoesOn()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/{word}", (string word) => word));
        using var fetcher = LoopbackFetcher();
        var engine = new RunEngine(fetcher, new RunSettings { RespectRobots = false, PerHostConcurrency = 1 });
        var targets = Words
            .Select(w => Page(server.Url("/" + w)) with { Extract = ExtractionChain.Of(new ThrowingStep()) })
            .ToList();

        var records = (await RunAll(engine, targets)).OrderBy(r => r.Index).ToList();

        Assert.Equal(
            [(Outcome.Ok, null, (object?)"ok1", 1), (Outcome.Internal, "InvalidOperationException: the step broke", null, 0), (Outcome.Ok, null, "ok2", 1)],
            records.Select(r => (r.Result.Outcome, r.Result.Error, r.Result.Value, r.Attempts)));
        Assert.IsType<InvalidOperationException>(records[1].Result.Fetch.Exception);
    }
}
