using System.Text.RegularExpressions;
using Gleaner.Extraction;
using Gleaner.Validation;

namespace Gleaner.Tests.Extraction;

public class RegexCompilerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Compile_EndsInAFreeSpacingComment_CompilesWithTheCommentEndedThere(bool wholeText)
    {
        // Found by fuzzing: the comment ran on over the wrapper's closing parenthesis, and a valid pattern was refused.
        var regex = RegexCompiler.Compile("regex", "(?x)#", RegexOptions.None, RegexCompiler.DefaultTimeout, wholeText);

        Assert.Matches(regex, "");
    }

    [Fact]
    public void RegexStep_FreeSpacingPatternWithTrailingComment_Extracts() =>
        Assert.Equal("57", new RegexStep(@"(?x) (-?\d+) \s* F   # degrees Fahrenheit").Apply("Temperature: 57 F"));

    [Fact]
    public void ValueSpec_FreeSpacingPatternWithTrailingComment_StillCoversTheWholeValue()
    {
        var spec = new ValueSpec(pattern: @"(?x) [A-Z]{4}   # a station");

        Assert.True(ValueValidator.Validate(spec, "KNYC").IsValid);
        Assert.False(ValueValidator.Validate(spec, "KNYC1").IsValid);
    }

    [Theory]
    [InlineData("regex")]
    [InlineData("pattern")]
    public void Compile_RepetitionTooLargeToAllocate_IsARuleError(string kind)
    {
        // Found by fuzzing: the runtime threw OutOfMemoryException for this pattern, out of RegexStep and ValueSpec.
        var e = Assert.Throws<RuleException>(() =>
            RegexCompiler.Compile(kind, "(?i)g{2147483647}A", RegexOptions.None, RegexCompiler.DefaultTimeout, wholeText: kind == "pattern"));

        Assert.Equal((kind, 0, "too large to compile for linear-time matching"), (e.Kind, e.Position, e.Problem));
    }
}
