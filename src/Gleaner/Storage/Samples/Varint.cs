using System.Buffers;

namespace Gleaner.Storage.Samples;

/// <summary>
/// LEB128 variable-length integers (seven bits a byte, low bits first, as protobuf and SQLite's own records do), and
/// zigzag for signed ones so that small negative numbers stay short too.
/// </summary>
internal static class Varint
{
    /// <summary>The most bytes one value takes.</summary>
    public const int MaxLength = 10;

    /// <summary>Appends <paramref name="value"/> to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(MaxLength);
        var length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[length++] = (byte)value;
        output.Advance(length);
    }

    /// <summary>Appends the zigzag form of <paramref name="value"/>: 0, -1, 1, -2, … become 0, 1, 2, 3, ….</summary>
    public static void WriteSigned(IBufferWriter<byte> output, long value) => Write(output, (ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Reads one value at <paramref name="position"/> and moves past it.</summary>
    /// <exception cref="InvalidDataException">The bytes end mid-value or the value is longer than 64 bits.</exception>
    public static ulong Read(ReadOnlySpan<byte> input, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= input.Length)
            {
                throw new InvalidDataException("a sample run's bytes end in the middle of a number");
            }

            var b = input[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("a sample run holds a number longer than 64 bits");
    }

    /// <summary>Reads one zigzag value at <paramref name="position"/> and moves past it.</summary>
    public static long ReadSigned(ReadOnlySpan<byte> input, ref int position)
    {
        var zigzag = Read(input, ref position);
        return (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
    }
}
