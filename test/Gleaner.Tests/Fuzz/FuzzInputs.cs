namespace Gleaner.Tests.Fuzz;

/// <summary>
/// The mix of inputs a campaign feeds: generated from the grammar, real inputs mutated, generated inputs mutated,
/// two real inputs spliced, and noise.
/// </summary>
internal static class FuzzInputs
{
    public static Func<Random, string> Mixed(Func<Random, string> generate, IReadOnlyList<string> corpus, IReadOnlyList<string> tokens, int noiseLength)
    {
        var mutator = new Mutator(tokens);
        return random =>
        {
            switch (random.Next(10))
            {
                case 0 or 1 or 2:
                    return generate(random);
                case 3 or 4 or 5:
                    return mutator.Mutate(random, corpus[random.Next(corpus.Count)], corpus);
                case 6 or 7:
                    return mutator.Mutate(random, generate(random), corpus);
                case 8:
                    var (first, second) = (corpus[random.Next(corpus.Count)], corpus[random.Next(corpus.Count)]);
                    return first[..random.Next(first.Length + 1)] + second[random.Next(second.Length + 1)..];
                default:
                    return mutator.Noise(random, noiseLength);
            }
        };
    }
}
