namespace Gleaner.Tests;

/// <summary>
/// Finds the shared conformance fixtures. They live in <c>shared/fixtures</c>, a sibling of the repository
/// folder (<c>&lt;repo&gt;/../shared/fixtures</c>), wherever the repository is checked out.
/// </summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The full path of a file or folder under <c>shared/fixtures</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "fixtures");
            if (Directory.Exists(candidate))
                return candidate;
        }

        throw new DirectoryNotFoundException(
            $"shared/fixtures not found in any parent of {AppContext.BaseDirectory}; "
            + "it is expected beside the repository folder (<repo>/../shared/fixtures).");
    }
}
