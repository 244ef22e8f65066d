using System.Buffers;

namespace Gleaner.Storage.Samples;

/// <summary>
/// The bytes of a run row's samples, as varints: an unchanged sample costs these bytes and nothing else.
/// </summary>
/// <remarks>
/// Per sample, in order:
/// <list type="number">
/// <item>its due time, except for the row's first sample (whose due is the row's <c>first_due</c>): the change in
/// the step between dues, signed (zigzag). A schedule's steps are equal, so a sample on time costs one byte here, and
/// the first step after a row's first sample costs the step itself;</item>
/// <item>its lateness, started minus due, as a magnitude;</item>
/// <item>its duration, finished minus started, as a magnitude;</item>
/// <item>attempts × 16 + 8 when the lateness is negative + 4 when the duration is (a clock that stepped back must
/// not break the row) + 2 when its status is 304 (not the row's) + 1 when it was not modified.</item>
/// </list>
/// Times are in whole milliseconds. A sample on schedule, fetched once in under 128 ms and started within 128 ms of
/// its due costs four bytes.
/// </remarks>
internal static class SampleDeltas
{
    private const ulong NotModifiedFlag = 1, Status304Flag = 2, EarlyFlag = 8, BackwardsFlag = 4;
    private const int AttemptsShift = 4;

    /// <summary>Appends <paramref name="entry"/> to a row that stands at <paramref name="cursor"/>; returns where it stands after.</summary>
    public static RunCursor Append(IBufferWriter<byte> output, RunCursor cursor, in SampleEntry entry)
    {
        var step = 0L;
        if (cursor.Count > 0)
        {
            step = entry.Due - cursor.LastDue;
            Varint.WriteSigned(output, step - cursor.LastStep);
        }

        var lateness = entry.Started - entry.Due;
        var duration = entry.Finished - entry.Started;
        Varint.Write(output, (ulong)Math.Abs(lateness));
        Varint.Write(output, (ulong)Math.Abs(duration));
        Varint.Write(output, ((ulong)entry.Attempts << AttemptsShift)
            | (lateness < 0 ? EarlyFlag : 0) | (duration < 0 ? BackwardsFlag : 0)
            | (entry.Status304 ? Status304Flag : 0) | (entry.NotModified ? NotModifiedFlag : 0));
        return new RunCursor(cursor.Count + 1, entry.Due, step);
    }

    /// <summary>Reads the <paramref name="count"/> samples of a row that starts at <paramref name="firstDue"/> into <paramref name="into"/>.</summary>
    /// <returns>Where the row stands after its last sample.</returns>
    /// <exception cref="InvalidDataException">The bytes do not hold <paramref name="count"/> samples exactly.</exception>
    public static RunCursor Read(long firstDue, int count, ReadOnlySpan<byte> bytes, List<SampleEntry>? into)
    {
        var position = 0;
        var due = firstDue;
        var step = 0L;
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                step += Varint.ReadSigned(bytes, ref position);
                due += step;
            }

            var lateness = (long)Varint.Read(bytes, ref position);
            var duration = (long)Varint.Read(bytes, ref position);
            var flags = Varint.Read(bytes, ref position);
            var started = due + ((flags & EarlyFlag) != 0 ? -lateness : lateness);
            var finished = started + ((flags & BackwardsFlag) != 0 ? -duration : duration);
            into?.Add(new SampleEntry(due, started, finished, checked((int)(flags >> AttemptsShift)),
                (flags & NotModifiedFlag) != 0, (flags & Status304Flag) != 0));
        }

        if (position != bytes.Length)
        {
            throw new InvalidDataException($"a sample run holds {bytes.Length - position} bytes past its {count} samples");
        }

        return new RunCursor(count, due, step);
    }
}
