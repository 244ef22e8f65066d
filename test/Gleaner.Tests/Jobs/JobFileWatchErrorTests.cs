using static Gleaner.Tests.Jobs.JobFileAssert;

namespace Gleaner.Tests.Jobs;

/// <summary>Each problem with the watch keys, with the exact <c>file:line:column: problem</c> the user reads.</summary>
public class JobFileWatchErrorTests
{
    private static string[] TargetErrors(string lines) => Errors(WithTarget($"    url: https://example.com/\n{lines}"));

    private static string[] DefaultsErrors(string lines) =>
        Errors($"defaults:\n{lines}targets:\n  - {{ name: a, url: 'https://example.com/' }}\n");

    [Theory]
    [InlineData("every: 1h\n    cron: '0 * * * *'", "job.yaml:7:5: cron: target 't' already has every (line 6); a schedule is every or cron, not both")]
    [InlineData("cron: '0 * * * *'\n    every: 1h", "job.yaml:7:5: every: target 't' already has cron (line 6); a schedule is every or cron, not both")]
    [InlineData("cron: '0 0 30 2 *'", "job.yaml:6:11: cron: '0 0 30 2 *' never fires: no date matches its day and month fields")]
    [InlineData("cron: '61 * * * *'", "job.yaml:6:11: cron: '61 * * * *' is not a valid cron expression: Minutes: Value must be a number between 0 and 59 (all inclusive).")]
    [InlineData("cron: hourly", "job.yaml:6:11: cron: 'hourly' has 1 field; a cron expression has 5 (minute hour day-of-month month day-of-week), or 6 with seconds first")]
    [InlineData("cron: [0, 1]", "job.yaml:6:11: cron: expected a cron expression such as \"0 * * * *\", not a list")]
    [InlineData("every: 500ms", "job.yaml:6:12: every: '500ms' is too often; the shortest interval is 1s")]
    public void Parse_BadSchedule_SaysWhatIsWrong(string lines, string expected) =>
        Assert.Equal([expected], TargetErrors($"    {lines}\n"));

    [Fact]
    public void Parse_UnquotedCronStartingWithAStar_SaysToQuoteIt() =>
        // YAML reads *… as an alias; the hint says what was meant.
        Assert.Equal(
            [
                "job.yaml:6:11: YAML aliases (*/5) are not allowed in a job file; write the value out in full (a value that starts with * must be quoted, as in cron: '*/5 * * * *')",
                "job.yaml:6:15: invalid YAML: while scanning an anchor or alias, found value containing disallowed: []{}, (a value that starts with * must be quoted, as in cron: '*/5 * * * *')",
            ],
            TargetErrors("    cron: */5 * * * *\n"));

    [Fact]
    public void Parse_AliasOfAName_HasNoCronHint() =>
        Assert.Equal(
            ["job.yaml:6:11: YAML aliases (*every) are not allowed in a job file; write the value out in full"],
            TargetErrors("    keep: *every\n"));

    [Theory]
    [InlineData("Europe/Pariss", "'Europe/Pariss' is not a known time zone; did you mean 'Europe/Paris'?")]
    [InlineData("Paris", "'Paris' is not a known time zone; did you mean 'Europe/Paris'?")]
    [InlineData("New York", "'New York' is not a known time zone; did you mean 'America/New_York'?")]
    [InlineData("Mars/Olympus_Mons", "'Mars/Olympus_Mons' is not a known time zone (write an IANA name such as Europe/Paris, America/New_York or UTC)")]
    [InlineData("../../../etc/passwd", "'../../../etc/passwd' is not a known time zone (write an IANA name such as Europe/Paris, America/New_York or UTC)")]
    [InlineData("/etc/localtime", "'/etc/localtime' is not a known time zone (write an IANA name such as Europe/Paris, America/New_York or UTC)")]
    public void Parse_UnknownTimeZone_NamesItAndSuggests(string zone, string expected) =>
        Assert.Equal([$"job.yaml:7:15: timezone: {expected}"], TargetErrors($"    cron: '0 * * * *'\n    timezone: '{zone}'\n"));

    [Fact]
    public void Parse_TimeZoneInTheWrongCase_IsRefusedEvenOnceTheZoneIsLoaded()
    {
        _ = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

        Assert.Equal(
            ["job.yaml:7:15: timezone: 'europe/paris' is not a known time zone; did you mean 'Europe/Paris'?"],
            TargetErrors("    cron: '0 * * * *'\n    timezone: europe/paris\n"));
    }

    [Fact]
    public void Parse_TimeZoneWithEvery_IsAnError() =>
        Assert.Equal(
            ["job.yaml:7:5: timezone: applies to cron, and target 't' has every"],
            TargetErrors("    every: 1h\n    timezone: UTC\n"));

    [Fact]
    public void Parse_TimeZoneOverADefaultEvery_IsAnError() =>
        Assert.Equal(
            ["job.yaml:7:5: timezone: applies to cron, and target 't' has every"],
            Errors("defaults: { every: 1h }\n" + WithTarget("    url: https://example.com/\n    timezone: Europe/Paris\n")));

    [Theory]
    [InlineData("timezone: UTC")]
    [InlineData("keep: 90d")]
    [InlineData("threshold: 1")]
    [InlineData("notify: { url: 'https://hooks.example.com/' }")]
    public void Parse_WatchKeyWithoutSchedule_SaysTheTargetIsNotWatched(string line)
    {
        var key = line[..line.IndexOf(':', StringComparison.Ordinal)];

        Assert.Equal(
            [$"job.yaml:6:5: {key}: target 't' has no every or cron (here or under defaults), so it is not watched"],
            TargetErrors($"    {line}\n"));
    }

    [Theory]
    [InlineData("keep: 30m", "job.yaml:8:11: keep: '30m' is too short; the shortest is 1h")]
    [InlineData("keep: 400d", "job.yaml:8:11: keep: '400d' is longer than a year")]
    [InlineData("keep: forever", "job.yaml:8:11: keep: 'forever' is not a duration (examples: 10s, 500ms, 2m, 1h)")]
    [InlineData("threshold: -1", "job.yaml:8:16: threshold: '-1' is negative; a threshold is 0 or more")]
    [InlineData("threshold: much", "job.yaml:8:16: threshold: 'much' is not a number")]
    public void Parse_BadKeepOrThreshold_SaysWhatIsWrong(string line, string expected) =>
        Assert.Equal([expected], TargetErrors($"    every: 1h\n    value: {{ type: number }}\n    {line}\n"));

    [Theory]
    [InlineData("value: { type: boolean }", "boolean")]
    [InlineData("value: { type: timestamp }", "timestamp")]
    [InlineData("value: { type: text }", "text")]
    [InlineData("extract: { css: p }", "text")]
    public void Parse_ThresholdOnANonNumericValue_IsAnErrorAtTheThreshold(string line, string type) =>
        Assert.Equal(
            [$"job.yaml:7:5: threshold: applies to number and integer values, and target 't' has a {type} value"],
            TargetErrors($"    every: 1h\n    threshold: 1\n    {line}\n"));

    [Fact]
    public void Parse_ThresholdBesideARefusedValueSpec_ReportsOnlyTheSpec() =>
        Assert.Equal(
            ["job.yaml:8:20: value.type: 'num' is not one of number, integer, text, boolean, timestamp; did you mean 'number'?"],
            TargetErrors("    every: 1h\n    threshold: 1\n    value: { type: num }\n"));

    [Theory]
    [InlineData("{ url: 'https://user:pw@hooks.example.com/' }", "job.yaml:7:20: notify.url: URL contains credentials (user:password@); credentials in URLs are not sent, so remove them.")]
    [InlineData("{ url: 'ftp://hooks.example.com/' }", "job.yaml:7:20: notify.url: Scheme 'ftp:' is not supported; Gleaner fetches only http and https URLs.")]
    [InlineData("{ on: failure }", "job.yaml:7:13: notify: has no url; write where to post events, such as { url: https://hooks.example.com/gleaner }")]
    [InlineData("{ url: 'https://h.example.com/', on: [chnage] }", "job.yaml:7:51: notify.on: 'chnage' is not one of change, failure, recovery; did you mean 'change'?")]
    [InlineData("{ url: 'https://h.example.com/', on: [] }", "job.yaml:7:50: notify.on: the list is empty; leave on out to send change, failure and recovery")]
    [InlineData("{ url: 'https://h.example.com/', after: 0 }", "job.yaml:7:53: notify.after: '0' is out of range (after must be between 1 and 1000, not 0)")]
    [InlineData("{ url: 'https://h.example.com/', after: two }", "job.yaml:7:53: notify.after: 'two' is not a whole number")]
    [InlineData("{ url: 'https://h.example.com/', urls: x }", "job.yaml:7:46: unknown key 'urls' in notify; did you mean 'url'?")]
    [InlineData("https://hooks.example.com/", "job.yaml:7:13: notify: expected a mapping such as { url: https://hooks.example.com/gleaner } or a list of them, not a single value")]
    [InlineData("[ https://hooks.example.com/ ]", "job.yaml:7:15: notify: expected a mapping such as { url: https://hooks.example.com/gleaner }, not a single value")]
    public void Parse_BadNotify_SaysWhatIsWrong(string notify, string expected) =>
        Assert.Equal([expected], TargetErrors($"    every: 1h\n    notify: {notify}\n"));

    [Theory]
    [InlineData("token")]
    [InlineData("bearer")]
    [InlineData("authorization")]
    [InlineData("password")]
    [InlineData("api_key")]
    public void Parse_SecretInNotify_IsRefusedWithoutShowingIt(string key)
    {
        var errors = TargetErrors($"    every: 1h\n    notify: {{ url: 'https://h.example.com/', {key}: s3cr3t-value }}\n");

        Assert.Equal([$"job.yaml:7:46: '{key}' in notify: secrets come from environment variables: use bearer_env: with the name of the variable that holds the token"], errors);
    }

    [Fact]
    public void Parse_BearerEnvNotAName_IsRefusedWithoutShowingIt() =>
        Assert.Equal(
            ["job.yaml:7:58: notify.bearer_env: is not the name of an environment variable (letters, digits and _, such as HOOK_TOKEN)"],
            TargetErrors("    every: 1h\n    notify: { url: 'https://h.example.com/', bearer_env: eyJhbGciOi.J9 }\n"));

    [Theory]
    [InlineData("  every: 1h\n  cron: '0 * * * *'\n", "job.yaml:3:3: cron: defaults already has every (line 2); a schedule is every or cron, not both")]
    [InlineData("  every: 1h\n  timezone: Europe/Paris\n", "job.yaml:3:3: timezone: applies to cron, and defaults have no cron (write timezone beside each cron instead)")]
    [InlineData("  keep: 10m\n", "job.yaml:2:9: keep: '10m' is too short; the shortest is 1h")]
    [InlineData("  cron: '0 0 31 2 *'\n", "job.yaml:2:9: cron: '0 0 31 2 *' never fires: no date matches its day and month fields")]
    [InlineData("  notify: { url: 'https://h.example.com/', secret: x }\n", "job.yaml:2:44: 'secret' in notify: secrets come from environment variables: use bearer_env: with the name of the variable that holds the token")]
    public void Parse_BadWatchKeyUnderDefaults_SaysWhatIsWrong(string lines, string expected) =>
        Assert.Equal([expected], DefaultsErrors(lines));

    [Theory]
    [InlineData("evry: 1h", "'evry' in target 't'; did you mean 'every'?")]
    [InlineData("crn: '0 * * * *'", "'crn' in target 't'; did you mean 'cron'?")]
    [InlineData("time_zone: UTC", "'time_zone' in target 't'; did you mean 'timezone'?")]
    [InlineData("treshold: 1", "'treshold' in target 't'; did you mean 'threshold'?")]
    [InlineData("notfy: []", "'notfy' in target 't'; did you mean 'notify'?")]
    public void Parse_MisspeltWatchKey_Suggests(string line, string expected) =>
        Assert.Equal([$"job.yaml:6:5: unknown key {expected}"], TargetErrors($"    {line}\n"));

    [Fact]
    public void Parse_ManyWatchProblems_AreAllReportedInOrder() =>
        Assert.Equal(
            [
                "job.yaml:2:9: keep: '1m' is too short; the shortest is 1h",
                "job.yaml:5:11: cron: '0 0 30 2 *' never fires: no date matches its day and month fields",
                "job.yaml:6:15: timezone: 'Europe/Pariss' is not a known time zone; did you mean 'Europe/Paris'?",
                "job.yaml:10:5: threshold: applies to number and integer values, and target 'b' has a text value",
                "job.yaml:13:5: notify: target 'c' has no every or cron (here or under defaults), so it is not watched",
            ],
            Errors("""
                defaults:
                  keep: 1m
                targets:
                  - name: a
                    cron: '0 0 30 2 *'
                    timezone: Europe/Pariss
                    url: https://example.com/a
                  - name: b
                    every: 1h
                    threshold: 1
                    url: https://example.com/b
                  - name: c
                    notify: []
                    url: https://example.com/c
                """));
}
