using Gleaner.Jobs;
using Gleaner.Scheduling;
using Gleaner.Targets;
using Gleaner.Watching;

namespace Gleaner.Tests.Jobs;

/// <summary>The watch keys of a job file, under defaults and per target, merged key by key into each target's WatchSpec.</summary>
public class JobFileWatchTests
{
    private static Dictionary<string, Target> Targets(string yaml) =>
        JobFileParser.Parse(yaml, "watch.yaml").Targets.ToDictionary(t => t.Name);

    [Fact]
    public void Parse_EveryAndKeepUnderDefaults_WatchEveryTargetWithOneSchedule()
    {
        var job = JobFileParser.Parse("""
            defaults: { every: 1h, keep: 90d }
            targets:
              - { name: a, url: 'https://example.com/a' }
              - { name: b, url: 'https://example.com/b' }
            """, "watch.yaml");

        var a = job.Targets[0].Watch!;
        Assert.Equal(TimeSpan.FromHours(1), Assert.IsType<EverySchedule>(a.Schedule).Interval);
        Assert.Same(a.Schedule, job.Targets[1].Watch!.Schedule);
        Assert.Equal(TimeSpan.FromDays(90), a.Keep);
        Assert.Null(a.Threshold);
        Assert.Empty(a.Notify);
        Assert.Equal(TimeSpan.FromDays(90), job.DefaultKeep);
    }

    [Fact]
    public void Parse_NoEveryOrCronAnywhere_LeavesTargetsUnwatched()
    {
        var job = JobFileParser.Parse("targets:\n  - { name: a, url: 'https://example.com/' }\n", "watch.yaml");

        Assert.Null(job.Targets[0].Watch);
        Assert.Null(job.DefaultKeep);
    }

    [Fact]
    public void Parse_TargetCron_ReplacesTheDefaultEvery()
    {
        var targets = Targets("""
            defaults: { every: 10m }
            targets:
              - { name: a, url: 'https://example.com/a' }
              - { name: b, url: 'https://example.com/b', cron: '0 9 * * MON-FRI', timezone: Europe/Paris }
            """);

        Assert.Equal(TimeSpan.FromMinutes(10), Assert.IsType<EverySchedule>(targets["a"].Watch!.Schedule).Interval);
        var cron = Assert.IsType<CronSchedule>(targets["b"].Watch!.Schedule);
        Assert.Equal("0 9 * * MON-FRI", cron.Expression);
        Assert.Equal("Europe/Paris", cron.TimeZone.Id);
    }

    [Fact]
    public void Parse_DefaultCronAndTimeZone_MergeKeyByKey()
    {
        var targets = Targets("""
            defaults:
              cron: '0 9 * * *'
              timezone: America/New_York
            targets:
              - { name: inherits, url: 'https://example.com/1' }
              - { name: every, url: 'https://example.com/2', every: 10m }
              - { name: zone, url: 'https://example.com/3', timezone: Europe/Berlin }
              - { name: cron, url: 'https://example.com/4', cron: '30 * * * *' }
            """);

        Assert.Equal("cron 0 9 * * * in America/New_York", targets["inherits"].Watch!.Schedule.ToString());
        Assert.Equal(TimeSpan.FromMinutes(10), Assert.IsType<EverySchedule>(targets["every"].Watch!.Schedule).Interval);
        Assert.Equal("cron 0 9 * * * in Europe/Berlin", targets["zone"].Watch!.Schedule.ToString());
        Assert.Equal("cron 30 * * * * in America/New_York", targets["cron"].Watch!.Schedule.ToString());
    }

    [Fact]
    public void Parse_CronWithoutTimeZone_IsInUtcAndMayHaveSeconds()
    {
        var cron = Assert.IsType<CronSchedule>(Targets("targets:\n  - { name: a, url: 'https://example.com/', cron: '30 */5 * * * *' }\n")["a"].Watch!.Schedule);

        Assert.Same(TimeZoneInfo.Utc, cron.TimeZone);
        Assert.Equal(TimeSpan.FromMinutes(5), cron.Period);
    }

    [Fact]
    public void Parse_TargetKeep_WinsOverTheDefaultsAndLeavesDefaultKeep()
    {
        var job = JobFileParser.Parse("""
            defaults: { every: 1h, keep: 30d }
            targets:
              - { name: a, url: 'https://example.com/a', keep: 12h }
            """, "watch.yaml");

        Assert.Equal(TimeSpan.FromHours(12), job.Targets[0].Watch!.Keep);
        Assert.Equal(TimeSpan.FromDays(30), job.DefaultKeep);
    }

    [Fact]
    public void Parse_Threshold_AppliesToNumbersAndADefaultSkipsOtherTypes()
    {
        var targets = Targets("""
            defaults: { every: 1h, threshold: 0.5 }
            targets:
              - { name: number, url: 'https://example.com/1', value: { type: number } }
              - { name: integer, url: 'https://example.com/2', value: { type: integer }, threshold: 2 }
              - { name: text, url: 'https://example.com/3' }
            """);

        Assert.Equal(0.5, targets["number"].Watch!.Threshold);
        Assert.Equal(2, targets["integer"].Watch!.Threshold);
        Assert.Null(targets["text"].Watch!.Threshold);
    }

    [Fact]
    public void Parse_NotifyMapping_GivesOneRuleWithTheDefaults()
    {
        var rule = Assert.Single(Targets("""
            defaults:
              every: 1h
              notify: { url: 'https://hooks.example.com/gleaner' }
            targets:
              - { name: a, url: 'https://example.com/' }
            """)["a"].Watch!.Notify);

        Assert.Equal(new NotifyRule { Url = new Uri("https://hooks.example.com/gleaner") }, rule);
        Assert.Equal(NotifyOn.Change | NotifyOn.Failure | NotifyOn.Recovery, rule.On);
        Assert.Equal(1, rule.FailuresInARow);
        Assert.Null(rule.BearerEnv);
    }

    [Fact]
    public void Parse_NotifyList_ReplacesTheDefaultsAndEmptySendsNothing()
    {
        var targets = Targets("""
            defaults:
              every: 1h
              notify: { url: 'https://hooks.example.com/all' }
            targets:
              - name: a
                url: https://example.com/a
                notify:
                  - { url: 'https://hooks.example.com/changes', on: change }
                  - url: http://127.0.0.1:9000/pager
                    on: [failure, recovery]
                    after: 3
                    bearer_env: PAGER_TOKEN
              - { name: b, url: 'https://example.com/b', notify: [] }
              - { name: c, url: 'https://example.com/c' }
            """);

        Assert.Equal(
            [
                new NotifyRule { Url = new Uri("https://hooks.example.com/changes"), On = NotifyOn.Change },
                new NotifyRule { Url = new Uri("http://127.0.0.1:9000/pager"), On = NotifyOn.Failure | NotifyOn.Recovery, FailuresInARow = 3, BearerEnv = "PAGER_TOKEN" },
            ],
            targets["a"].Watch!.Notify);
        Assert.Empty(targets["b"].Watch!.Notify);
        Assert.Equal(new Uri("https://hooks.example.com/all"), Assert.Single(targets["c"].Watch!.Notify).Url);
    }

    [Fact]
    public void Parse_UnquotedCron_IsReadAsWritten()
    {
        // A cron expression that starts with a digit needs no quotes in YAML.
        var cron = Assert.IsType<CronSchedule>(Targets("targets:\n  - name: a\n    url: https://example.com/\n    cron: 0 9 * * 1-5\n")["a"].Watch!.Schedule);

        Assert.Equal("0 9 * * 1-5", cron.Expression);
    }
}
