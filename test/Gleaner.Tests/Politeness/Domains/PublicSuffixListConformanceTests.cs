using System.Globalization;
using System.Text;
using Gleaner.Politeness.Domains;

namespace Gleaner.Tests.Politeness.Domains;

/// <summary>
/// PublicSuffixList against the upstream test vectors (fixtures/public-suffix-list/tests.txt, publicsuffix/list
/// tests/tests.txt): one row per <c>&lt;input&gt; &lt;expected registrable domain&gt;</c> line, run against the
/// list parsed from the fixture's own .dat file. Lines starting with <c>//</c> are comments, including the four
/// <c>.local</c> vectors upstream has commented out.
/// </summary>
/// <remarks>
/// Gleaner takes hosts as <see cref="Uri.IdnHost"/> gives them, so a vector with Unicode labels has both its input
/// and its expected value converted with <see cref="IdnMapping.GetAscii(string)"/> (the mapping IdnHost applies)
/// before the call; the punycode block of the vectors then checks the same cases as given. <c>null</c> means a
/// null input or a null result. Mixed-case inputs are passed as they are: lower-casing is the list's job.
/// </remarks>
public class PublicSuffixListConformanceTests
{
    private const int VectorCount = 78;

    private static readonly Lazy<PublicSuffixList> FixtureList = new(() =>
    {
        using var reader = File.OpenText(Fixtures.Path("public-suffix-list", "public_suffix_list.dat"));
        return PublicSuffixList.Parse(reader);
    });

    public static TheoryData<int, string?, string?> Vectors()
    {
        var rows = new TheoryData<int, string?, string?>();
        var lines = File.ReadAllLines(Fixtures.Path("public-suffix-list", "tests.txt"), Encoding.UTF8);
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
                continue;

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(parts.Length == 2, $"tests.txt line {index + 1} is not '<input> <expected>': {line}");
            var (input, expected) = (NullOrText(parts[0]), NullOrText(parts[1]));
            rows.Add(new TheoryDataRow<int, string?, string?>(index + 1, input, expected)
                .WithTestDisplayName($"tests.txt:{index + 1} {parts[0]} -> {parts[1]}"));
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void RegistrableDomain_UpstreamVector_MatchesExpected(int line, string? input, string? expected)
    {
        var host = ToIdnHost(input);

        var actual = FixtureList.Value.RegistrableDomain(host);

        Assert.True(ToIdnHost(expected) == actual, $"tests.txt:{line} {input} (as {host}): expected {expected ?? "null"}, got {actual ?? "null"}");
    }

    [Fact]
    public void Vectors_AllLinesRead()
    {
        // If the fixture or the line reader changes so that rows go missing, this fails rather than the theory
        // passing on fewer vectors.
        Assert.Equal(VectorCount, Vectors().Count);
    }

    [Fact]
    public void EmbeddedList_IsByteIdenticalToFixture()
    {
        using var embedded = PublicSuffixList.OpenEmbedded();
        using var copy = new MemoryStream();
        embedded.CopyTo(copy);

        var fixture = File.ReadAllBytes(Fixtures.Path("public-suffix-list", "public_suffix_list.dat"));

        Assert.Equal(fixture.Length, copy.Length);
        Assert.True(fixture.AsSpan().SequenceEqual(copy.ToArray()), "the shipped list differs from the fixture");
    }

    private static string? NullOrText(string token) => token == "null" ? null : token;

    private static string? ToIdnHost(string? text) =>
        text is null || Ascii.IsValid(text) ? text : new IdnMapping().GetAscii(text);
}
