namespace Gleaner.Tests.Fuzz;

/// <summary>
/// One input that broke a parser's promise. <see cref="Signature"/> names the kind of failure (the exception
/// type and where it was thrown, or the broken promise), so shrinking keeps that failure and not another.
/// </summary>
internal sealed record FuzzFailure(int Case, string Signature, string Detail, string Input)
{
    /// <summary>The smallest input found that fails the same way.</summary>
    public string Minimal { get; init; } = Input;

    public override string ToString() =>
        $"case {Case}: {Signature}\n  minimal input: {CSharp.Literal(Minimal, 1000)}\n"
        + $"  input ({Input.Length} chars): {CSharp.Literal(Input, 300)}\n  {Cut(Detail).Replace("\n", "\n  ", StringComparison.Ordinal)}";

    private static string Cut(string text) => text.Length > 3000 ? text[..3000] + " …" : text;
}
