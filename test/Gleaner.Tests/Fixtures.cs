namespace Gleaner.Tests;

/// <summary>
/// Finds the shared real-world fixtures, which live beside the repository (<c>&lt;repo&gt;/../shared/fixtures</c>)
/// whichever checkout or worktree the tests run from. <c>GLEANER_FIXTURES</c> overrides the search.
/// </summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The full path of <paramref name="parts"/> under the fixtures folder, e.g. <c>Path("weather", "expected.jsonl")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string FindRoot()
    {
        var overridden = Environment.GetEnvironmentVariable("GLEANER_FIXTURES");
        if (!string.IsNullOrEmpty(overridden))
        {
            return Directory.Exists(overridden)
                ? overridden
                : throw new DirectoryNotFoundException($"GLEANER_FIXTURES names '{overridden}', which does not exist.");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"No 'shared/fixtures' folder in any parent of {AppContext.BaseDirectory}. The fixtures are expected beside "
            + "the repository (<repo>/../shared/fixtures); set GLEANER_FIXTURES to their path to run from elsewhere.");
    }
}
