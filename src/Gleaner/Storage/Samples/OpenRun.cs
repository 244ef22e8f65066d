using System.Buffers;
using Gleaner.Watching;

namespace Gleaner.Storage.Samples;

/// <summary>
/// A target's last run row as the writer holds it between batches: what its samples share, where the encoding of
/// its samples stands, and the bytes added to it by the batch being written.
/// </summary>
internal sealed class OpenRun
{
    private ArrayBufferWriter<byte>? _added;

    /// <summary>A new row, begun by <paramref name="first"/> (added with <see cref="Add"/>); <see cref="Id"/> is 0 until it is inserted.</summary>
    public OpenRun(long targetId, Sample first)
    {
        TargetId = targetId;
        Outcome = first.Outcome.ToName();
        Value = first.Value;
        Number = first.Number;
        Unit = first.Unit;
        Status = first.Status;
        Error = first.Error;
        Changed = first.Changed;
        FirstDue = StoreTime.ToMs(first.Due);
    }

    /// <summary>A row read back from the store, with its encoding at <paramref name="cursor"/>.</summary>
    public OpenRun(RunRow row, RunCursor cursor)
    {
        Id = row.Id;
        TargetId = row.TargetId;
        Outcome = row.Outcome;
        Value = row.Value;
        Number = row.Number;
        Unit = row.Unit;
        Status = row.Status;
        Error = row.Error;
        Changed = row.Changed;
        FirstDue = row.FirstDue;
        Cursor = cursor;
    }

    public long Id { get; set; }

    public long TargetId { get; }

    public string Outcome { get; }

    public string? Value { get; }

    public double? Number { get; }

    public string? Unit { get; }

    public int? Status { get; }

    public string? Error { get; }

    public bool Changed { get; }

    public long FirstDue { get; }

    public RunCursor Cursor { get; private set; }

    /// <summary>The encoded samples added since the row was last written (all of them for a row not yet inserted).</summary>
    public ReadOnlySpan<byte> Added => _added is null ? default : _added.WrittenSpan;

    /// <summary>True while the batch being written has added samples to this row.</summary>
    public bool Touched => _added is { WrittenCount: > 0 };

    /// <summary>
    /// True when <paramref name="sample"/> continues this row: the row has room, the sample is not a change and is
    /// not due before the row's last, and it ended as the row's samples did. A 304 continues a row of any status.
    /// </summary>
    public bool Accepts(Sample sample, in SampleEntry entry) =>
        Cursor.Count < RunRow.Capacity
        && !sample.Changed
        && entry.Due >= Cursor.LastDue
        && (entry.Status304 || sample.Status == Status)
        && sample.Outcome.ToName() == Outcome
        && string.Equals(sample.Value, Value, StringComparison.Ordinal)
        && SameNumber(sample.Number, Number)
        && string.Equals(sample.Unit, Unit, StringComparison.Ordinal)
        && string.Equals(sample.Error, Error, StringComparison.Ordinal);

    /// <summary>Encodes one more sample into the row.</summary>
    public void Add(in SampleEntry entry)
    {
        _added ??= new ArrayBufferWriter<byte>(64);
        Cursor = SampleDeltas.Append(_added, Cursor, entry);
    }

    /// <summary>The added bytes are in the store.</summary>
    public void Written() => _added?.ResetWrittenCount();

    /// <summary>The entry a sample becomes in a row.</summary>
    public static SampleEntry EntryOf(Sample sample) => new(
        StoreTime.ToMs(sample.Due), StoreTime.ToMs(sample.Started), StoreTime.ToMs(sample.Finished), sample.Attempts,
        sample.NotModified, sample.NotModified && sample.Status == 304);

    private static bool SameNumber(double? a, double? b) =>
        a.HasValue == b.HasValue && (!a.HasValue || BitConverter.DoubleToInt64Bits(a.Value) == BitConverter.DoubleToInt64Bits(b!.Value));
}
