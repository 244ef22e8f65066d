using System.Buffers;
using System.Text.Json;

namespace Gleaner.Storage;

/// <summary>
/// Finds the complete records of a line-based output (JSONL, CSV) and cuts off a torn last record: a killed
/// process leaves a prefix of what it wrote, so everything up to the last record terminator is whole.
/// </summary>
/// <remarks>
/// In JSON Lines, a last line that is a whole JSON object but lacks its '\n' is completed rather than cut: no
/// proper prefix of a one-line JSON object is itself a JSON object, so nothing torn is ever kept, and a file
/// written by hand without a final newline loses no line.
/// </remarks>
internal static class RecordFile
{
    private const int ChunkSize = 64 * 1024;
    private const int LongestTailToParse = 1024 * 1024;

    /// <summary>
    /// Counts the complete records in <paramref name="file"/>, truncates whatever follows the last one, and leaves
    /// the position at the end. With <paramref name="quoted"/> (CSV), a line feed inside double quotes is part of a
    /// field, not the end of a record. With <paramref name="jsonLines"/>, a last line holding a whole JSON object is
    /// completed with its '\n' instead.
    /// </summary>
    internal static async Task<long> RepairAsync(FileStream file, bool quoted, bool jsonLines, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var scan = new Scan(quoted);
            file.Position = 0;
            int read;
            while ((read = await file.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                scan.Feed(buffer.AsSpan(0, read));
            }

            var records = scan.Records;
            if (scan.End < file.Length)
            {
                if (jsonLines && await TailIsJsonObjectAsync(file, scan.End, cancellationToken))
                {
                    file.Position = file.Length;
                    file.WriteByte((byte)'\n');
                    records++;
                }
                else
                {
                    file.SetLength(scan.End);
                }
            }

            file.Position = file.Length;
            return records;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<bool> TailIsJsonObjectAsync(FileStream file, long start, CancellationToken cancellationToken)
    {
        var length = file.Length - start;
        if (length > LongestTailToParse)
        {
            return false;
        }

        var tail = new byte[length];
        file.Position = start;
        await file.ReadExactlyAsync(tail, cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(tail);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The state of a scan across chunks. UTF-8 never uses the bytes of '"' or '\n' inside a character.</summary>
    private sealed class Scan(bool quoted)
    {
        private long _position;
        private bool _inQuotes;

        public long Records { get; private set; }

        public long End { get; private set; }

        public void Feed(ReadOnlySpan<byte> chunk)
        {
            if (!quoted)
            {
                var last = chunk.LastIndexOf((byte)'\n');
                if (last >= 0)
                {
                    Records += chunk.Count((byte)'\n');
                    End = _position + last + 1;
                }
            }
            else
            {
                var offset = 0;
                while (offset < chunk.Length)
                {
                    var rest = chunk[offset..];
                    var hit = _inQuotes ? rest.IndexOf((byte)'"') : rest.IndexOfAny((byte)'"', (byte)'\n');
                    if (hit < 0)
                    {
                        break;
                    }

                    if (rest[hit] == (byte)'"')
                    {
                        // An escaped quote ("") toggles twice and leaves the state as it was.
                        _inQuotes = !_inQuotes;
                    }
                    else
                    {
                        Records++;
                        End = _position + offset + hit + 1;
                    }

                    offset += hit + 1;
                }
            }

            _position += chunk.Length;
        }
    }
}
