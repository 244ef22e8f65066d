using Gleaner.Extraction;
using Gleaner.Validation;

namespace Gleaner.Tests.Validation;

public class ValueSpecTests
{
    [Fact]
    public void Ctor_NoArguments_IsTextWithDefaultLength()
    {
        var spec = new ValueSpec();

        Assert.Equal(ValueKind.Text, spec.Type);
        Assert.Equal(ValueSpec.DefaultMaxLength, spec.MaxLength);
        Assert.Equal(4096, spec.MaxLength);
        Assert.Null(spec.Unit);
        Assert.Null(spec.Pattern);
    }

    [Fact]
    public void Ctor_MinAboveMax_ThrowsNamingMin()
    {
        var e = Assert.Throws<ArgumentException>(() => new ValueSpec(ValueKind.Number, min: 10, max: 5));

        Assert.Equal("min", e.ParamName);
    }

    [Theory]
    [InlineData(ValueKind.Text)]
    [InlineData(ValueKind.Boolean)]
    [InlineData(ValueKind.Timestamp)]
    public void Ctor_BoundOnNonNumericType_ThrowsNamingField(ValueKind type)
    {
        Assert.Equal("min", Assert.Throws<ArgumentException>(() => new ValueSpec(type, min: 0)).ParamName);
        Assert.Equal("max", Assert.Throws<ArgumentException>(() => new ValueSpec(type, max: 0)).ParamName);
    }

    [Fact]
    public void Ctor_NaNBound_ThrowsNamingField()
    {
        Assert.Equal("max", Assert.Throws<ArgumentException>(() => new ValueSpec(ValueKind.Number, max: double.NaN)).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Ctor_NonPositiveMaxLength_ThrowsNamingMaxLength(int maxLength)
    {
        Assert.Equal("maxLength", Assert.Throws<ArgumentException>(() => new ValueSpec(maxLength: maxLength)).ParamName);
    }

    [Fact]
    public void Ctor_BlankUnit_ThrowsNamingUnit()
    {
        Assert.Equal("unit", Assert.Throws<ArgumentException>(() => new ValueSpec(unit: " ")).ParamName);
    }

    [Fact]
    public void Ctor_InvalidPattern_ThrowsRuleExceptionOfKindPattern()
    {
        var e = Assert.Throws<RuleException>(() => new ValueSpec(pattern: "[0-9"));

        Assert.Equal("pattern", e.Kind);
        Assert.Equal("[0-9", e.Expression);
    }

    [Fact]
    public void Ctor_PatternThatOnlyWrappingWouldFix_IsStillRejected()
    {
        // "a)(b" inside \A(?:…)\z would balance; the user's own pattern is checked first.
        var e = Assert.Throws<RuleException>(() => new ValueSpec(pattern: "a)(b"));

        Assert.Equal(1, e.Position);
    }

    [Fact]
    public void Ctor_BacktrackingOnlyPattern_ThrowsRuleException()
    {
        Assert.Equal("pattern", Assert.Throws<RuleException>(() => new ValueSpec(pattern: @"(a)\1")).Kind);
    }

    [Fact]
    public void Equals_SameFields_AreEqualDespiteSeparatelyCompiledPatterns()
    {
        var a = new ValueSpec(ValueKind.Number, "F", -80, 140, @"-?\d+");
        var b = new ValueSpec(ValueKind.Number, "F", -80, 140, @"-?\d+");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new ValueSpec(ValueKind.Number, "C", -80, 140, @"-?\d+"));
    }
}
