using System.Text;

namespace Gleaner.Storage;

/// <summary>
/// Writes records as JSON Lines: one record JSON per line, each ending in '\n'. Appends to a file (repairing a
/// torn last line first) or writes to a <see cref="TextWriter"/> such as standard output.
/// </summary>
internal sealed class JsonlSink : IRecordSink
{
    private const int BufferSize = 64 * 1024;

    private readonly string? _path;
    private readonly bool _ownsWriter;
    private TextWriter? _writer;
    private bool _prepared;

    /// <summary>A sink appending to the file at <paramref name="path"/>, created when absent.</summary>
    public JsonlSink(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _ownsWriter = true;
    }

    /// <summary>A sink writing to <paramref name="writer"/>, which it flushes but does not dispose.</summary>
    public JsonlSink(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <inheritdoc />
    /// <remarks>For a <see cref="TextWriter"/> there is nothing to read back, and this returns 0.</remarks>
    public async Task<long> PrepareAsync(CancellationToken cancellationToken)
    {
        if (_prepared)
        {
            throw new InvalidOperationException("the sink is already prepared");
        }

        _prepared = true;
        if (_path is null)
        {
            return 0;
        }

        var file = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1);
        try
        {
            var records = await RecordFile.RepairAsync(file, quoted: false, jsonLines: true, cancellationToken);
            _writer = new StreamWriter(file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferSize);
            return records;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public Task WriteAsync(string recordJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordJson);
        var writer = Writer();
        if (recordJson.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("a record must be one line of JSON", nameof(recordJson));
        }

        if (!_ownsWriter)
        {
            return WriteAsync(writer, recordJson, cancellationToken);
        }

        // Our own file goes into the writer's 64 KiB buffer synchronously: the file is opened without async I/O, so
        // an awaited write would run the same blocking write on another pool thread, one hop later (~3 % of a
        // run's CPU, bench/README.md).
        writer.Write(recordJson);
        writer.Write('\n');
        return Task.CompletedTask;
    }

    // A writer the caller gave may sit on a pipe or a socket: it is awaited.
    private static async Task WriteAsync(TextWriter writer, string recordJson, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(recordJson.AsMemory(), cancellationToken);
        await writer.WriteAsync("\n".AsMemory(), cancellationToken);
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var writer = Writer();
        if (!_ownsWriter)
        {
            return writer.FlushAsync(cancellationToken);
        }

        // Synchronously, as in WriteAsync.
        writer.Flush();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_writer is null)
        {
            return;
        }

        if (_ownsWriter)
        {
            await _writer.DisposeAsync();
        }
        else
        {
            await _writer.FlushAsync();
        }

        _writer = null;
    }

    private TextWriter Writer() => _prepared && _writer is not null
        ? _writer
        : throw new InvalidOperationException("the sink is not prepared (call PrepareAsync first) or is disposed");
}
