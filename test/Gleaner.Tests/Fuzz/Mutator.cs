using System.Text;

namespace Gleaner.Tests.Fuzz;

/// <summary>
/// Mutates text as a fuzzer does: deletes, inserts (the grammar's own tokens, odd characters, numbers at their
/// limits), duplicates, moves and splices ranges, and truncates. The result is capped in length.
/// </summary>
internal sealed class Mutator(IReadOnlyList<string> tokens, int maxLength = 64 << 10)
{
    /// <summary>Applies one to a dozen mutations to <paramref name="input"/>; <paramref name="corpus"/> gives splices.</summary>
    public string Mutate(Random random, string input, IReadOnlyList<string> corpus)
    {
        var text = new StringBuilder(input);
        var count = 1 + random.Next(random.Next(3) == 0 ? 12 : 3);
        for (var i = 0; i < count && text.Length < maxLength; i++)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(10))
            {
                case 0 when text.Length > 0:
                    var position = random.Next(text.Length);
                    var length = random.Next(2) == 0 ? 1 + random.Next(8) : 1 + random.Next(Math.Max(1, text.Length / 4));
                    text.Remove(position, Math.Min(length, text.Length - position));
                    break;
                case 1 or 2:
                    text.Insert(at, tokens[random.Next(tokens.Count)]);
                    break;
                case 3:
                    text.Insert(at, Interesting.Char(random));
                    break;
                case 4 when text.Length > 0:
                    text[Math.Min(at, text.Length - 1)] = Interesting.AnyUnit(random);
                    break;
                case 5 when text.Length > 0:
                    var start = random.Next(text.Length);
                    var piece = text.ToString(start, Math.Min(1 + random.Next(32), text.Length - start));
                    var times = random.Next(4) == 0 ? 1 + random.Next(200) : 1 + random.Next(3);
                    for (var t = 0; t < times && text.Length < maxLength; t++)
                    {
                        text.Insert(at, piece);
                    }

                    break;
                case 6 when corpus.Count > 0:
                    var other = corpus[random.Next(corpus.Count)];
                    var from = random.Next(other.Length + 1);
                    text.Insert(at, other.AsSpan(from, random.Next(other.Length - from + 1)));
                    break;
                case 7:
                    text.Insert(at, Interesting.Number(random));
                    break;
                case 8 when text.Length > 0:
                    text.Length = random.Next(text.Length);
                    break;
                default:
                    text.Insert(at, tokens[random.Next(tokens.Count)]);
                    break;
            }
        }

        return text.Length > maxLength ? text.ToString(0, maxLength) : text.ToString();
    }

    /// <summary>Random code units, weighted to ASCII and the grammar's tokens: noise with some structure left.</summary>
    public string Noise(Random random, int maxLength)
    {
        var text = new StringBuilder();
        var length = random.Next(maxLength);
        while (text.Length < length)
        {
            _ = random.Next(4) switch
            {
                0 => text.Append(tokens[random.Next(tokens.Count)]),
                1 => text.Append(Interesting.Char(random)),
                _ => text.Append(Interesting.AnyUnit(random)),
            };
        }

        return text.ToString();
    }
}
