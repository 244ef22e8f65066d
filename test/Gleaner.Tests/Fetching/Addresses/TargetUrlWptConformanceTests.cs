using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gleaner.Fetching.Addresses;

namespace Gleaner.Tests.Fetching.Addresses;

/// <summary>
/// TargetUrl against the WHATWG URL test data from web-platform-tests (fixtures/url-parsing-wpt): every case
/// whose input is an absolute http(s) URL and whose expected host is an IPv4 dotted quad, or that must fail.
/// </summary>
public partial class TargetUrlWptConformanceTests
{
    private static readonly Lazy<JsonElement[]> Cases = new(() =>
    {
        using var stream = File.OpenRead(Fixtures.Path("url-parsing-wpt", "urltestdata.json"));
        using var document = JsonDocument.Parse(stream);
        // Strings in the array are comments; objects are test cases.
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    });

    public static TheoryData<int> InScopeCases()
    {
        var rows = new TheoryData<int>();
        var cases = Cases.Value;
        for (var index = 0; index < cases.Length; index++)
        {
            var testCase = cases[index];
            if (testCase.ValueKind != JsonValueKind.Object)
                continue;

            // Rule 1: the input must carry its own http or https scheme. Relative and scheme-relative inputs
            // are resolved against `base` in WHATWG; a target URL has no base, so those are out of scope.
            var input = testCase.GetProperty("input").GetString()!;
            var scheme = SchemeOf(input);
            if (scheme is not ("http" or "https"))
                continue;

            // Rule 2: "http:foo" with an http base is a relative reference in WHATWG (special relative-or-
            // authority state), not a URL with host "foo"; out of scope for the same reason as rule 1.
            if (testCase.TryGetProperty("base", out var baseUrl) && baseUrl.ValueKind == JsonValueKind.String
                && SchemeOf(baseUrl.GetString()!) == scheme && !HasAuthoritySlashes(input))
                continue;

            // Rule 3: only failures and dotted-quad hosts; other hostnames are not what this class is about.
            var fails = testCase.TryGetProperty("failure", out var failure) && failure.GetBoolean();
            if (!fails && !DottedQuad().IsMatch(testCase.GetProperty("hostname").GetString()!))
                continue;

            rows.Add(new TheoryDataRow<int>(index).WithTestDisplayName($"WPT #{index} {Escape(input)}"));
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(InScopeCases))]
    public void TryParse_WptCase_MatchesWhatwgHost(int index)
    {
        var testCase = Cases.Value[index];
        var input = testCase.GetProperty("input").GetString()!;
        var accepted = TargetUrl.TryParse(input, out var uri, out var error);

        if (testCase.TryGetProperty("failure", out var failure) && failure.GetBoolean())
        {
            Assert.False(accepted, $"WHATWG rejects {Escape(input)}, TargetUrl gave {uri}");
            return;
        }

        Assert.True(accepted, $"WHATWG accepts {Escape(input)}, TargetUrl said: {error}");
        Assert.NotNull(uri);
        Assert.Equal(testCase.GetProperty("hostname").GetString(), uri.Host);
        Assert.Equal(UriHostNameType.IPv4, uri.HostNameType);
    }

    [Fact]
    public void InScopeCases_CoverBothIpv4HostsAndFailures()
    {
        // Guards the selection rules: if the fixture or a rule changes so that the suite quietly shrinks,
        // this fails instead of the theory passing on nothing.
        var inScope = InScopeCases().Select(r => Cases.Value[r.Data]).ToList();
        Assert.True(inScope.Count >= 200, $"only {inScope.Count} WPT cases in scope");
        Assert.True(inScope.Count(c => !c.TryGetProperty("failure", out _)) >= 15);
    }

    private static string? SchemeOf(string url)
    {
        // WHATWG strips leading/trailing C0 controls and spaces, and tabs/newlines anywhere, before parsing.
        var trimmed = url.Trim(Enumerable.Range(0, 0x21).Select(i => (char)i).ToArray())
            .Replace("\t", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        var match = SchemePrefix().Match(trimmed);
        return match.Success ? match.Groups[1].Value.ToLowerInvariant() : null;
    }

    private static bool HasAuthoritySlashes(string input)
    {
        var start = input.TrimStart().IndexOf(':', StringComparison.Ordinal) + 1;
        var rest = input.TrimStart()[start..];
        return rest.Length >= 2 && rest[0] is '/' or '\\' && rest[1] is '/' or '\\';
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
            builder.Append(c is < ' ' or (>= '\u007f' and <= '\u00a0') ? $"\\u{(int)c:X4}" : c.ToString());
        return builder.ToString();
    }

    [GeneratedRegex(@"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")]
    private static partial Regex DottedQuad();

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*):")]
    private static partial Regex SchemePrefix();
}
