using System.Globalization;
using System.Text;
using static Gleaner.Tests.Fuzz.YamlNode;

namespace Gleaner.Tests.Fuzz;

/// <summary>
/// Writes job files from the schema (docs/job-files.md): every key with values in range, out of range and of the
/// wrong type; unknown and misplaced keys; rules from the regex and JSONPath generators; and around them the YAML
/// that a job never needs: anchors, aliases, tags, BOMs, directives, second documents, deep nesting. A third of
/// the files are clean, every value valid, so the schema's happy path is fuzzed as well as its errors.
/// </summary>
internal sealed class JobFileGenerator
{
    public static readonly string[] Tokens =
    [
        ": ", "- ", "-", "{", "}", "[", "]", ", ", "&a ", "*a", "<<: ", "!!str ", "!!binary ", "%YAML 1.2\n", "---\n",
        "...\n", "\t", "\uFEFF", "|", ">", "'", "\"", "#", "? ", "\n", "\r\n", "  ", "defaults:", "targets:", "name:",
        "url:", "extract:", "value:", "every:", "timeout:", "stall:", "max_bytes:", "per_host:", "regex:", "css:",
        "jsonpath:", "type: number", "min:", "pattern:", "http://127.0.0.1/", "10s", "2KiB/5s", "\\u", "\\x", "\\",
        "cron:", "timezone:", "keep:", "threshold:", "notify:", "on:", "after:", "bearer_env:", "token:", "'*/5 * * * *'",
        "0 * * * *", "Europe/Paris", "90d",
    ];

    private static readonly string[] LimitKeys = ["timeout", "headers_timeout", "connect_timeout", "stall", "max_bytes", "max_redirects", "allow_private"];
    private static readonly string[] RunKeys = ["retries", "concurrency", "per_host", "robots", "key_by", "max_retry_after"];
    private static readonly string[] WatchKeys = ["every", "cron", "timezone", "keep", "threshold", "notify"];
    private static readonly string[] NotifyKeys = ["url", "on", "after", "bearer_env"];
    private static readonly string[] PerHostKeys = ["concurrency", "delay", "jitter"];
    private static readonly string[] ValueKeys = ["type", "unit", "min", "max", "pattern", "max_length"];
    private static readonly string[] RuleKinds = ["regex", "css", "xpath", "jsonpath", "jsonpointer"];

    private static readonly Pool Durations = new(["10s", "500ms", "2m", "1h", "1s", "250ms"], ["0s", "1ms", "0.5s", "-1s", "1e3s", "10", "s", "10 s", "1d", "99999999999h", "9223372036854775807ms", "1.5h", "PT10S", "\u221Es", "2h30m", "1\uFF10s"]);
    private static readonly Pool Sizes = new(["2MiB", "500KiB", "64KB", "1GiB", "1024"], ["1GB", "2GiB", "0", "1", "-1", "1.5MiB", "1e9", "99999999999999999999TiB", "MiB", "10 MiB", "1kib", "8EiB"]);
    private static readonly Pool Stalls = new(["2KiB/5s", "off", "1KiB/10s"], ["on", "2KiB", "2KiB/", "/5s", "0/5s", "2KiB/0s", "1GiB/1ms", "a/b", "1/1/1", "OFF"]);
    private static readonly Pool Booleans = new(["true", "false"], ["True", "FALSE", "yes", "no", "on", "1", "0", "~"]);
    private static readonly Pool KeyBy = new(["host", "domain"], ["Host", "ip"]);
    private static readonly Pool Types = new(["number", "integer", "text", "boolean", "timestamp"], ["float", "Number", "0"]);
    private static readonly Pool Counts = new(["1", "2", "4", "10"], ["0", "-1", "100001", "1.5", "1e3", "0x10", "99999999999"]);
    private static readonly Pool Regexes = new([@"(-?\d+(?:\.\d+)?)\s*°?F", "^Temperature: (-?[0-9.]+) F", @"(?x) \d+ # n", "[A-Z]{4}", "(a|b)*c"], []);
    private static readonly Pool JsonPaths = new(["$.properties.temperature.value", "$..a[?@.b > 1]", "$['a'][0:2]", "$.a[-1]", "$[?length(@) == 2]"], []);
    private static readonly Pool Css = new(["p.temp", "#current_conditions-summary p.myforecast-current-lrg", "p:nth-child(2n+1)", "td > b"], ["a[", ":has(", "*|*", "p::before", "", "]]", "a >", "p:contains('x')", "\\", "svg|a"]);
    private static readonly Pool XPaths = new(["//p", "/a/b/@c", "count(//p)", "string(//p)", "(//p)[1]/text()"], ["//p[", "//yweather:condition/@temp", "]]", "1 div 0", "", "//*[name()='x']", "$x", "//p[@a=\"1\"]"]);
    private static readonly Pool Crons = new(["0 * * * *", "*/5 * * * *", "30 2 * * *", "0 9 * * MON-FRI", "15 30 * * * *", "0 0 L * *", "@daily"], ["0 0 30 2 *", "61 * * * *", "* * *", "H * * * *", "* * * * * * *", "@never", "0 0 31 2,4 *", "0 0 ? * 9", "1-"]);
    private static readonly Pool Zones = new(["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"], ["Europe/Pariss", "Paris", "europe/paris", "../../etc/passwd", "/etc/localtime", "Etc/GMT+99", "zone.tab", "\u00e9"]);
    private static readonly Pool Keeps = new(["90d", "1h", "30d", "365d", "12h"], ["30m", "400d", "forever", "0s", "1ms"]);
    private static readonly Pool Thresholds = new(["0", "0.5", "2", "1e3"], ["-1", "much", ".nan", "-0.1", "1e400"]);
    private static readonly Pool NotifyOn = new(["change", "failure", "recovery"], ["chnage", "Change", "all", ""]);
    private static readonly Pool EnvNames = new(["HOOK_TOKEN", "_X", "pager_token2"], ["1A", "a-b", "", "ey.J9", "A B"]);
    private static readonly Pool Pointers = new(["/a/0", "/properties/temperature/value", "/~0~1", "/-"], ["~2", "a", "", "/", "/01", "/\uD800"]);

    private readonly Random _random;
    private readonly bool _clean;

    private JobFileGenerator(Random random)
    {
        _random = random;
        _clean = random.Next(3) == 0;
    }

    public static string JobFile(Random random) => new JobFileGenerator(random).Write();

    private string Write()
    {
        var text = new StringBuilder();
        text.Append(_clean ? "" : _random.Next(15) switch
        {
            0 => "\uFEFF",
            1 => "%YAML 1.2\n---\n",
            2 => "---\n",
            3 => "# a job\n",
            4 => "%TAG ! tag:example.com,2000:\n---\n",
            _ => "",
        });
        text.Append(new YamlWriter(_random, _clean).Write(Job()));
        text.Append(_clean ? "" : _random.Next(20) switch
        {
            0 => "...\n",
            1 => "---\ntargets: []\n",
            2 => "\0",
            3 => new string(' ', _random.Next(10)) + "trailing: garbage\n",
            _ => "",
        });
        return text.ToString();
    }

    private Mapping Job()
    {
        var entries = new List<(string, YamlNode)>();
        if (_random.Next(5) < 3)
        {
            entries.Add(("defaults", Maybe(Defaults())));
        }

        if (_clean || _random.Next(20) != 0)
        {
            var count = _random.Next(15) == 0 ? 1 + _random.Next(300) : 1 + _random.Next(4);
            entries.Add(("targets", Maybe(new Sequence([.. Enumerable.Range(0, count).Select(i => Maybe(Target(i)))]))));
        }

        if (!_clean && _random.Next(10) == 0)
        {
            entries.Add((_random.Next(2) == 0 ? "target" : "extra", new Scalar("x")));
        }

        Shuffle(entries);
        return new Mapping(entries);
    }

    private Mapping Defaults()
    {
        var keys = LimitKeys.Concat(RunKeys).Where(_ => _random.Next(3) == 0).Concat(Watch(_random.Next(2) == 0)).ToList();
        if (!_clean && _random.Next(10) == 0)
        {
            keys.Add(_random.Next(3) switch { 0 => "timout", 1 => "name", _ => "every" });
        }

        return new Mapping([.. keys.Select(k => (k, Maybe(Value(k))))]);
    }

    private Mapping Target(int index)
    {
        var entries = new List<(string, YamlNode)>();
        if (_clean || _random.Next(12) != 0)
        {
            entries.Add(("name", Maybe(new Scalar(Name(index)))));
        }

        if (_clean || _random.Next(12) != 0)
        {
            entries.Add(("url", Maybe(new Scalar(Url()))));
        }

        if (_random.Next(3) != 0)
        {
            entries.Add(("extract", Maybe(Extract())));
        }

        if (_random.Next(3) == 0)
        {
            entries.Add(("value", Maybe(ValueSpec())));
        }

        foreach (var key in LimitKeys.Append("retries").Where(_ => _random.Next(12) == 0).Concat(Watch(_random.Next(6) == 0)))
        {
            entries.Add((key, Maybe(Value(key))));
        }

        if (!_clean && _random.Next(15) == 0)
        {
            entries.Add((_random.Next(4) switch { 0 => "evry", 1 => "name", 2 => "tiemzone", _ => "concurrency" }, new Scalar("dup")));
        }

        Shuffle(entries);
        return new Mapping(entries);
    }

    /// <summary>
    /// Watch keys for one place: in a clean file one schedule (every, or cron with perhaps a timezone) and what goes
    /// with it; otherwise any of them, clashes and orphans included.
    /// </summary>
    private IEnumerable<string> Watch(bool scheduled)
    {
        if (!_clean)
        {
            return WatchKeys.Where(_ => _random.Next(8) == 0);
        }

        if (!scheduled)
        {
            return [];
        }

        var keys = new List<string>();
        if (_random.Next(2) == 0)
        {
            keys.Add("every");
        }
        else
        {
            keys.Add("cron");
            if (_random.Next(2) == 0)
            {
                keys.Add("timezone");
            }
        }

        keys.AddRange(WatchKeys[3..].Where(k => k != "threshold" && _random.Next(3) == 0));
        return keys;
    }

    private YamlNode Notify()
    {
        var rules = Enumerable.Range(0, _random.Next(3) == 0 ? _random.Next(4) : 1).Select(_ => (YamlNode)NotifyRule()).ToList();
        return rules.Count == 1 && _random.Next(2) == 0 ? rules[0] : new Sequence(rules);
    }

    private Mapping NotifyRule()
    {
        var entries = new List<(string, YamlNode)> { ("url", Maybe(new Scalar(Url()))) };
        foreach (var key in NotifyKeys.Skip(1).Where(_ => _random.Next(3) == 0))
        {
            entries.Add((key, key switch
            {
                "on" => _random.Next(2) == 0 ? new Scalar(Pick(NotifyOn)) : new Sequence([.. Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => (YamlNode)new Scalar(Pick(NotifyOn)))]),
                "after" => new Scalar(Pick(Counts)),
                _ => new Scalar(Pick(EnvNames)),
            }));
        }

        if (!_clean && _random.Next(10) == 0)
        {
            entries.Add((_random.Next(3) switch { 0 => "token", 1 => "bearer", _ => "urll" }, new Scalar("s3cr3t")));
        }

        if (!_clean && _random.Next(15) == 0)
        {
            entries.RemoveAt(0);
        }

        Shuffle(entries);
        return new Mapping(entries);
    }

    private YamlNode Value(string key) => key switch
    {
        "timeout" or "headers_timeout" or "connect_timeout" or "max_retry_after" or "every" => new Scalar(Pick(Durations)),
        "stall" => new Scalar(Pick(Stalls)),
        "cron" => new Scalar(Pick(Crons)),
        "timezone" => new Scalar(Pick(Zones)),
        "keep" => new Scalar(Pick(Keeps)),
        "threshold" => new Scalar(Pick(Thresholds)),
        "notify" => Notify(),
        "max_bytes" => new Scalar(Pick(Sizes)),
        "allow_private" or "robots" => new Scalar(Pick(Booleans)),
        "key_by" => new Scalar(Pick(KeyBy)),
        "per_host" => new Mapping([.. PerHostKeys.Append(_clean ? "delay" : "delya").Where(_ => _random.Next(2) == 0)
            .Select(k => (k, (YamlNode)new Scalar(k == "concurrency" ? Pick(Counts) : Pick(Durations))))]),
        _ => new Scalar(Pick(Counts)),
    };

    private string Name(int index) => _clean ? $"t{index}" : _random.Next(12) switch
    {
        0 => "",
        1 => " ",
        2 => "a\tb",
        3 => new string('n', 150 + _random.Next(100)),
        4 => "dup",
        5 => "t\u0000" + index,
        6 => Interesting.Char(_random) + index,
        _ => "t" + index.ToString(CultureInfo.InvariantCulture),
    };

    private string Url() => _clean ? $"http://127.0.0.1:{_random.Next(1, 65536)}/p/{_random.Next(100)}" : _random.Next(10) switch
    {
        0 or 1 => FuzzCorpus.Urls.Value[_random.Next(FuzzCorpus.Urls.Value.Length)],
        2 => "http://127.0.0.1:8080/" + new string('a', _random.Next(2) == 0 ? 8200 : 100),
        3 => "https://example.com/" + Interesting.Char(_random),
        _ => $"http://127.0.0.1:{_random.Next(1, 70000)}/p/{_random.Next(100)}",
    };

    private YamlNode Extract()
    {
        var rules = Enumerable.Range(0, _clean ? 1 + _random.Next(3) : _random.Next(4)).Select(_ => (YamlNode)Rule()).ToList();
        return rules.Count == 1 && _random.Next(2) == 0 ? rules[0] : new Sequence(rules);
    }

    private Mapping Rule()
    {
        var kind = RuleKinds[_random.Next(RuleKinds.Length)];
        if (!_clean && _random.Next(8) == 0)
        {
            kind = _random.Next(3) switch { 0 => "regexp", 1 => "Regex", _ => "" };
        }

        var rule = new Mapping([(kind, new Scalar(Expression(kind)))]);
        if (!_clean && _random.Next(20) == 0)
        {
            rule.Entries.Add(("css", new Scalar("p")));
        }

        return rule;
    }

    private string Expression(string kind) => kind switch
    {
        "regex" => _clean ? Pick(Regexes) : RegexGenerator.Pattern(_random),
        "jsonpath" => _clean ? Pick(JsonPaths) : _random.Next(2) == 0 ? JsonPathGenerator.Query(_random) : FuzzCorpus.JsonPaths.Value[_random.Next(FuzzCorpus.JsonPaths.Value.Length)],
        "css" => Pick(Css),
        "xpath" => Pick(XPaths),
        _ => Pick(Pointers),
    };

    private Mapping ValueSpec()
    {
        var entries = new List<(string, YamlNode)>();
        var type = Pick(Types);
        foreach (var key in ValueKeys.Where(_ => _random.Next(3) == 0))
        {
            entries.Add((key, key switch
            {
                "type" => new Scalar(type),
                "unit" => new Scalar(_clean || _random.Next(2) == 0 ? "F" : Interesting.Char(_random)),
                "min" or "max" when _clean && type is not ("number" or "integer") => new Scalar("~"),
                "min" => new Scalar(_clean ? "-80" : Number()),
                "max" => new Scalar(_clean ? "140" : Number()),
                "pattern" => new Scalar(_clean ? Pick(Regexes) : RegexGenerator.Pattern(_random)),
                _ => new Scalar(Pick(Counts)),
            }));
        }

        if (!_clean && _random.Next(10) == 0)
        {
            entries.Add(("maxlen", new Scalar("10")));
        }

        return new Mapping(entries);
    }

    private string Number() =>
        _random.Next(2) == 0 ? Interesting.Number(_random) : _random.Next(-100, 200).ToString(CultureInfo.InvariantCulture);

    // Now and then a node of the wrong shape: what a schema reader must refuse without tripping over.
    private YamlNode Maybe(YamlNode node) => _clean ? node : _random.Next(25) switch
    {
        0 => new Scalar(_random.Next(2) == 0 ? Interesting.Number(_random) : ""),
        1 => new Sequence(_random.Next(2) == 0 ? [] : [node]),
        2 => new Mapping(_random.Next(2) == 0 ? [] : [("x", node)]),
        3 => new Verbatim(_random.Next(3) switch { 0 => "~", 1 => "null", _ => "!!binary aGk=" }),
        4 => Nested(node),
        _ => node,
    };

    private YamlNode Nested(YamlNode node)
    {
        var depth = _random.Next(2) == 0 ? 1 + _random.Next(40) : 1 + _random.Next(3000);
        for (var i = 0; i < depth; i++)
        {
            node = _random.Next(2) == 0 ? new Sequence([node]) : new Mapping([("k", node)]);
        }

        return node;
    }

    private string Pick(Pool pool) =>
        _clean || pool.Invalid.Length == 0 || _random.Next(3) != 0
            ? pool.Valid[_random.Next(pool.Valid.Length)]
            : pool.Invalid[_random.Next(pool.Invalid.Length)];

    private void Shuffle<T>(List<T> list)
    {
        if (_random.Next(3) == 0)
        {
            var array = list.ToArray();
            _random.Shuffle(array);
            list.Clear();
            list.AddRange(array);
        }
    }

    /// <summary>Values a key takes, and values of the right shape it refuses.</summary>
    private sealed record Pool(string[] Valid, string[] Invalid);
}
