using static Gleaner.Tests.Jobs.JobFileAssert;

namespace Gleaner.Tests.Jobs;

/// <summary>Each kind of problem, with the exact <c>file:line:column: problem</c> the user reads.</summary>
public class JobFileErrorTests
{
    [Fact]
    public void Parse_MisspelledTargetKey_SuggestsTheNearestKey() =>
        Assert.Equal(
            ["job.yaml:6:5: unknown key 'timout' in target 't'; did you mean 'timeout'?"],
            Errors(WithTarget("    url: https://example.com/\n    timout: 5s\n")));

    [Fact]
    public void Parse_UnknownKeyWithNothingNear_ListsTheKnownKeys() =>
        Assert.Equal(
            ["job.yaml:1:13: unknown key 'colour' in defaults (known keys: timeout, headers_timeout, connect_timeout, stall, max_bytes, max_redirects, allow_private, retries, headers, user_agent, method, body, content_type, idempotent, auth, ca_cert, proxy, cookies, concurrency, per_host, robots, key_by, max_retry_after, every, cron, timezone, keep, threshold, notify)"],
            Errors("defaults: { colour: red }\n" + WithTarget("    url: https://example.com/\n")));

    [Fact]
    public void Parse_MisspelledTopLevelKey_SuggestsTargets() =>
        Assert.Equal(
            ["job.yaml:1:1: unknown key 'target' at the top level; did you mean 'targets'?", "job.yaml:1:1: no targets: a job file needs a 'targets' list"],
            Errors("target:\n  - name: a\n    url: https://example.com/\n"));

    [Fact]
    public void Parse_MisspelledPerHostKey_Suggests() =>
        Assert.Equal(
            ["job.yaml:2:15: unknown key 'dealy' in per_host; did you mean 'delay'?"],
            Errors("defaults:\n  per_host: { dealy: 1s }\ntargets:\n  - { name: a, url: 'https://example.com/' }\n"));

    [Fact]
    public void Parse_MisspelledValueKey_Suggests() =>
        Assert.Equal(
            ["job.yaml:6:26: unknown key 'maxlength' in the value of target 't'; did you mean 'max_length'?"],
            Errors(WithTarget("    url: https://example.com/\n    value: { type: text, maxlength: 3 }\n")));

    [Theory]
    [InlineData("timeout: ten", "job.yaml:6:14: timeout: 'ten' is not a duration (examples: 10s, 500ms, 2m, 1h)")]
    [InlineData("timeout: 10", "job.yaml:6:14: timeout: '10' is not a duration (examples: 10s, 500ms, 2m, 1h)")]
    [InlineData("timeout: 2h", "job.yaml:6:14: timeout: '2h' is out of range (timeout must be between 1ms and 1h, not 02:00:00)")]
    [InlineData("timeout: 0s", "job.yaml:6:14: timeout: '0s' is out of range (timeout must be between 1ms and 1h, not 00:00:00)")]
    [InlineData("headers_timeout: soon", "job.yaml:6:22: headers_timeout: 'soon' is not a duration (examples: 10s, 500ms, 2m, 1h)")]
    [InlineData("connect_timeout: 2h", "job.yaml:6:22: connect_timeout: '2h' is out of range (dns timeout must be between 1ms and 1h, not 02:00:00)")]
    [InlineData("stall: 2KiB", "job.yaml:6:12: stall: '2KiB' is not a stall rule (write SIZE/DURATION, e.g. 2KiB/5s, or off)")]
    [InlineData("max_bytes: huge", "job.yaml:6:16: max_bytes: 'huge' is not a size (examples: 2MiB, 500KiB, 1048576)")]
    [InlineData("max_bytes: 2GiB", "job.yaml:6:16: max_bytes: '2GiB' is out of range (max_bytes must be between 1 and 1GiB, not 2147483648)")]
    [InlineData("max_redirects: ten", "job.yaml:6:20: max_redirects: 'ten' is not a whole number")]
    [InlineData("max_redirects: 1.5", "job.yaml:6:20: max_redirects: '1.5' is not a whole number")]
    [InlineData("max_redirects: 101", "job.yaml:6:20: max_redirects: '101' is out of range (max_redirects must be between 0 and 100, not 101)")]
    [InlineData("allow_private: yes", "job.yaml:6:20: allow_private: 'yes' is not true or false")]
    [InlineData("retries: -1", "job.yaml:6:14: retries: '-1' is out of range (retries must be between 0 and 20, not -1)")]
    [InlineData("every: hourly", "job.yaml:6:12: every: 'hourly' is not a duration (examples: 10s, 500ms, 2m, 1h)")]
    [InlineData("every: 100ms", "job.yaml:6:12: every: '100ms' is too often; the shortest interval is 1s")]
    [InlineData("timeout:", "job.yaml:6:13: timeout: has no value; expected a duration (examples: 10s, 500ms)")]
    [InlineData("timeout: [10s]", "job.yaml:6:14: timeout: expected a duration (examples: 10s, 500ms), not a list")]
    [InlineData("max_bytes: { size: 1 }", "job.yaml:6:16: max_bytes: expected a size (examples: 2MiB, 500KiB), not a mapping")]
    public void Parse_BadTargetValue_NamesTheKeyAndTheExpectedForm(string line, string expected) =>
        Assert.Equal([expected], Errors(WithTarget($"    url: https://example.com/\n    {line}\n")));

    [Theory]
    [InlineData("concurrency: 0", "job.yaml:2:16: concurrency: '0' is out of range (concurrency must be between 1 and 10000, not 0)")]
    [InlineData("concurrency: many", "job.yaml:2:16: concurrency: 'many' is not a whole number")]
    [InlineData("robots: maybe", "job.yaml:2:11: robots: 'maybe' is not true or false")]
    [InlineData("key_by: domian", "job.yaml:2:11: key_by: 'domian' is not one of host, domain; did you mean 'domain'?")]
    [InlineData("key_by: url", "job.yaml:2:11: key_by: 'url' is not one of host, domain")]
    [InlineData("max_retry_after: 2h", "job.yaml:2:20: max_retry_after: '2h' is out of range (max_retry_after must be between 0 and 1h, not 02:00:00)")]
    [InlineData("per_host: 4", "job.yaml:2:13: per_host: expected a mapping such as { concurrency: 4, delay: 1s, jitter: 500ms }, not a single value")]
    [InlineData("per_host: { concurrency: 0 }", "job.yaml:2:28: per_host.concurrency: '0' is out of range (per_host.concurrency must be between 1 and 1000, not 0)")]
    [InlineData("per_host: { delay: 2h }", "job.yaml:2:22: per_host.delay: '2h' is out of range (per_host.delay must be between 0 and 1h, not 02:00:00)")]
    [InlineData("per_host: { jitter: x }", "job.yaml:2:23: per_host.jitter: 'x' is not a duration (examples: 10s, 500ms, 2m, 1h)")]
    [InlineData("retries: 21", "job.yaml:2:12: retries: '21' is out of range (retries must be between 0 and 20, not 21)")]
    [InlineData("url: https://example.com/", "job.yaml:2:3: 'url' belongs in a target, not in defaults")]
    [InlineData("value: { type: number }", "job.yaml:2:3: 'value' belongs in a target, not in defaults")]
    public void Parse_BadDefaultsValue_NamesTheKeyAndTheExpectedForm(string line, string expected) =>
        Assert.Equal([expected], Errors($"defaults:\n  {line}\ntargets:\n  - {{ name: a, url: 'https://example.com/' }}\n"));

    [Fact]
    public void Parse_DefaultsNotAMapping_IsAnError() =>
        Assert.Equal(
            ["job.yaml:1:11: defaults: expected a mapping of settings such as { timeout: 10s }, not a list"],
            Errors("defaults: [timeout]\ntargets:\n  - { name: a, url: 'https://example.com/' }\n"));

    [Fact]
    public void Parse_RunLevelKeyInTarget_SaysWhereItBelongs() =>
        Assert.Equal(
            ["job.yaml:6:5: 'concurrency' is a run-level setting; set it under defaults, not in target 't'"],
            Errors(WithTarget("    url: https://example.com/\n    concurrency: 4\n")));

    [Theory]
    [InlineData("type: num", "job.yaml:6:20: value.type: 'num' is not one of number, integer, text, boolean, timestamp; did you mean 'number'?")]
    [InlineData("type: number, min: low", "job.yaml:6:33: value.min: 'low' is not a number")]
    [InlineData("type: number, max: .nan", "job.yaml:6:33: value.max: '.nan' is not a number")]
    [InlineData("type: number, min: 10, max: 5", "job.yaml:6:33: value.min: Min 10 is above max 5.")]
    [InlineData("type: text, min: 1", "job.yaml:6:31: value.min: Min applies only to number and integer values, not Text.")]
    [InlineData("unit: ' '", "job.yaml:6:20: value.unit: Unit must not be blank; leave it out instead.")]
    [InlineData("max_length: 0", "job.yaml:6:26: value.max_length: MaxLength must be above zero, not 0.")]
    [InlineData("max_length: long", "job.yaml:6:26: value.max_length: 'long' is not a whole number")]
    [InlineData("pattern: [a]", "job.yaml:6:23: value.pattern: expected a regular expression, not a list")]
    public void Parse_BadValueSpec_NamesTheField(string fields, string expected) =>
        Assert.Equal([expected], Errors(WithTarget($"    url: https://example.com/\n    value: {{ {fields} }}\n")));

    [Fact]
    public void Parse_ValueNotAMapping_ShowsTheForm() =>
        Assert.Equal(
            ["job.yaml:6:12: value: expected a mapping such as { type: number, min: 0 }, not a single value"],
            Errors(WithTarget("    url: https://example.com/\n    value: number\n")));

    [Fact]
    public void Parse_InvalidPlainRegex_PointsAtTheCharacter() =>
        // "extract: { regex: (ab }": the expression starts at column 23; the parser stops at position 2, the 'b'.
        Assert.Equal(
            ["job.yaml:6:25: invalid regex rule: insufficient closing parentheses"],
            Errors(WithTarget("    url: https://example.com/\n    extract: { regex: (ab }\n")));

    [Fact]
    public void Parse_InvalidQuotedRegexWithoutEscapes_PointsAtTheCharacter() =>
        Assert.Equal(
            ["job.yaml:6:29: invalid regex rule: insufficient closing parentheses"],
            Errors(WithTarget("    url: https://example.com/\n    extract: [ { regex: 'x(ab' } ]\n")));

    [Fact]
    public void Parse_InvalidRegexWithEscapes_PointsAtTheScalarAndNamesTheCharacter() =>
        Assert.Equal(
            ["job.yaml:6:23: invalid regex rule (at character 5 of the expression): insufficient closing parentheses"],
            Errors(WithTarget("    url: https://example.com/\n    extract: { regex: \"\\tx(ab\" }\n")));

    [Fact]
    public void Parse_InvalidRegexInBlockScalar_PointsAtTheScalarAndNamesTheCharacter() =>
        Assert.Equal(
            ["job.yaml:7:14: invalid regex rule (at character 4 of the expression): insufficient closing parentheses"],
            Errors(WithTarget("    url: https://example.com/\n    extract:\n      regex: |\n        (ab\n")));

    [Fact]
    public void Parse_InvalidJsonPointer_PointsAtTheCharacter() =>
        Assert.Equal(
            ["job.yaml:6:31: invalid jsonpointer rule: '~' must be followed by '0' or '1'"],
            Errors(WithTarget("    url: https://example.com/\n    extract: { jsonpointer: /a~2 }\n")));

    [Fact]
    public void Parse_InvalidValuePattern_PointsAtTheCharacter() =>
        Assert.Equal(
            ["job.yaml:6:26: value.pattern: invalid pattern: insufficient closing parentheses"],
            Errors(WithTarget("    url: https://example.com/\n    value: { pattern: '(ab' }\n")));

    [Fact]
    public void Parse_UnknownRuleKind_SuggestsAKind() =>
        Assert.Equal(
            ["job.yaml:6:16: unknown rule kind 'xpth'; did you mean 'xpath'? (kinds: regex, css, xpath, jsonpath, jsonpointer)"],
            Errors(WithTarget("    url: https://example.com/\n    extract: { xpth: //p }\n")));

    [Theory]
    [InlineData("extract: []", "job.yaml:6:14: extract: the list is empty; leave extract out to take the whole body")]
    [InlineData("extract: p.temp", "job.yaml:6:14: extract: expected a rule such as { css: \"p.temp\" } or a list of rules, not a single value")]
    [InlineData("extract: [p.temp]", "job.yaml:6:15: extract: expected a rule such as { css: \"p.temp\" }, not a single value")]
    [InlineData("extract: { css: p, regex: x }", "job.yaml:6:14: extract: a rule is a mapping with one key, its kind, not 2; write each step as its own { css: \"p.temp\" } in a list")]
    [InlineData("extract: { css: }", "job.yaml:6:21: css: has no value; expected an expression")]
    [InlineData("extract: { css: '' }", "job.yaml:6:22: invalid css rule: the selector is empty")]
    public void Parse_MalformedExtract_ShowsTheForm(string line, string expected) =>
        Assert.Equal([expected], Errors(WithTarget($"    url: https://example.com/\n    {line}\n")));

    [Theory]
    [InlineData("ftp://example.com/", "job.yaml:5:10: url: Scheme 'ftp:' is not supported; Gleaner fetches only http and https URLs.")]
    [InlineData("example.com/page", "job.yaml:5:10: url: URL 'example.com/page' is not absolute; write it as http://host/… or https://host/….")]
    [InlineData("'https://user:pw@example.com/'", "job.yaml:5:10: url: URL contains credentials (user:password@); credentials in URLs are not sent, so remove them.")]
    public void Parse_InvalidUrl_GivesTheUrlParsersProblem(string url, string expected) =>
        Assert.Equal([expected], Errors(WithTarget($"    url: {url}\n")));

    [Fact]
    public void Parse_UrlOver8KiB_IsRefused() =>
        Assert.Equal(
            ["job.yaml:5:10: url: is 8193 bytes long; the longest allowed is 8192 (8KiB)"],
            Errors(WithTarget($"    url: https://example.com/{new string('a', 8193 - 20)}\n")));

    [Fact]
    public void Parse_UrlOf8KiB_IsAccepted()
    {
        var yaml = $"targets:\n  - name: a\n    url: https://example.com/{new string('a', 8192 - 20)}\n";

        Assert.Equal(8192, Gleaner.Jobs.JobFileParser.Parse(yaml, "j.yaml").Targets[0].Url.OriginalString.Length);
    }

    [Theory]
    [InlineData("''", "job.yaml:4:11: name: must not be blank")]
    [InlineData("[a]", "job.yaml:4:11: name: expected a name, not a list")]
    [InlineData("\"a\\tb\"", "job.yaml:4:11: name: 'a\\u0009b' contains control characters")]
    [InlineData("'.'", "job.yaml:4:11: name: '.' cannot name a target (the dashboard could not address it); add a letter")]
    [InlineData("'..'", "job.yaml:4:11: name: '..' cannot name a target (the dashboard could not address it); add a letter")]
    public void Parse_BadName_IsAnErrorAndTheTargetIsCalledByNumber(string name, string expected) =>
        Assert.Equal([expected], Errors($"targets:\n  - name: ok\n    url: https://example.com/\n  - name: {name}\n    url: https://example.com/\n"));

    [Fact]
    public void Parse_NameOver200Characters_IsRefused() =>
        Assert.Equal(
            ["job.yaml:2:11: name: is 201 characters long; the longest allowed is 200", "job.yaml:3:5: unknown key 'timout' in target 1; did you mean 'timeout'?"],
            Errors($"targets:\n  - name: {new string('n', 201)}\n    timout: 1s\n    url: https://example.com/\n"));

    [Fact]
    public void Parse_DuplicateName_NamesBothLines() =>
        Assert.Equal(
            ["job.yaml:6:11: duplicate target name 'a' (first defined at line 2)"],
            Errors("targets:\n  - name: a\n    url: https://example.com/\n  - name: b\n    url: https://example.com/\n  - name: a\n    url: https://example.com/\n"));

    [Fact]
    public void Parse_MissingNameAndUrl_AreErrorsAtTheTarget() =>
        Assert.Equal(
            ["job.yaml:2:5: target 1 has no name", "job.yaml:2:5: target 1 has no url", "job.yaml:3:5: target 'b' has no url"],
            Errors("targets:\n  - every: 1h\n  - name: b\n"));

    [Fact]
    public void Parse_TargetNotAMapping_IsAnError() =>
        Assert.Equal(
            ["job.yaml:2:5: target 1: expected a mapping with at least name and url, not a single value"],
            Errors("targets:\n  - https://example.com/\n"));

    [Fact]
    public void Parse_DuplicateKey_NamesTheFirstLine() =>
        Assert.Equal(
            ["job.yaml:5:5: duplicate key 'url' (first at line 4)"],
            Errors("targets:\n  - name: a\n    timeout: 1s\n    url: https://example.com/\n    url: https://example.org/\n"));

    [Fact]
    public void Parse_ListAsKey_IsAnError() =>
        Assert.Equal(
            ["job.yaml:2:7: a key must be a name, not a list"],
            Errors("targets:\n  - ? [a]\n    : 1\n"));
}
