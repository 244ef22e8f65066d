using System.Text.RegularExpressions;
using Gleaner.Extraction;
using Gleaner.Validation;

namespace Gleaner.Tests.Fuzz;

/// <summary>
/// Regular expressions, generated from .NET's grammar and mutated from the patterns of the docs, fixtures and
/// tests: each compiles as a rule and as a value pattern when .NET's linear-time engine takes it, and a
/// refusal is a <see cref="RuleException"/> at a position inside the pattern. The scanner answers for every
/// pattern, and a pattern it says reads only its match finds the same value in a window as in the whole text.
/// </summary>
public class RegexFuzzTests
{
    private const RegexOptions Linear = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    private static readonly string[] Texts = ["Temperature: 57 F (14 C)\r\n-12.5\u00B0F x", "aaaa(((b]]\u00E9\u0130"];

    [Fact]
    public void Compile_GeneratedAndMutatedPatterns_GiveARuleOrAPositionedError() =>
        FuzzAssert.Holds(
            "regex",
            casesInCi: 600,
            FuzzInputs.Mixed(RegexGenerator.Pattern, FuzzCorpus.Regexes.Value, RegexGenerator.Tokens, noiseLength: 40),
            Compile);

    private static Verdict Compile(string pattern)
    {
        var unsupported = PatternScanner.FindUnsupported(pattern);
        if (unsupported is < 0 || unsupported >= pattern.Length)
        {
            return Verdict.Break("unsupported construct outside the pattern", $"{unsupported} of {pattern.Length}");
        }

        _ = PatternScanner.DependsOnContext(pattern);
        RegexStep step;
        try
        {
            step = new RegexStep(pattern);
        }
        catch (RuleException e)
        {
            return Refused(e, "regex", pattern, EngineTakes(pattern, RegexOptions.Multiline));
        }

        try
        {
            _ = new ValueSpec(pattern: pattern);
        }
        catch (RuleException e)
        {
            return Refused(e, ValueSpec.PatternKind, pattern, EngineTakes(pattern, RegexOptions.None));
        }

        foreach (var text in Texts)
        {
            var whole = step.Evaluate(text);
            var window = step.Evaluate(text.AsSpan());
            // A match timeout is the backstop's answer, not a value: "(?<1>){10000}" needs most of the second for its
            // capture pass over 24 characters on a busy machine, and the window path spares that pass.
            if (whole.Value != window.Value && !whole.TimedOut && !window.TimedOut)
            {
                return Verdict.Break("value differs in a window", $"{CSharp.Literal(text)}: {whole.Value} vs {window.Value}");
            }
        }

        return Verdict.Accept;
    }

    private static Verdict Refused(RuleException e, string kind, string pattern, bool engineTakes)
    {
        if (e.Kind != kind || e.Expression != pattern || e.Position < 0 || e.Position > pattern.Length)
        {
            return Verdict.Break("error outside the pattern", $"{e.Kind} at {e.Position} of {pattern.Length}");
        }

        // The leftmost-match guard (RegexCompiler.Guarded) adds word boundaries, which multiply the engine's estimate
        // of the automaton's size by five: a pattern near the engine's limit of 10,000 nodes is refused for its size.
        var tooLarge = e.InnerException is NotSupportedException && e.Problem.Contains("nodes", StringComparison.Ordinal);
        return engineTakes && !tooLarge ? Verdict.Break("pattern refused that the engine takes", e.Message) : Verdict.Refuse;
    }

    private static bool EngineTakes(string pattern, RegexOptions options)
    {
        try
        {
            _ = new Regex(pattern, options | Linear);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or OutOfMemoryException)
        {
            // OutOfMemoryException: "(?i)g{2147483647}A", which RegexCompiler refuses as too large.
            return false;
        }
    }
}
