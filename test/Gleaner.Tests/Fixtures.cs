namespace Gleaner.Tests;

/// <summary>
/// Finds the shared real-world fixtures, which live beside the repository (<c>&lt;repo&gt;/../shared/fixtures</c>)
/// rather than in it: /work/main, a worktree or a CI clone all find the same folder by walking up from the test
/// binaries.
/// </summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The full path of <paramref name="parts"/> under shared/fixtures.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"shared/fixtures was not found in any folder above {AppContext.BaseDirectory}. The fixtures live beside " +
            "the repository (<repo>/../shared/fixtures); check them out there to run the conformance tests.");
    }
}
