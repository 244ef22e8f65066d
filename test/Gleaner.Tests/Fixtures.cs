namespace Gleaner.Tests;

/// <summary>
/// Locates the shared real-world fixtures, which live beside the repository (<c>&lt;repo&gt;/../shared/fixtures</c>)
/// whether the repository is a worktree, the main checkout or a CI clone.
/// </summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The full path of a fixture file or folder, e.g. <c>Path("url-parsing-wpt", "urltestdata.json")</c>.</summary>
    public static string Path(params string[] parts)
    {
        var path = System.IO.Path.Combine([Root.Value, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"Fixture '{System.IO.Path.Combine(parts)}' not found at {path}.", path);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "fixtures");
            if (Directory.Exists(candidate))
                return candidate;
        }

        throw new DirectoryNotFoundException(
            $"No 'shared/fixtures' folder found in any parent of {AppContext.BaseDirectory}. The fixtures must sit "
            + "beside the repository, at <repo>/../shared/fixtures.");
    }
}
