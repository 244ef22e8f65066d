using System.Globalization;

namespace Gleaner.Tests.Fuzz;

/// <summary>
/// How long a fuzz campaign runs and from which seed. CI runs a short campaign from a fixed seed, so a failure
/// there is reproducible as it stands; <c>GLEANER_FUZZ_CASES</c> and <c>GLEANER_FUZZ_SEED</c> run a longer or
/// different one by hand, and <c>GLEANER_FUZZ_FIRST</c> starts at a given case.
/// </summary>
internal static class FuzzSettings
{
    /// <summary>The seed CI runs from.</summary>
    public const int DefaultSeed = 9535;

    /// <summary>
    /// The longest one call may take. The inputs are small and parse in microseconds to milliseconds (building a
    /// linear-time regex is the slowest step), so this is far past any honest cost even on a busy machine.
    /// </summary>
    public static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(10);

    /// <summary>The seed: <c>GLEANER_FUZZ_SEED</c>, or <see cref="DefaultSeed"/>.</summary>
    public static int Seed => Read("GLEANER_FUZZ_SEED") ?? DefaultSeed;

    /// <summary>The first case: <c>GLEANER_FUZZ_FIRST</c> (with <c>GLEANER_FUZZ_CASES=1</c>, replays one case), or 0.</summary>
    public static int First => Read("GLEANER_FUZZ_FIRST") ?? 0;

    /// <summary>The number of cases per parser: <c>GLEANER_FUZZ_CASES</c>, or <paramref name="inCi"/>.</summary>
    public static int Cases(int inCi) => Read("GLEANER_FUZZ_CASES") ?? inCi;

    private static int? Read(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;
}
