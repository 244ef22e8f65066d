using System.Text;

namespace Gleaner.Storage;

/// <summary>
/// Writes records as RFC 4180 CSV (CRLF line ends, UTF-8 without BOM, a header row once) with the columns
/// name, url, final_url, outcome, value, unit, status, attempts, at, error, total_ms, wire_bytes, decoded_bytes and
/// redirects (the hops joined with a space). Text cells that a spreadsheet would run as a formula (starting with
/// = + - @ or tab) get a leading apostrophe; control characters, line breaks included, are written escaped
/// (<c>\x1b</c>, <c>\x0a</c>, <c>\u202e</c>), so each record is one line; numbers are written as numbers.
/// </summary>
internal sealed class CsvSink : IRecordSink
{
    private const int BufferSize = 64 * 1024;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _path;
    private readonly StringBuilder _row = new(512);
    private StreamWriter? _writer;

    /// <summary>A sink appending to the CSV file at <paramref name="path"/>, created when absent.</summary>
    public CsvSink(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The file holds a CSV whose header is not Gleaner's.</exception>
    public async Task<long> PrepareAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            throw new InvalidOperationException("the sink is already prepared");
        }

        var file = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1);
        try
        {
            // Look before repairing: someone else's CSV is refused untouched, even without a final line break.
            if (!await StartsAsGleanerCsvAsync(file, cancellationToken))
            {
                throw new InvalidDataException($"{_path} holds a CSV whose columns are not Gleaner's; use another output file");
            }

            var rows = await RecordFile.RepairAsync(file, quoted: true, jsonLines: false, cancellationToken);
            _writer = new StreamWriter(file, Utf8, BufferSize);
            if (rows == 0)
            {
                await _writer.WriteAsync(CsvRow.Header.AsMemory(), cancellationToken);
                await _writer.FlushAsync(cancellationToken);
            }

            return Math.Max(rows - 1, 0);
        }
        catch
        {
            if (_writer is null)
            {
                await file.DisposeAsync();
            }

            throw;
        }
    }

    /// <inheritdoc />
    public Task WriteAsync(string recordJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordJson);
        var writer = Writer();
        _row.Clear();
        CsvRow.Append(_row, recordJson);
        // Synchronously into the writer's buffer, for the reason JsonlSink.WriteAsync gives.
        writer.Write(_row);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        // Synchronously, as WriteAsync writes.
        Writer().Flush();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
            _writer = null;
        }
    }

    private StreamWriter Writer()
        => _writer ?? throw new InvalidOperationException("the sink is not prepared (call PrepareAsync first) or is disposed");

    /// <summary>True when the file starts with Gleaner's header, or is empty or a torn start of it.</summary>
    private static async Task<bool> StartsAsGleanerCsvAsync(FileStream file, CancellationToken cancellationToken)
    {
        var expected = Utf8.GetBytes(CsvRow.Header);
        var actual = new byte[(int)Math.Min(expected.Length, file.Length)];
        file.Position = 0;
        await file.ReadExactlyAsync(actual, cancellationToken);
        return actual.AsSpan().SequenceEqual(expected.AsSpan(0, actual.Length));
    }
}
