namespace Gleaner.Tests.Fuzz;

/// <summary>Runs a campaign from the configured seed and fails the test with every failure, its seed and its input.</summary>
internal static class FuzzAssert
{
    public static void Holds(string name, int casesInCi, Func<Random, string> generate, Func<string, Verdict> property)
    {
        var seed = FuzzSettings.Seed;
        var campaign = new FuzzCampaign(name, generate, property);
        var failures = campaign.Run(FuzzSettings.First, FuzzSettings.Cases(casesInCi), seed);
        var summary = campaign.Summary(seed);
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Console.Error.WriteLine(summary);
        if (failures.Count > 0)
        {
            Assert.Fail(
                $"{summary}\nrerun with GLEANER_FUZZ_SEED={seed}; replay case N alone with GLEANER_FUZZ_FIRST=N GLEANER_FUZZ_CASES=1\n\n"
                + string.Join("\n\n", failures));
        }
    }
}
