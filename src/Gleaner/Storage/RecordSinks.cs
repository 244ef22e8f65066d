namespace Gleaner.Storage;

/// <summary>Chooses a run's output by the path the user gave.</summary>
internal static class RecordSinks
{
    /// <summary>The extensions of SQLite outputs.</summary>
    internal static readonly string[] SqliteExtensions = [".db", ".sqlite", ".sqlite3"];

    private static readonly string[] JsonlExtensions = [".jsonl", ".json", ".ndjson"];

    /// <summary>
    /// The sink for <paramref name="path"/>: null or "-" writes JSON Lines to <paramref name="stdout"/>; .jsonl,
    /// .json and .ndjson append JSON Lines; .csv appends CSV; .db, .sqlite and .sqlite3 write to SQLite. Nothing
    /// is opened until <see cref="IRecordSink.PrepareAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The extension is none of those.</exception>
    public static IRecordSink Open(string? path, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        if (IsStdout(path))
        {
            return new JsonlSink(stdout);
        }

        var extension = Path.GetExtension(path);
        if (Has(JsonlExtensions, extension))
        {
            return new JsonlSink(path);
        }

        if (string.Equals(extension, ".csv", StringComparison.OrdinalIgnoreCase))
        {
            return new CsvSink(path);
        }

        if (IsSqlite(path))
        {
            return new SqliteSink(path);
        }

        throw new ArgumentException(
            $"{path}: cannot tell the output format from the extension; use .jsonl, .json, .ndjson, .csv, .db, .sqlite or .sqlite3 (or - for standard output)",
            nameof(path));
    }

    /// <summary>True for null and "-", which mean standard output.</summary>
    internal static bool IsStdout([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? path) => path is null or "-";

    /// <summary>True when <paramref name="path"/> names a SQLite output.</summary>
    internal static bool IsSqlite(string path) => Has(SqliteExtensions, Path.GetExtension(path));

    private static bool Has(string[] extensions, string extension)
        => extensions.Contains(extension, StringComparer.OrdinalIgnoreCase);
}
