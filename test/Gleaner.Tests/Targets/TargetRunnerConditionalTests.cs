using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Targets;
using Gleaner.Tests.Extraction;
using Gleaner.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Targets;

/// <summary>A watch's sample of an unchanged page: ok and not modified, with nothing extracted or validated.</summary>
public sealed class TargetRunnerConditionalTests : IAsyncLifetime
{
    private const string ETag = "\"42\"";
    private readonly Fetcher _fetcher = new();
    private LoopbackServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await LoopbackServer.StartAsync(routes =>
        routes.MapGet("/page", (HttpContext http) =>
        {
            http.Response.Headers.ETag = ETag;
            return http.Request.Headers.IfNoneMatch == ETag
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Content("<p>42</p>", "text/html");
        }));

    public async ValueTask DisposeAsync()
    {
        _fetcher.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_304_IsOkAndNotModifiedWithoutExtracting()
    {
        var step = new CountingStep();
        var target = Target(ExtractionChain.Of(step));

        var result = await new TargetRunner(_fetcher).RunAsync(target, new Validators(ETag, null), redirectCheck: null, Ct);

        Assert.Equal((Outcome.Ok, true, 304), (result.Outcome, result.NotModified, result.Fetch.Status));
        Assert.Null(result.Value);
        Assert.Null(result.RawValue);
        Assert.Null(result.Error);
        Assert.Equal(0, step.Calls);
        Assert.Equal(new Validators(ETag, null), result.Fetch.Validators);
    }

    [Fact]
    public async Task RunAsync_304WithoutRules_IsOkAndNotModifiedWithoutAValue()
    {
        // Without rules the page is the value, and an empty page is no number: validation would have failed.
        var result = await new TargetRunner(_fetcher).RunAsync(Target(extract: null), new Validators(ETag, null), redirectCheck: null, Ct);

        Assert.Equal((Outcome.Ok, true), (result.Outcome, result.NotModified));
        Assert.Null(result.Value);
        Assert.Null(result.RawValue);
    }

    [Fact]
    public async Task RunAsync_ChangedPage_ExtractsAndValidatesAsBefore()
    {
        var result = await new TargetRunner(_fetcher).RunAsync(
            Target(ExtractionChain.Of(new RegexStep(@"(\d+)"))), new Validators("\"41\"", null), redirectCheck: null, Ct);

        Assert.Equal((Outcome.Ok, false, 42.0), (result.Outcome, result.NotModified, result.Value));
        Assert.Equal(new Validators(ETag, null), result.Fetch.Validators);
    }

    private Target Target(ExtractionChain? extract) => new()
    {
        Name = "page",
        Url = _server.Url("/page"),
        Extract = extract,
        Value = new ValueSpec(ValueKind.Number),
    };
}
