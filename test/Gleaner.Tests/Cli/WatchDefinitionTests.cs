using Gleaner.Cli.Commands;
using Gleaner.Fetching;
using Gleaner.Targets;

namespace Gleaner.Tests.Cli;

/// <summary>What a watch counts as an edited target when it reloads its job file: its headers too.</summary>
public class WatchDefinitionTests
{
    private static readonly Target Plain = new() { Name = "a", Url = new Uri("https://example.com/a") };

    [Fact]
    public void Definition_HeaderAddedOrItsValueOrSecrecyChanged_IsAnEdit()
    {
        var keyed = Plain with { Headers = [new RequestHeader("X-Api-Key", "k-1") { Secret = true }] };

        Assert.NotEqual(WatchCommand.Definition(Plain), WatchCommand.Definition(keyed));
        Assert.NotEqual(WatchCommand.Definition(keyed), WatchCommand.Definition(keyed with { Headers = [new RequestHeader("X-Api-Key", "k-2") { Secret = true }] }));
        Assert.NotEqual(WatchCommand.Definition(keyed), WatchCommand.Definition(keyed with { Headers = [new RequestHeader("X-Api-Key", "k-1")] }));
    }

    [Fact]
    public void Definition_SameHeadersInANewList_IsNoEdit() =>
        Assert.Equal(
            WatchCommand.Definition(Plain with { Headers = [new RequestHeader("User-Agent", "bot/1")] }),
            WatchCommand.Definition(Plain with { Headers = [new RequestHeader("User-Agent", "bot/1")] }));
}
