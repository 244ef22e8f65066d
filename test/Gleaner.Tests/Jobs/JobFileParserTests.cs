using Gleaner.Engine;
using Gleaner.Extraction;
using Gleaner.Extraction.Json;
using Gleaner.Fetching;
using Gleaner.Jobs;
using Gleaner.Scheduling;
using Gleaner.Validation;

namespace Gleaner.Tests.Jobs;

public class JobFileParserTests
{
    // The sample job file in PRODUCT.md, as written there.
    private const string ProductSample = """
        defaults:
          timeout: 10s          # total deadline per fetch
          stall: 2KiB/5s        # fail if fewer than 2 KiB arrive in any 5 s window
          max_bytes: 2MiB
          per_host: { concurrency: 2, delay: 1s }
        targets:
          - name: nyc
            url: https://forecast.weather.gov/MapClick.php?lat=40.7142&lon=-74.0059
            extract: [ { css: "p.myforecast-current-lrg" }, { regex: '(-?\d+(?:\.\d+)?)\s*°F' } ]
            value: { type: number, unit: F, min: -80, max: 140 }
            every: 1h
          - name: nyc-api
            url: https://api.weather.gov/stations/KNYC/observations/latest
            extract: { jsonpath: "$.properties.temperature.value" }
            value: { type: number, unit: C, min: -60, max: 60 }
        """;

    [Fact]
    public void Parse_ProductSample_GivesTheRunSettingsAndDefaults()
    {
        var job = JobFileParser.Parse(ProductSample, "weather.yaml");

        Assert.Equal(RunSettings.Default with { PerHostConcurrency = 2, PerHostDelay = TimeSpan.FromSeconds(1) }, job.Settings);
        // 10s, 2KiB/5s and 2MiB are the documented defaults.
        Assert.Equal(FetchLimits.Default, job.Defaults);
        Assert.Null(job.DefaultRetries);
        Assert.Equal(2, job.Targets.Count);
    }

    [Fact]
    public void Parse_ProductSample_GivesTheHtmlTarget()
    {
        var nyc = JobFileParser.Parse(ProductSample, "weather.yaml").Targets[0];

        Assert.Equal("nyc", nyc.Name);
        Assert.Equal(new Uri("https://forecast.weather.gov/MapClick.php?lat=40.7142&lon=-74.0059"), nyc.Url);
        Assert.Collection(nyc.Extract!.Steps,
            step => Assert.Equal("css: p.myforecast-current-lrg", Assert.IsType<CssStep>(step).ToString()),
            step => Assert.Equal(@"regex: (-?\d+(?:\.\d+)?)\s*°F", Assert.IsType<RegexStep>(step).ToString()));
        Assert.Equal(new ValueSpec(ValueKind.Number, "F", -80, 140), nyc.Value);
        Assert.Equal(TimeSpan.FromHours(1), Assert.IsType<EverySchedule>(nyc.Watch?.Schedule).Interval);
        Assert.Equal(FetchLimits.Default, nyc.Limits);
        Assert.Null(nyc.Retries);
        Assert.Equal("weather.yaml:7:5", nyc.Source);
    }

    [Fact]
    public void Parse_ProductSample_GivesTheJsonTarget()
    {
        var api = JobFileParser.Parse(ProductSample, "weather.yaml").Targets[1];

        Assert.Equal("nyc-api", api.Name);
        Assert.Equal(new Uri("https://api.weather.gov/stations/KNYC/observations/latest"), api.Url);
        Assert.IsType<JsonPathStep>(Assert.Single(api.Extract!.Steps));
        Assert.Equal(new ValueSpec(ValueKind.Number, "C", -60, 60), api.Value);
        Assert.Null(api.Watch);
        Assert.Equal("weather.yaml:12:5", api.Source);
    }

    [Fact]
    public void Parse_EveryKey_SetsItsField()
    {
        const string yaml = """
            defaults:
              timeout: 20s
              headers_timeout: 3s
              connect_timeout: 2s
              stall: off
              max_bytes: 5MiB
              max_redirects: 3
              allow_private: true
              retries: 4
              concurrency: 64
              per_host: { concurrency: 8, delay: 250ms, jitter: 100ms }
              robots: false
              key_by: domain
              max_retry_after: 1m
            targets:
              - name: a
                url: http://127.0.0.1:8080/status
              - name: b
                url: https://example.com/
                timeout: 30s
                headers_timeout: 4s
                connect_timeout: 1500ms
                stall: 1KiB/10s
                max_bytes: 64KiB
                max_redirects: 0
                allow_private: false
                retries: 0
                value: { type: text, pattern: 'OK|DEGRADED', max_length: 10 }
                extract: { jsonpointer: /status }
            """;

        var job = JobFileParser.Parse(yaml, "all.yaml");

        Assert.Equal(new RunSettings
        {
            Concurrency = 64,
            PerHostConcurrency = 8,
            PerHostDelay = TimeSpan.FromMilliseconds(250),
            Jitter = TimeSpan.FromMilliseconds(100),
            Retries = 4,
            MaxRetryAfter = TimeSpan.FromMinutes(1),
            RespectRobots = false,
            KeyByRegistrableDomain = true,
        }, job.Settings);
        var defaults = FetchLimits.Default with
        {
            TotalTimeout = TimeSpan.FromSeconds(20),
            HeadersTimeout = TimeSpan.FromSeconds(3),
            DnsTimeout = TimeSpan.FromSeconds(2),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            TlsTimeout = TimeSpan.FromSeconds(2),
            Stall = StallRule.Off,
            MaxBodyBytes = 5L << 20,
            MaxWireBytes = 5L << 20,
            MaxRedirects = 3,
            AllowPrivate = true,
        };
        Assert.Equal(defaults, job.Defaults);
        Assert.Equal(4, job.DefaultRetries);

        var (a, b) = (job.Targets[0], job.Targets[1]);
        Assert.Equal(defaults, a.Limits);
        Assert.Null(a.Retries);
        Assert.Null(a.Extract);
        Assert.Equal(new ValueSpec(), a.Value);
        Assert.Equal(new FetchLimits
        {
            TotalTimeout = TimeSpan.FromSeconds(30),
            HeadersTimeout = TimeSpan.FromSeconds(4),
            DnsTimeout = TimeSpan.FromMilliseconds(1500),
            ConnectTimeout = TimeSpan.FromMilliseconds(1500),
            TlsTimeout = TimeSpan.FromMilliseconds(1500),
            Stall = new StallRule(1024, TimeSpan.FromSeconds(10)),
            MaxBodyBytes = 64 << 10,
            MaxWireBytes = 64 << 10,
            MaxRedirects = 0,
            AllowPrivate = false,
        }, b.Limits);
        Assert.Equal(0, b.Retries);
        Assert.Equal(new ValueSpec(ValueKind.Text, pattern: "OK|DEGRADED", maxLength: 10), b.Value);
        Assert.IsType<JsonPointerStep>(Assert.Single(b.Extract!.Steps));
    }

    [Fact]
    public void Parse_TargetOverride_KeepsTheOtherDefaults()
    {
        const string yaml = """
            defaults: { timeout: 20s, max_redirects: 2 }
            targets:
              - { name: a, url: "https://example.com/", max_redirects: 5 }
            """;

        var target = Assert.Single(JobFileParser.Parse(yaml, "j.yaml").Targets);

        Assert.Equal(FetchLimits.Default with { TotalTimeout = TimeSpan.FromSeconds(20), MaxRedirects = 5 }, target.Limits);
    }

    [Fact]
    public void Parse_NoDefaults_UsesTheDocumentedDefaults()
    {
        var job = JobFileParser.Parse("targets:\n  - name: a\n    url: https://example.com/\n", "j.yaml");

        Assert.Equal(RunSettings.Default, job.Settings);
        Assert.Equal(FetchLimits.Default, job.Defaults);
        Assert.Null(job.DefaultRetries);
    }

    [Fact]
    public void Parse_SameRuleInManyTargets_SharesOneCompiledStep()
    {
        const string yaml = """
            targets:
              - { name: a, url: "https://a.example/", extract: { regex: '(\d+)' }, value: { type: integer } }
              - { name: b, url: "https://b.example/", extract: { regex: '(\d+)' }, value: { type: integer } }
            """;

        var targets = JobFileParser.Parse(yaml, "j.yaml").Targets;

        Assert.Same(targets[0].Extract!.Steps[0], targets[1].Extract!.Steps[0]);
        Assert.Same(targets[0].Value, targets[1].Value);
    }

    [Fact]
    public void Parse_DuplicateUrls_AreKeptAsSeparateTargets()
    {
        const string yaml = """
            targets:
              - { name: a, url: "https://example.com/" }
              - { name: b, url: "https://example.com/" }
            """;

        Assert.Equal(["a", "b"], JobFileParser.Parse(yaml, "j.yaml").Targets.Select(t => t.Name));
    }

    [Fact]
    public void Parse_AnchorWithoutAlias_IsAccepted()
    {
        var target = Assert.Single(JobFileParser.Parse("targets:\n  - name: &n a\n    url: https://example.com/\n", "j.yaml").Targets);

        Assert.Equal("a", target.Name);
    }
}
