using System.Globalization;

namespace GrantBench;

/// <summary>The bench's bounds: silos in the test cluster, the caller counts to try, and each case's time and count.</summary>
internal sealed record BenchOptions(int Silos, IReadOnlyList<int> Callers, TimeSpan Duration, int MaxGrants)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(1, [1, 16, 64], TimeSpan.FromSeconds(10), 200_000);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--silos" => options with { Silos = Number(value) },
                "--callers" => options with { Callers = [.. value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Number)] },
                "--seconds" => options with { Duration = TimeSpan.FromSeconds(Number(value)) },
                "--max-grants" => options with { MaxGrants = Number(value) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
