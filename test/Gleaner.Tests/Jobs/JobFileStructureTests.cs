using System.Diagnostics;
using System.Text;
using Gleaner.Jobs;
using static Gleaner.Tests.Jobs.JobFileAssert;

namespace Gleaner.Tests.Jobs;

/// <summary>Whole-file problems: YAML syntax, aliases, size and count limits, and many problems in one file.</summary>
public class JobFileStructureTests
{
    [Fact]
    public void Parse_ManyProblems_ReportsEveryOneInFileOrder() =>
        Assert.Equal(
            [
                "job.yaml:2:12: timeout: 'fast' is not a duration (examples: 10s, 500ms, 2m, 1h)",
                "job.yaml:3:3: unknown key 'robot' in defaults; did you mean 'robots'?",
                "job.yaml:6:10: url: Scheme 'ftp:' is not supported; Gleaner fetches only http and https URLs.",
                "job.yaml:7:25: invalid regex rule: insufficient closing parentheses",
                "job.yaml:8:5: unknown key 'evry' in target 'a'; did you mean 'every'?",
                "job.yaml:9:5: target 2 has no name",
                "job.yaml:10:20: value.type: 'float' is not one of number, integer, text, boolean, timestamp",
                "job.yaml:11:11: duplicate target name 'a' (first defined at line 5)",
            ],
            Errors("""
                defaults:
                  timeout: fast
                  robot: false
                targets:
                  - name: a
                    url: ftp://example.com/
                    extract: { regex: (ab }
                    evry: 1h
                  - url: https://example.com/
                    value: { type: float }
                  - name: a
                    url: https://example.com/
                """));

    [Fact]
    public void Parse_YamlSyntaxError_IsOneErrorAtItsPosition() =>
        Assert.Equal(
            ["job.yaml:3:1: invalid YAML: while parsing a flow sequence, did not find expected ',' or ']'."],
            Errors("targets:\n  - { name: a, url: 'https://example.com/', extract: [ { css: p }\n"));

    [Fact]
    public void Parse_BadIndentation_IsOneErrorAtItsPosition() =>
        Assert.Equal(
            ["job.yaml:3:10: invalid YAML: while scanning a plain scalar value, found invalid mapping."],
            Errors("targets:\n  - name: a\n      url: https://example.com/\n"));

    [Fact]
    public void Parse_InputThatCrashesTheYamlScanner_IsASyntaxErrorWhereItStopped() =>
        // YamlDotNet throws a bare InvalidOperationException here; it is reported after the last event read ("F").
        Assert.Equal(
            ["job.yaml:6:35: invalid YAML: the YAML parser could not read past this point."],
            Errors(WithTarget("    url: https://example.com/\n    value: { type: number, unit: F, #min: 1 }\n    every: 1h\n")));

    [Fact]
    public void Parse_EmptyTaggedKey_IsAKeyError() =>
        // Found by fuzzing: YamlDotNet ends the empty scalar after a tag before it starts, which threw.
        Assert.Equal(
            ["job.yaml:1:1: a key must be a name, not an empty value", "job.yaml:1:1: a key must be a name, not an empty value"],
            Errors(": !\n:"));

    [Fact]
    public void Parse_EmptyTaggedValues_HaveNoValue() =>
        Assert.Equal(
            ["job.yaml:2:11: name: has no value; expected a name", "job.yaml:3:10: url: has no value; expected an http or https URL"],
            Errors("targets:\n  - name: !\n    url: !!str\n"));

    [Fact]
    public void Parse_Alias_IsRefusedAtEveryUse() =>
        Assert.Equal(
            [
                "job.yaml:2:11: YAML aliases (*limits) are not allowed in a job file; write the value out in full",
                "job.yaml:6:14: YAML aliases (*limits) are not allowed in a job file; write the value out in full",
            ],
            Errors("""
                base: &limits { timeout: 5s }
                defaults: *limits
                targets:
                  - name: a
                    url: https://example.com/
                    timeout: *limits
                """));

    [Fact]
    public void Parse_BillionLaughs_IsRefusedQuickly()
    {
        var yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        var errors = Errors(yaml.ToString());

        Assert.Equal(81, errors.Length);
        Assert.Equal("job.yaml:2:10: YAML aliases (*a0) are not allowed in a job file; write the value out in full", errors[0]);
    }

    [Fact]
    public void Parse_10MiBOfAliases_StopsAtAThousandProblemsQuickly()
    {
        // 3.4 million aliases: listing each took seconds and gigabytes, and printed millions of lines.
        var yaml = "a: &a x\nb: [" + string.Concat(Enumerable.Repeat("*a,", 3_400_000)) + "]\n";

        var clock = Stopwatch.StartNew();
        var errors = Errors(yaml);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(JobFileLimits.MaxProblems, errors.Length);
        Assert.Equal("job.yaml:2:5: YAML aliases (*a) are not allowed in a job file; write the value out in full", errors[0]);
        Assert.Equal("job.yaml:2:3002: too many problems; the file was not checked past here (at most 1000 are listed)", errors[^1]);
    }

    [Fact]
    public void Parse_ThousandsOfUnknownKeys_StopsAtAThousandProblems()
    {
        var yaml = "targets:\n  - name: a\n    url: https://example.com/\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"    k{i}: 1\n"));

        var errors = Errors(yaml);

        Assert.Equal(JobFileLimits.MaxProblems, errors.Length);
        Assert.StartsWith("job.yaml:1002:5: unknown key 'k998' in target 'a'", errors[^2], StringComparison.Ordinal);
        Assert.Equal("job.yaml:1003:5: too many problems; the file was not checked past here (at most 1000 are listed)", errors[^1]);
    }

    [Fact]
    public void Parse_MergeKey_IsRefusedAsAnAlias() =>
        Assert.Equal(
            ["job.yaml:4:9: YAML aliases (*t) are not allowed in a job file; write the value out in full"],
            Errors("targets:\n  - &t { name: a, url: 'https://example.com/' }\n  - name: b\n    <<: *t\n"));

    [Fact]
    public void Parse_DeepNesting_IsRefusedWithoutRecursing()
    {
        var yaml = new string('[', 100_000) + new string(']', 100_000);

        Assert.Equal(["job.yaml:1:33: mappings and lists are nested more than 32 deep"], Errors(yaml));
    }

    [Fact]
    public void Parse_SecondDocument_IsRefused() =>
        Assert.Equal(
            ["job.yaml:3:1: a job file holds one YAML document; this is a second one"],
            Errors("targets:\n  - { name: a, url: 'https://example.com/' }\n---\ntargets: []\n"));

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("~\n")]
    public void Parse_EmptyFile_IsAnError(string yaml) =>
        Assert.Equal(["job.yaml:1:1: the file is empty; a job file needs a 'targets' list"], Errors(yaml));

    [Theory]
    [InlineData("targets:\n", "job.yaml:1:9: targets: the list is empty; a job needs at least one target")]
    [InlineData("defaults: { timeout: 5s }\n", "job.yaml:1:1: no targets: a job file needs a 'targets' list")]
    [InlineData("targets: []\n", "job.yaml:1:10: targets: the list is empty; a job needs at least one target")]
    [InlineData("targets: https://example.com/\n", "job.yaml:1:10: targets: expected a list of targets, not a single value")]
    [InlineData("- name: a\n", "job.yaml:1:1: expected a mapping with 'defaults' and 'targets' at the top level, not a list")]
    public void Parse_NoTargets_IsAnError(string yaml, string expected) =>
        Assert.Equal([expected], Errors(yaml));

    [Fact]
    public void Parse_MoreThan100000Targets_IsRefusedWithTheCount()
    {
        var yaml = new StringBuilder("targets:\n", 3_000_000);
        for (var i = 0; i <= JobFileLimits.MaxTargets; i++)
        {
            yaml.Append("- {name: t").Append(i).Append(", url: 'http://a/'}\n");
        }

        var clock = Stopwatch.StartNew();
        var errors = Errors(yaml.ToString());

        Assert.Equal(["job.yaml:2:1: targets: 100001 targets is more than the limit of 100000"], errors);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Parse_100000Targets_IsAccepted()
    {
        var yaml = new StringBuilder("targets:\n", 3_500_000);
        for (var i = 0; i < JobFileLimits.MaxTargets; i++)
        {
            yaml.Append("- {name: t").Append(i).Append(", url: 'http://a/', extract: {css: p}}\n");
        }

        var job = JobFileParser.Parse(yaml.ToString(), "big.yaml");

        Assert.Equal(JobFileLimits.MaxTargets, job.Targets.Count);
        Assert.Equal("t99999", job.Targets[^1].Name);
        Assert.Equal("big.yaml:100001:3", job.Targets[^1].Source);
    }

    [Fact]
    public void Parse_TextOver10MiB_IsRefusedBeforeParsing() =>
        Assert.Equal(
            ["job.yaml:1:1: the file is 10485761 bytes; a job file may be at most 10MiB (10485760 bytes)"],
            Errors("#" + new string('x', (int)JobFileLimits.MaxFileBytes)));

    [Fact]
    public void Parse_ControlCharactersInValues_StayOnOneLine() =>
        Assert.Equal(
            ["job.yaml:6:14: timeout: 'a\\u000Ab' is not a duration (examples: 10s, 500ms, 2m, 1h)"],
            Errors(WithTarget("    url: https://example.com/\n    timeout: \"a\\nb\"\n")));
}
