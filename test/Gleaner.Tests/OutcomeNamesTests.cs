namespace Gleaner.Tests;

public class OutcomeNamesTests
{
    [Fact]
    public void ToName_EveryOutcome_HasDistinctSnakeCaseName()
    {
        var names = Enum.GetValues<Outcome>().Select(o => o.ToName()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("^[a-z_]+$", n));
        Assert.Equal("connect_refused", Outcome.ConnectRefused.ToName());
        Assert.True(OutcomeNames.TryParse("decompression_limit", out var parsed));
        Assert.Equal(Outcome.DecompressionLimit, parsed);
    }
}
