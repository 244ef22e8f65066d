using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Gleaner.Storage;

/// <summary>
/// Writes records into a SQLite database's <c>results</c> table: seq, name, url, final_url, outcome, value (REAL
/// when the value is a number, else TEXT), unit, status, attempts, at, error and the record's json. Rows are
/// committed in batches at each flush; SQLite is transactional, so a crash leaves whole batches and no torn row.
/// </summary>
internal sealed class SqliteSink : IRecordSink
{
    private static readonly string[] Columns = ["seq", "name", "url", "final_url", "outcome", "value", "unit", "status", "attempts", "at", "error", "json"];

    // value has no declared type, so a REAL stays REAL and a TEXT stays TEXT.
    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS results (
            seq INTEGER PRIMARY KEY,
            name TEXT,
            url TEXT,
            final_url TEXT,
            outcome TEXT,
            value,
            unit TEXT,
            status INTEGER,
            attempts INTEGER,
            at TEXT,
            error TEXT,
            json TEXT NOT NULL)
        """;

    private const string InsertRow = """
        INSERT INTO results (seq, name, url, final_url, outcome, value, unit, status, attempts, at, error, json)
        VALUES ($seq, $name, $url, $final_url, $outcome, $value, $unit, $status, $attempts, $at, $error, $json)
        """;

    private readonly string _path;
    private readonly bool _ownsConnection;
    private SqliteConnection? _connection;
    private SqliteCommand? _insert;
    private SqliteTransaction? _batch;

    /// <summary>A sink writing to the database at <paramref name="path"/>, created when absent.</summary>
    public SqliteSink(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _ownsConnection = true;
    }

    /// <summary>A sink writing to the run state's own database, so that a result row commits with its state row.</summary>
    internal SqliteSink(string path, SqliteConnection shared)
    {
        _path = path;
        _connection = shared;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The database has a results table with other columns.</exception>
    public async Task<long> PrepareAsync(CancellationToken cancellationToken)
    {
        if (_insert is not null)
        {
            throw new InvalidOperationException("the sink is already prepared");
        }

        if (_ownsConnection)
        {
            _connection = await SqliteFiles.OpenAsync(_path, cancellationToken);
        }

        var connection = _connection!;
        await SqliteFiles.ExecuteAsync(connection, CreateTable, cancellationToken);
        await CheckColumnsAsync(connection, cancellationToken);
        _insert = connection.CreateCommand();
        _insert.CommandText = InsertRow;
        foreach (var column in Columns)
        {
            // No declared type: each value binds as what it is (a double as REAL, a string as TEXT).
            _insert.Parameters.Add(new SqliteParameter { ParameterName = "$" + column });
        }

        _insert.Prepare();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM results";
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <inheritdoc />
    public Task WriteAsync(string recordJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordJson);
        Insert(recordJson, seq: null, _batch ??= Connection().BeginTransaction());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_batch is { } batch)
        {
            _batch = null;
            await batch.CommitAsync(cancellationToken);
            await batch.DisposeAsync();
        }
    }

    /// <summary>Inserts the row for one record, with the state's seq when given, in <paramref name="transaction"/>.</summary>
    internal void Insert(string recordJson, long? seq, SqliteTransaction? transaction)
    {
        var insert = _insert ?? throw new InvalidOperationException("the sink is not prepared (call PrepareAsync first)");
        using var document = JsonDocument.Parse(recordJson);
        var record = document.RootElement;
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("a record must be a JSON object", nameof(recordJson));
        }

        var p = insert.Parameters;
        p["$seq"].Value = seq is { } s ? s : DBNull.Value;
        p["$name"].Value = Text(record, "name");
        p["$url"].Value = Text(record, "url");
        p["$final_url"].Value = Text(record, "final_url");
        p["$outcome"].Value = Text(record, "outcome");
        p["$value"].Value = Value(record);
        p["$unit"].Value = Text(record, "unit");
        p["$status"].Value = Integer(record, "status");
        p["$attempts"].Value = Integer(record, "attempts");
        p["$at"].Value = Text(record, "at");
        p["$error"].Value = Text(record, "error");
        p["$json"].Value = recordJson;
        insert.Transaction = transaction;
        insert.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_connection is null)
        {
            return;
        }

        try
        {
            await FlushAsync(CancellationToken.None);
        }
        finally
        {
            if (_insert is not null)
            {
                await _insert.DisposeAsync();
                _insert = null;
            }

            if (_ownsConnection)
            {
                await _connection.DisposeAsync();
            }

            _connection = null;
        }
    }

    private SqliteConnection Connection()
        => _insert is not null && _connection is not null
            ? _connection
            : throw new InvalidOperationException("the sink is not prepared (call PrepareAsync first) or is disposed");

    private async Task CheckColumnsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('results') ORDER BY cid";
        var actual = new List<string>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            actual.Add(reader.GetString(0));
        }

        if (!actual.SequenceEqual(Columns, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"{_path} has a results table whose columns are not Gleaner's; use another output file");
        }
    }

    private static object Value(JsonElement record)
    {
        if (!record.TryGetProperty("value", out var value))
        {
            return DBNull.Value;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => DBNull.Value,
            _ => value.GetRawText(),
        };
    }

    private static object Text(JsonElement record, string name)
        => record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : DBNull.Value;

    private static object Integer(JsonElement record, string name)
        => record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : DBNull.Value;
}
