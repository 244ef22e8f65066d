using Gleaner.Validation;

namespace Gleaner.Tests.Validation;

public class ValueValidatorTests
{
    private static readonly ValueSpec Number = new(ValueKind.Number);
    private static readonly ValueSpec Integer = new(ValueKind.Integer);

    [Theory]
    [InlineData("66.9", 66.9)]
    [InlineData("  45 ", 45)]
    [InlineData("+3.5", 3.5)]
    [InlineData("-26.7", -26.7)]
    [InlineData("\u22125", -5)]
    [InlineData("2.5e1", 25)]
    [InlineData(".5", 0.5)]
    [InlineData("292.15", 292.15)]
    [InlineData("20.600000000000023", 20.6)]
    [InlineData("22.800000000000001", 22.8)]
    [InlineData("0.1234567890123456", 0.123456789012346)]
    public void Validate_Number_ReadsInvariantDouble(string raw, double expected)
    {
        var result = ValueValidator.Validate(Number, raw);

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(expected, Assert.IsType<double>(result.Value));
    }

    [Theory]
    [InlineData("abc", "'abc' is not a number")]
    [InlineData("1,234", "'1,234' is not a number")]
    [InlineData("66,9", "'66,9' is not a number")]
    [InlineData("45°F", "'45°F' is not a number")]
    [InlineData("", "'' is not a number")]
    [InlineData("NaN", "'NaN' is not a finite number")]
    [InlineData("Infinity", "'Infinity' is not a finite number")]
    [InlineData("1e999", "'1e999' is not a finite number")]
    public void Validate_NotANumber_NamesTheRule(string raw, string problem)
    {
        var result = ValueValidator.Validate(Number, raw);

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Equal(problem, result.Problem);
    }

    [Fact]
    public void Validate_AboveMax_NamesTheBound()
    {
        var result = ValueValidator.Validate(new ValueSpec(ValueKind.Number, min: -60, max: 60), "61.5");

        Assert.Equal("61.5 is above max 60", result.Problem);
    }

    [Fact]
    public void Validate_BelowMin_NamesTheBound()
    {
        var result = ValueValidator.Validate(new ValueSpec(ValueKind.Integer, min: -80), "-81");

        Assert.Equal("-81 is below min -80", result.Problem);
    }

    [Theory]
    [InlineData("60")]
    [InlineData("-60")]
    public void Validate_OnTheBound_IsValid(string raw)
    {
        Assert.True(ValueValidator.Validate(new ValueSpec(ValueKind.Number, min: -60, max: 60), raw).IsValid);
    }

    [Theory]
    [InlineData("45", 45L)]
    [InlineData("-5", -5L)]
    [InlineData("\u22125", -5L)]
    [InlineData("45.0", 45L)]
    [InlineData("4.5e1", 45L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Validate_Integer_ReadsLong(string raw, long expected)
    {
        var result = ValueValidator.Validate(Integer, raw);

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(expected, Assert.IsType<long>(result.Value));
    }

    [Theory]
    [InlineData("45.5", "'45.5' is not an integer")]
    [InlineData("x", "'x' is not an integer")]
    [InlineData("9223372036854775808", "'9223372036854775808' is out of range for an integer")]
    [InlineData("1e30", "'1e30' is out of range for an integer")]
    public void Validate_NotAnInteger_NamesTheRule(string raw, string problem)
    {
        Assert.Equal(problem, ValueValidator.Validate(Integer, raw).Problem);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("FALSE", false)]
    [InlineData("Yes", true)]
    [InlineData("no", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public void Validate_Boolean_ReadsBool(string raw, bool expected)
    {
        Assert.Equal(expected, ValueValidator.Validate(new ValueSpec(ValueKind.Boolean), raw).Value);
    }

    [Fact]
    public void Validate_NotABoolean_NamesTheRule()
    {
        Assert.Equal(
            "'maybe' is not a boolean (true/false, yes/no, 1/0)",
            ValueValidator.Validate(new ValueSpec(ValueKind.Boolean), "maybe").Problem);
    }

    [Theory]
    [InlineData("2017-02-27T12:53:00-08:00", "2017-02-27T20:53:00Z")]
    [InlineData("2026-01-20T10:15:00Z", "2026-01-20T10:15:00Z")]
    [InlineData("2026-01-20T10:15", "2026-01-20T10:15:00Z")]
    [InlineData("Wed, 27 Mar 2013 13:49:00 GMT", "2013-03-27T13:49:00Z")]
    public void Validate_Timestamp_ReadsDateTimeOffset(string raw, string expectedUtc)
    {
        var result = ValueValidator.Validate(new ValueSpec(ValueKind.Timestamp), raw);

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), Assert.IsType<DateTimeOffset>(result.Value));
    }

    [Fact]
    public void Validate_NotATimestamp_NamesTheRule()
    {
        var result = ValueValidator.Validate(new ValueSpec(ValueKind.Timestamp), "last Tuesday");

        Assert.Equal("'last Tuesday' is not a timestamp (ISO 8601 or RFC 1123)", result.Problem);
    }

    [Fact]
    public void Validate_Text_ReturnsTrimmedString()
    {
        Assert.Equal("Lt Rain", ValueValidator.Validate(new ValueSpec(), "  Lt Rain \n").Value);
    }

    [Fact]
    public void Validate_TextOverMaxLength_NamesTheLimit()
    {
        var result = ValueValidator.Validate(new ValueSpec(maxLength: 5), "abcdef");

        Assert.Equal("value is 6 characters, above max length 5", result.Problem);
    }

    [Fact]
    public void Validate_HugeNumber_IsRejectedByLengthBeforeParsing()
    {
        var result = ValueValidator.Validate(Number, new string('9', 5000));

        Assert.Equal("value is 5000 characters, above max length 4096", result.Problem);
    }

    [Fact]
    public void Validate_PatternMatchesOnlyPart_IsRejected()
    {
        var spec = new ValueSpec(ValueKind.Text, pattern: "[A-Z]{4}");

        Assert.True(ValueValidator.Validate(spec, " KNYC ").IsValid);
        Assert.Equal("'KNYCX' does not match pattern '[A-Z]{4}'", ValueValidator.Validate(spec, "KNYCX").Problem);
    }

    [Fact]
    public void Validate_PatternWithAlternation_MustCoverWholeValue()
    {
        // Leftmost-first would stop at "a"; the whole value "ab" still matches the second alternative.
        Assert.True(ValueValidator.Validate(new ValueSpec(pattern: "a|ab"), "ab").IsValid);
    }

    [Fact]
    public void Validate_PatternThenType_BothApply()
    {
        var spec = new ValueSpec(ValueKind.Number, pattern: @"-?\d+\.\d");

        Assert.Equal(38.0, ValueValidator.Validate(spec, "38.0").Value);
        Assert.Equal(@"'38' does not match pattern '-?\d+\.\d'", ValueValidator.Validate(spec, "38").Problem);
    }

    [Fact]
    public void Validate_MultiLineValue_ProblemStaysOnOneLine()
    {
        Assert.Equal("'12\\x0d\\x0a34' is not a number", ValueValidator.Validate(Number, "12\r\n34").Problem);
    }

    [Theory]
    [InlineData("\u001b]0;owned\u0007\u001b[2J66.9", "'\\x1b]0;owned\\x07\\x1b[2J66.9' is not a number")]
    [InlineData("66.9\u007f", "'66.9\\x7f' is not a number")]
    [InlineData("\u009b31m66.9", "'\\x9b31m66.9' is not a number")]
    [InlineData("\u202e66.9", "'\\u202e66.9' is not a number")]
    [InlineData("\u2066\u200f-5", "'\\u2066\\u200f-5' is not a number")]
    public void Validate_ValueWithTerminalControls_ProblemQuotesThemEscaped(string raw, string problem)
    {
        Assert.Equal(problem, ValueValidator.Validate(Number, raw).Problem);
    }

    [Fact]
    public void Validate_PatternMismatchWithControls_ProblemQuotesThemEscaped()
    {
        var spec = new ValueSpec(ValueKind.Text, pattern: "[A-Z]{4}");

        Assert.Equal("'KN\\x1b[2JYC' does not match pattern '[A-Z]{4}'", ValueValidator.Validate(spec, "KN\u001b[2JYC").Problem);
    }

    [Fact]
    public void Default_ValidatedValue_IsNotValid()
    {
        Assert.False(default(ValidatedValue).IsValid);
    }
}
