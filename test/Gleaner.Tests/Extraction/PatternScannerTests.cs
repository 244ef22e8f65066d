using Gleaner.Extraction;

namespace Gleaner.Tests.Extraction;

public class PatternScannerTests
{
    [Theory]
    [InlineData(@"(-?\d+(?:\.\d+)?)\s*(?:&deg;|°)?\s*F")]
    [InlineData(@"<td[^>]*>(\d+)</td>")]
    [InlineData(@"[\b]x")]
    [InlineData(@"\^x\$")]
    [InlineData(@"[$^]+")]
    [InlineData(@"[]^]")]
    [InlineData(@"\\b")]
    [InlineData(@"(?i)abc")]
    [InlineData(@"(?#a comment)abc")]
    [InlineData(@"\x5E\u0024")]
    public void DependsOnContext_PatternsThatReadOnlyTheirMatch_False(string pattern) =>
        Assert.False(PatternScanner.DependsOnContext(pattern));

    [Theory]
    [InlineData(@"^\d+")]
    [InlineData(@"\d+$")]
    [InlineData(@"\bF")]
    [InlineData(@"a\Bb")]
    [InlineData(@"\Aa")]
    [InlineData(@"a\z")]
    [InlineData(@"a\Z")]
    [InlineData(@"[a]^")]
    [InlineData(@"[]a]$")]
    [InlineData("(?#[)^a")]
    [InlineData("(?x) a # [ \n ^b")]
    [InlineData("(?ix-s:a) b")]
    public void DependsOnContext_AnchorsBoundariesOrFreeSpacing_True(string pattern) =>
        Assert.True(PatternScanner.DependsOnContext(pattern));

    [Theory]
    [InlineData(@"a(?=b)", 1)]
    [InlineData(@"[(?=]\1", 5)]
    [InlineData(@"(a)\k<x>", 3)]
    [InlineData(@"x\G", 1)]
    [InlineData(@"(?#(?=)(?>a)", 7)]
    [InlineData(@"[\1](?<!a)", 4)]
    public void FindUnsupported_PointsAtTheRefusedConstruct(string pattern, int position) =>
        Assert.Equal(position, PatternScanner.FindUnsupported(pattern));

    [Fact]
    public void FindUnsupported_SupportedPattern_Null() =>
        Assert.Null(PatternScanner.FindUnsupported(@"(\d+)[(?=\1]\s*F"));
}
