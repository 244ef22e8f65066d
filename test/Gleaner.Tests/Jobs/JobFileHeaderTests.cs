using Gleaner.Fetching;
using Gleaner.Jobs;

namespace Gleaner.Tests.Jobs;

/// <summary>
/// headers and user_agent in a job file: defaults that each target starts from, ${NAME} filled from the given
/// environment (and then secret), and errors that name the place and never the value.
/// </summary>
public class JobFileHeaderTests
{
    private static readonly Dictionary<string, string> Env = new()
    {
        ["WEATHER_API_KEY"] = "k-123",
        ["USER_PART"] = "ops",
        ["EMPTY"] = "",
        ["BROKEN"] = "a\r\nInjected: yes",
    };

    private static string? Lookup(string name) => Env.GetValueOrDefault(name);

    private static JobFile Parse(string yaml) => JobFileParser.Parse(yaml, "job.yaml", Lookup);

    private static string[] Errors(string yaml)
    {
        var e = Assert.Throws<JobFileException>(() => Parse(yaml));
        return [.. e.Errors.Select(error => error.ToString())];
    }

    [Fact]
    public void Parse_HeadersUnderDefaults_TargetReplacesOneByNameCaseInsensitively()
    {
        var job = Parse("""
            defaults:
              headers: { Accept: application/json, X-Team: weather }
            targets:
              - name: a
                url: https://example.com/a
              - name: b
                url: https://example.com/b
                headers: { x-team: radar, X-Extra: '1' }
            """);

        Assert.Equal([new RequestHeader("Accept", "application/json"), new RequestHeader("X-Team", "weather")], job.Targets[0].Headers);
        Assert.Equal(
            [new RequestHeader("Accept", "application/json"), new RequestHeader("x-team", "radar"), new RequestHeader("X-Extra", "1")],
            job.Targets[1].Headers);
    }

    [Fact]
    public void Parse_UserAgent_IsTheUserAgentHeaderAndATargetsReplacesTheDefault()
    {
        var job = Parse("""
            defaults: { user_agent: 'weatherbot/1.0 (ops@example.com)' }
            targets:
              - { name: a, url: 'https://example.com/a' }
              - { name: b, url: 'https://example.com/b', headers: { User-Agent: other/2 } }
            """);

        Assert.Equal([new RequestHeader("User-Agent", "weatherbot/1.0 (ops@example.com)")], job.Targets[0].Headers);
        Assert.Equal([new RequestHeader("User-Agent", "other/2")], job.Targets[1].Headers);
    }

    [Fact]
    public void Parse_EnvironmentReference_FillsTheValueAndMarksItSecret()
    {
        var target = Assert.Single(Parse("""
            targets:
              - name: a
                url: https://example.com/a
                headers:
                  X-Api-Key: ${WEATHER_API_KEY}
                  X-Caller: team-${USER_PART}-1
                  X-Plain: cost $5
            """).Targets);

        Assert.Equal(["X-Api-Key: [secret]", "X-Caller: [secret]", "X-Plain: cost $5"], target.Headers.Select(h => h.ToString()));
        Assert.Equal(["k-123", "team-ops-1", "cost $5"], target.Headers.Select(h => h.Value));
        Assert.Equal([true, true, false], target.Headers.Select(h => h.Secret));
    }

    [Fact]
    public void Parse_DoubledDollar_WritesALiteralReferenceThatIsNotSecret()
    {
        var header = Assert.Single(Assert.Single(Parse("""
            targets:
              - { name: a, url: 'https://example.com/a', headers: { X-Template: 'a $${NOT_A_VAR} b' } }
            """).Targets).Headers);

        Assert.Equal(new RequestHeader("X-Template", "a ${NOT_A_VAR} b"), header);
        Assert.False(header.Secret);
    }

    [Fact]
    public void Parse_UnsetOrEmptyVariables_AreErrorsAtTheirPlaceAllAtOnce()
    {
        var errors = Errors("""
            defaults:
              user_agent: bot (${CONTACT})
            targets:
              - name: a
                url: https://example.com/a
                headers:
                  X-Api-Key: ${MISSING_KEY}
                  X-Other: ${EMPTY}
            """);

        Assert.Equal(
        [
            "job.yaml:2:15: user_agent: the environment variable CONTACT is not set",
            "job.yaml:7:18: headers.X-Api-Key: the environment variable MISSING_KEY is not set",
            "job.yaml:8:16: headers.X-Other: the environment variable EMPTY is not set",
        ], errors);
    }

    [Fact]
    public void Parse_BadReferenceOrValue_NeverQuotesTheValue()
    {
        var errors = Errors("""
            targets:
              - name: a
                url: https://example.com/a
                headers:
                  X-Open: 'sk-live-1 ${NOT_CLOSED'
                  X-Filled: ${BROKEN}
                  X-Spaced: "${has space}"
            """);

        Assert.Equal(
        [
            "job.yaml:5:15: headers.X-Open: '${' starts a reference to an environment variable such as ${API_KEY} (letters, digits and _); write $${ for a literal ${",
            "job.yaml:6:17: headers.X-Filled: the value contains a line break or another control character (after filling it from the environment)",
            "job.yaml:7:17: headers.X-Spaced: '${' starts a reference to an environment variable such as ${API_KEY} (letters, digits and _); write $${ for a literal ${",
        ], errors);
        Assert.DoesNotContain(errors, e => e.Contains("sk-live", StringComparison.Ordinal) || e.Contains("Injected", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_BadNamesAndShapes_AreErrorsWithTheirPosition()
    {
        var errors = Errors("""
            defaults:
              headers: [ X-A ]
            targets:
              - name: a
                url: https://example.com/a
                user_agent: { a: b }
                headers:
                  'Bad Name': x
                  X-Key: "line\nbreak"
                  X-None:
                  x-dup: '1'
                  X-Dup: '2'
            """);

        Assert.Equal(
        [
            "job.yaml:2:12: headers: expected a mapping of name to value such as { X-Api-Key: '${API_KEY}' }, not a list",
            "job.yaml:6:17: user_agent: expected the text of the User-Agent header, such as 'myapp/1.0 (me@example.com)', not a mapping",
            "job.yaml:8:19: headers.Bad Name: 'Bad Name' is not a header name (letters, digits and !#$%&'*+-.^_`|~, no spaces or ':')",
            "job.yaml:9:14: headers.X-Key: the value contains a line break or another control character",
            "job.yaml:10:14: headers.X-None: has no value; expected a header value (text)",
            "job.yaml:12:14: headers.X-Dup: the header X-Dup is set twice here (names are case-insensitive, and user_agent is User-Agent); keep one",
        ], errors);
    }

    [Fact]
    public void Parse_MisspelledHeaderKey_SuggestsIt()
    {
        var errors = Errors("""
            defaults: { header: { A: b } }
            targets:
              - { name: a, url: 'https://example.com/a', user_agnet: x }
            """);

        Assert.Equal(
        [
            "job.yaml:1:13: unknown key 'header' in defaults; did you mean 'headers'?",
            "job.yaml:3:46: unknown key 'user_agnet' in target 'a'; did you mean 'user_agent'?",
        ], errors);
    }

    [Fact]
    public void Parse_NoHeaderKeys_LeavesHeadersEmpty()
    {
        Assert.Empty(Assert.Single(Parse("targets:\n  - { name: a, url: 'https://example.com/' }\n").Targets).Headers);
    }
}
