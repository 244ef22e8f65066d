using Gleaner.Postgres;
using Gleaner.Storage;
using Gleaner.Storage.Samples;
using Npgsql;

namespace Gleaner.Cli.Stores;

/// <summary>
/// A sample store named by <c>--store</c> for reading (<c>serve</c>, <c>history</c>, <c>export</c>): a SQLite file that
/// <c>gleaner watch</c> writes, or a PostgreSQL connection string (Npgsql's KEY=VALUE form, e.g.
/// <c>'Host=db;Database=gleaner;Username=reader'</c>) where a cluster's silos write.
/// </summary>
internal sealed class StoreArgument(string value)
{
    /// <summary>A connection string has '=' in it; a file that exists is a file, whatever its name.</summary>
    public bool IsPostgres { get; } = value.Contains('=', StringComparison.Ordinal) && !File.Exists(value);

    /// <summary>The store for messages: the file, or the server and database, never a password.</summary>
    public override string ToString() => IsPostgres ? PostgresConnection.Describe(value) : value;

    /// <summary>
    /// Opens the store to read; null after one line on <paramref name="error"/> when there is none, it is no sample
    /// store, or the server cannot be reached.
    /// </summary>
    public async Task<ISampleStore?> OpenAsync(TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return IsPostgres
                ? await PostgresSampleStore.OpenReadOnlyAsync(value, cancellationToken)
                : await SqliteSampleStore.OpenReadOnlyAsync(value, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            error.WriteLine(DisplayText.Escape($"usage: --store {value}: no such file; a watch makes it (gleaner watch JOB --store {value})"));
        }
        catch (ArgumentException e) when (IsPostgres)
        {
            // Never the string itself: it may hold a password.
            error.WriteLine(DisplayText.Escape($"usage: --store: not a connection string Npgsql reads ({e.Message}); e.g. 'Host=db;Database=gleaner;Username=reader'"));
        }
        catch (Exception e) when (e is SampleStoreMismatchException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine(DisplayText.Escape($"usage: {e.Message}"));
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // Npgsql's messages name the host and the problem, never the password.
            error.WriteLine(DisplayText.Escape($"usage: --store: {this} cannot be read: {e.Message}"));
        }

        return null;
    }
}
