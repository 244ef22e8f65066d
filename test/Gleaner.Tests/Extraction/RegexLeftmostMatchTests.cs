using Gleaner.Extraction;

namespace Gleaner.Tests.Extraction;

/// <summary>
/// The leftmost match, always: .NET 10's linear-time engine alone returns a later match for patterns that start
/// with an optional piece (dotnet/runtime#130176); these pin Gleaner's guard against it.
/// </summary>
public class RegexLeftmostMatchTests
{
    [Theory]
    [InlineData(@"(-?\d+(?:\.\d+)?)\s*F", "- 12F 3F", "12")]
    [InlineData(@"(-?\d+(?:\.\d+)?)\s*F", "wind -- 12 mph, 51 F, 40 F", "51")]
    [InlineData(@"(-?\d+(?:\.\d+)?)\s*(?:&deg;|°)?\s*F", "a-b 51°F then 40°F", "51")]
    [InlineData("a?bc", "arbcbc", "bc")]
    public void Apply_OptionalFirstPiece_ReturnsTheLeftmostMatch(string pattern, string text, string expected) =>
        Assert.Equal(expected, new RegexStep(pattern).Apply(text));

    [Fact]
    public void Apply_RandomPatterns_AgreeWithTheBacktrackingEngineOnTheLeftmostMatch()
    {
        var random = new Random(7);
        string[] atoms = ["a", "b", "c", "a?", "-?", @"\d", @"\d+", "(?:a|b)", "[ab]", "x*", @"\s*", "c+", @"(\d+)", "(a|b)?", @"(?:\.\d+)?", "F"];
        const string alphabet = "abc-1 x.F9";
        for (var i = 0; i < 3_000; i++)
        {
            var pattern = string.Concat(Enumerable.Range(0, random.Next(1, 5)).Select(_ => atoms[random.Next(atoms.Length)]));
            var text = new string([.. Enumerable.Range(0, random.Next(0, 14)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var reference = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.Multiline).Match(text);
            // RegexStep's rule: the first capture group that took part in the match, else the whole match.
            var expected = !reference.Success ? null
                : reference.Groups.Cast<System.Text.RegularExpressions.Group>().Skip(1).FirstOrDefault(g => g.Success)?.Value ?? reference.Value;
            var step = new RegexStep(pattern);

            Assert.True(expected == step.Apply(text), $"pattern {pattern} on '{text}': expected '{expected}', got '{step.Apply(text)}'");
        }
    }
}
