using Gleaner.Extraction;

namespace Gleaner.Tests.Extraction;

public class RegexStepTests
{
    [Fact]
    public void Apply_PatternWithGroup_ReturnsFirstGroup()
    {
        Assert.Equal("66.9", new RegexStep(@"(-?\d+(?:\.\d+)?) F").Apply("Temperature: 66.9 F (19.4 C)"));
    }

    [Fact]
    public void Apply_PatternWithoutGroup_ReturnsWholeMatch()
    {
        Assert.Equal("66.9 F", new RegexStep(@"-?\d+\.\d+ F").Apply("Temperature: 66.9 F"));
    }

    [Fact]
    public void Apply_NoMatch_ReturnsNull()
    {
        Assert.Null(new RegexStep(@"Temperature: (\d+)").Apply("Wind: 5 MPH"));
    }

    [Fact]
    public void Apply_AlternativeWithLaterGroup_ReturnsGroupThatTookPart()
    {
        var step = new RegexStep(@"(\d+)°F|(\d+) F");

        Assert.Equal("57", step.Apply("57 F"));
        Assert.Equal("45", step.Apply("45°F"));
    }

    [Fact]
    public void Apply_NamedGroup_ReturnsIt()
    {
        Assert.Equal("-5", new RegexStep(@"Temperature: (?<t>-?\d+)").Apply("Temperature: -5 F"));
    }

    [Fact]
    public void Apply_CaretAnchor_MatchesAtEveryLineStart()
    {
        var text = "Dew Point: 39.9 F\nTemperature: 57.0 F (13.9 C)\n";

        Assert.Equal("57.0", new RegexStep(@"^Temperature: (-?[0-9.]+) F").Apply(text));
    }

    [Fact]
    public void Evaluate_NoMatch_IsNeitherValueNorTimeout()
    {
        var result = new RegexStep("x").Evaluate("abc");

        Assert.False(result.IsMatch);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public void Evaluate_LargeInput_FinishesInLinearTime()
    {
        // Catastrophic for a backtracking engine; linear here, so the one-second backstop never fires.
        var input = new string('a', 100_000) + "!";
        var result = new RegexStep(@"^(a+)+$").Evaluate(input);

        Assert.False(result.TimedOut);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Evaluate_MatchTimeoutFires_ReportsTimedOutAndApplyThrowsDeadline()
    {
        // A one-tick budget over 20 million characters: the backstop fires even in linear-time mode.
        var step = new RegexStep("(a|b)*c", TimeSpan.FromTicks(1));
        var input = new string('a', 20_000_000);

        var result = step.Evaluate(input);

        Assert.True(result.TimedOut);
        Assert.Null(result.Value);
        // Not "no match": the pattern was not given the time to say (a starved machine), and a run names that.
        var limit = Assert.Throws<DocumentLimitException>(() => step.Apply(input));
        Assert.Equal(Outcome.Deadline, limit.Outcome);
        Assert.StartsWith("the regex '(a|b)*c' ran past its match timeout of ", limit.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(", 0)]
    [InlineData("[z-a]", 3)]
    [InlineData("abc)", 3)]
    [InlineData(@"x\", 1)]
    public void Ctor_SyntaxError_ThrowsRuleExceptionWithPosition(string pattern, int position)
    {
        var e = Assert.Throws<RuleException>(() => new RegexStep(pattern));

        Assert.Equal("regex", e.Kind);
        Assert.Equal(pattern, e.Expression);
        Assert.Equal(position, e.Position);
    }

    [Theory]
    [InlineData(@"(a)\1", 3)]
    [InlineData(@"ab(?=c)", 2)]
    [InlineData(@"ab(?<!c)", 2)]
    [InlineData(@"[(?=]x(?>y)", 6)]
    [InlineData(@"(?<n>a)\k<n>", 7)]
    [InlineData(@"\Ga", 0)]
    [InlineData(@"(?(a)b|c)", 0)]
    public void Ctor_ConstructLinearModeRefuses_ThrowsRuleExceptionAtConstruct(string pattern, int position)
    {
        var e = Assert.Throws<RuleException>(() => new RegexStep(pattern));

        Assert.Equal(position, e.Position);
        Assert.Contains("linear-time", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_AutomatonTooLarge_ThrowsRuleExceptionAtStart()
    {
        var e = Assert.Throws<RuleException>(() => new RegexStep("(a{1000}){1000}"));

        Assert.Equal(0, e.Position);
    }

    [Fact]
    public void Ctor_NonPositiveTimeout_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegexStep("a", TimeSpan.Zero));
    }

    [Fact]
    public void Ctor_NoTimeout_DefaultsToOneSecond()
    {
        var step = new RegexStep("a");

        Assert.Equal(TimeSpan.FromSeconds(1), step.MatchTimeout);
        Assert.Equal("regex", step.Kind);
        Assert.Equal("a", step.Expression);
    }
}
