using Gleaner.Engine;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Hosting;
using Gleaner.Targets;
using Gleaner.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gleaner.Tests.Hosting;

public class AddGleanerTests
{
    [Fact]
    public async Task AddGleaner_RegistersOneFetcherAndAnEngineThatRuns()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/t", () => "Temperature: 51.5 F"));
        var services = new ServiceCollection().AddGleaner(o => o.Run = o.Run with { Concurrency = 8, RespectRobots = false });
        await using var provider = services.BuildServiceProvider();

        var engine = provider.GetRequiredService<RunEngine>();
        var target = new Target
        {
            Name = "t",
            Url = server.Url("/t"),
            Extract = ExtractionChain.Of(ExtractionRules.Compile("regex", @"(-?\d+(?:\.\d+)?) F")),
            Value = new ValueSpec(ValueKind.Number),
        };
        var records = new List<Records.RunRecord>();
        await foreach (var record in engine.RunAsync([target], cancellationToken: TestContext.Current.CancellationToken))
        {
            records.Add(record);
        }

        Assert.Same(provider.GetRequiredService<Fetcher>(), provider.GetRequiredService<Fetcher>());
        Assert.Equal(8, provider.GetRequiredService<RunSettings>().Concurrency);
        Assert.Equal(51.5, Assert.Single(records).Result.Value);
    }

    [Fact]
    public void AddGleaner_InvalidSettings_FailAtRegistrationNamingTheField()
    {
        var e = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddGleaner(o => o.Run = o.Run with { Concurrency = 0 }));
        Assert.StartsWith("concurrency must be between 1 and 10000", e.Message, StringComparison.Ordinal);
    }
}
