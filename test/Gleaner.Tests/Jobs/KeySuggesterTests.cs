using Gleaner.Jobs;

namespace Gleaner.Tests.Jobs;

public class KeySuggesterTests
{
    [Theory]
    [InlineData("timout", "timeout")]
    [InlineData("tiemout", "timeout")]
    [InlineData("Timeout", "timeout")]
    [InlineData("max_byte", "max_bytes")]
    [InlineData("maxbytes", "max_bytes")]
    [InlineData("retry", "retries")]
    [InlineData("robot", "robots")]
    [InlineData("colour", null)]
    [InlineData("x", null)]
    public void Nearest_FindsTheKeyMeant(string typed, string? expected) =>
        Assert.Equal(expected, KeySuggester.Nearest(typed, ["timeout", "headers_timeout", "max_bytes", "retries", "robots"]));
}
