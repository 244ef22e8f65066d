using System.Buffers;
using Gleaner.Storage.Samples;

namespace Gleaner.Tests.Storage.Samples;

public sealed class SampleDeltasTests
{
    private const long Due0 = 1_796_378_400_000; // 2026-12-04T10:00:00Z

    [Fact]
    public void Append_SamplesOnSchedule_CostFourBytesEachFromTheThird()
    {
        var bytes = new ArrayBufferWriter<byte>();
        var cursor = default(RunCursor);
        var sizes = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var before = bytes.WrittenCount;
            var due = Due0 + i * 10_000;
            cursor = SampleDeltas.Append(bytes, cursor, new SampleEntry(due, due + 5, due + 45, 1, false, false));
            sizes.Add(bytes.WrittenCount - before);
        }

        // The first has no due (it is the row's first_due), the second its step (10,000 ms: three bytes), the rest
        // no change in the step: one byte, and one each for lateness, duration and attempts.
        Assert.Equal([3, 6, 4, 4], sizes);
        Assert.Equal(new RunCursor(4, Due0 + 30_000, 10_000), cursor);
    }

    [Fact]
    public void Read_WhatAppendWrote_GivesEveryEntryBackExactly()
    {
        SampleEntry[] entries =
        [
            new(Due0, Due0 + 3, Due0 + 120, 1, false, false),
            new(Due0 + 10_000, Due0 + 10_000, Due0 + 10_007, 1, true, true),
            new(Due0 + 40_000, Due0 + 42_500, Due0 + 43_700, 3, false, false), // two samples missed, late, retried
            new(Due0 + 40_000, Due0 + 39_990, Due0 + 39_980, 0, true, false),  // the same due again, early, a clock that stepped back
            new(Due0 + 3_640_000, Due0 + 3_640_000 + 86_400_000, long.MaxValue / 2, int.MaxValue, false, true),
        ];
        var bytes = new ArrayBufferWriter<byte>();
        var cursor = default(RunCursor);
        foreach (var entry in entries)
        {
            cursor = SampleDeltas.Append(bytes, cursor, entry);
        }

        var read = new List<SampleEntry>();
        var end = SampleDeltas.Read(Due0, entries.Length, bytes.WrittenSpan, read);

        Assert.Equal(entries, read);
        Assert.Equal(cursor, end);
    }

    [Fact]
    public void Read_BytesLeftOverOrMissing_IsInvalidData()
    {
        var bytes = new ArrayBufferWriter<byte>();
        SampleDeltas.Append(bytes, default, new SampleEntry(Due0, Due0, Due0, 1, false, false));

        Assert.Throws<InvalidDataException>(() => SampleDeltas.Read(Due0, 2, bytes.WrittenSpan, null));
        Assert.Throws<InvalidDataException>(() => SampleDeltas.Read(Due0, 0, bytes.WrittenSpan, null));
    }
}
