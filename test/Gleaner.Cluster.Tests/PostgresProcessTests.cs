using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gleaner.Cluster.Tests.Processes;
using Gleaner.Tests.Storage;

namespace Gleaner.Cluster.Tests;

/// <summary>
/// <c>gleaner-cluster silo|status|run --postgres</c> as real processes on a PostgreSQL of the test's own: the first
/// silo creates the tables, silos list each other Active, a killed one turns Dead, a batch writes every record once;
/// a user without CREATE rights (for the membership or for the watch store) and an unreachable server are one line each.
/// </summary>
public sealed class PostgresProcessTests
{
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Silo_OnPostgres_CreatesTheTables_AndStatusListsItActive()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var (silo, port, _) = await GleanerCluster.StartSiloAsync("--postgres", postgres.ConnectionString());
        await using (silo)
        {
            var status = await GleanerCluster.RunAsync("status", "--postgres", postgres.ConnectionString());

            Assert.Equal(0, status.Exit);
            Assert.Equal([(port, "Active")], StatusLines(status.Stdout));

            await silo.SignalAsync("TERM");
            Assert.Equal(143, await silo.WaitForExitAsync(StopWithin));
        }
    }

    [Fact]
    public async Task Silos_StartedTogetherOnOnePostgres_BothActive_AndAKilledOneTurnsDead()
    {
        await using var postgres = await PostgresServer.StartAsync();
        // Both find the tables missing at once: one creates them under the advisory lock, the other waits and skips.
        var starting = new[] { GleanerCluster.StartSiloAsync("--postgres", postgres.ConnectionString()), GleanerCluster.StartSiloAsync("--postgres", postgres.ConnectionString()) };
        var started = await Task.WhenAll(starting);
        var (first, firstPort, _) = started[0];
        var (second, secondPort, _) = started[1];
        await using (first)
        await using (second)
        {
            var both = await GleanerCluster.RunAsync("status", "--postgres", postgres.ConnectionString());

            Assert.Equal(0, both.Exit);
            Assert.Equal(new[] { (firstPort, "Active"), (secondPort, "Active") }.Order(), StatusLines(both.Stdout).Order());

            second.KillHard();
            var afterKill = await PollStatusAsync(postgres.ConnectionString(), s => s.Contains((secondPort, "Dead")), TimeSpan.FromSeconds(60));

            Assert.Equal(new[] { (firstPort, "Active"), (secondPort, "Dead") }.Order(), afterKill.Order());
            await first.SignalAsync("TERM");
            Assert.Equal(143, await first.WaitForExitAsync(StopWithin));
        }
    }

    [Fact]
    public async Task Run_OnPostgres_WritesEveryRecordOnce()
    {
        const int targets = 40;
        await using var postgres = await PostgresServer.StartAsync();
        await using var site = await CountingSite.StartAsync();
        using var dir = new TempFolder();
        File.WriteAllLines(dir.File("urls.txt"), Enumerable.Range(0, targets).Select(i => site.Url($"/value/{i}").ToString()));
        var (silo, _, _) = await GleanerCluster.StartSiloAsync("--postgres", postgres.ConnectionString());
        await using (silo)
        {
            var run = await GleanerCluster.RunAsync("run", "--urls", dir.File("urls.txt"), "--css", "#v", "--type", "integer",
                "--allow-private", "--ignore-robots", "--postgres", postgres.ConnectionString(), "--out", dir.File("out.jsonl"));

            Assert.True(run.Exit == 0, $"exit {run.Exit}\n{run.Stderr}");
            var records = File.ReadAllLines(dir.File("out.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(
                Enumerable.Range(0, targets).Select(i => $"{i}:ok:{i}"),
                records.Select(r => $"{ValueOf(r.GetProperty("url").GetString()!)}:{r.GetProperty("outcome").GetString()}:{r.GetProperty("value")}")
                    .OrderBy(s => int.Parse(s[..s.IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture)));
            Assert.Equal(targets, site.Requests);
        }
    }

    [Fact]
    public async Task Silo_UserWithoutCreateRights_FailsWithOneLineNamingWhatToRun_AndStartsOnceTheOwnerRanIt()
    {
        await using var postgres = await PostgresServer.StartAsync();
        // Since PostgreSQL 15 only the database's owner may create tables in its public schema.
        await postgres.SqlAsync("CREATE ROLE crawler LOGIN");

        var refused = await GleanerCluster.RunAsync("silo", "--postgres", postgres.ConnectionString("crawler"), "--port", $"{FreePort.Next()}", "--gateway-port", $"{FreePort.Next()}");

        Assert.Equal(3, refused.Exit);
        Assert.Equal(
            $"gleaner-cluster: the silo did not start (PostgreSQL at 127.0.0.1:{postgres.Port}/postgres): PostgreSQL user 'crawler' may not create the cluster's tables in database 'postgres' (permission denied for schema public); have the database's owner run 'gleaner-cluster schema --grant-to crawler | psql -d postgres' once, then start the silo again",
            refused.Stderr.Trim());
        Assert.Equal("", refused.Stdout);

        var schema = await GleanerCluster.RunAsync("schema", "--grant-to", "crawler");
        Assert.Equal(0, schema.Exit);
        await postgres.SqlAsync(schema.Stdout);
        var (silo, port, _) = await GleanerCluster.StartSiloAsync("--postgres", postgres.ConnectionString("crawler"));
        await using (silo)
        {
            var status = await GleanerCluster.RunAsync("status", "--postgres", postgres.ConnectionString("crawler"));
            Assert.Equal([(port, "Active")], StatusLines(status.Stdout));
        }
    }

    [Fact]
    public async Task Silo_StoreUserWithoutCreateRights_FailsWithOneLineNamingWhatToRun_AndStartsOnceTheOwnerRanSchemaStore()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await postgres.SqlAsync("CREATE ROLE crawler LOGIN");

        // The membership's user may create its tables; the store's may not.
        var refused = await GleanerCluster.RunAsync("silo", "--postgres", postgres.ConnectionString(), "--store", postgres.ConnectionString("crawler"),
            "--port", $"{FreePort.Next()}", "--gateway-port", $"{FreePort.Next()}");

        Assert.Equal(3, refused.Exit);
        Assert.Equal(
            $"gleaner-cluster: the silo did not start: its watch store (PostgreSQL at 127.0.0.1:{postgres.Port}/postgres) could not be opened: PostgreSQL user 'crawler' may not create the sample store's tables "
            + $"in PostgreSQL database 'postgres' on 127.0.0.1:{postgres.Port} (permission denied for schema public); "
            + "have the database's owner create them once: 'gleaner-cluster schema --store --grant-to crawler | psql -d postgres'",
            refused.Stderr.Trim());

        var schema = await GleanerCluster.RunAsync("schema", "--store", "--grant-to", "crawler");
        Assert.Equal(0, schema.Exit);
        await postgres.SqlAsync(schema.Stdout);
        var (silo, port, _) = await GleanerCluster.StartSiloAsync("--postgres", postgres.ConnectionString(), "--store", postgres.ConnectionString("crawler"));
        await using (silo)
        {
            Assert.EndsWith($", watch store PostgreSQL at 127.0.0.1:{postgres.Port}/postgres", silo.Stdout.Trim(), StringComparison.Ordinal);
            var status = await GleanerCluster.RunAsync("status", "--postgres", postgres.ConnectionString());
            Assert.Equal([(port, "Active")], StatusLines(status.Stdout));
        }
    }

    [Fact]
    public async Task Silo_PostgresUnreachable_ExitsWith3AndOneLine()
    {
        var port = FreePort.Next();

        var run = await GleanerCluster.RunAsync("silo", "--postgres", $"Host=127.0.0.1;Port={port};Username=gleaner;Password=s3cret;Database=gleaner");

        Assert.Equal(3, run.Exit);
        Assert.Matches($@"^gleaner-cluster: the silo did not start \(PostgreSQL at 127\.0\.0\.1:{port}/gleaner\): [^\n]+$", run.Stderr.Trim());
        Assert.DoesNotContain("s3cret", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_ConnectionStringWithoutHost_IsAUsageError()
    {
        var run = await GleanerCluster.RunAsync("silo", "--postgres", "Database=gleaner;Password=s3cret");

        Assert.Equal(2, run.Exit);
        Assert.Equal(
            "usage: --postgres: the connection string names no Host, e.g. 'Host=127.0.0.1;Database=gleaner;Username=gleaner'\nNo silo was started.",
            run.Stderr.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Status_RedisAndPostgresTogether_IsAUsageError()
    {
        var run = await GleanerCluster.RunAsync("status", "--redis", "127.0.0.1:6379", "--postgres", "Host=127.0.0.1");

        Assert.Equal(2, run.Exit);
        Assert.StartsWith("usage: --redis and --postgres: choose one membership provider", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_PrintsTheScriptsInOrder_AndNoGrantUnasked()
    {
        var run = await GleanerCluster.RunAsync("schema");

        Assert.Equal(0, run.Exit);
        Assert.Equal(["part 1 of 3", "part 2 of 3", "part 3 of 3"], Regex.Matches(run.Stdout, @"part \d of 3").Select(m => m.Value));
        Assert.DoesNotContain("GRANT", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_GrantToAName_WithAQuote_IsAUsageError()
    {
        var run = await GleanerCluster.RunAsync("schema", "--grant-to", "x\"; DROP TABLE OrleansQuery; --");

        Assert.Equal(2, run.Exit);
        Assert.StartsWith("usage: --grant-to x\"; DROP TABLE OrleansQuery; --: expected a user name", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    // Failure detection is Orleans' (probes every few seconds, 3 missed declare a silo dead): watched from outside,
    // so a bounded poll is the only way to see it.
    private static async Task<List<(int Port, string Status)>> PollStatusAsync(
        string postgres, Func<List<(int Port, string Status)>, bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var status = await GleanerCluster.RunAsync("status", "--postgres", postgres);
            var lines = StatusLines(status.Stdout);
            if (status.Exit == 0 && done(lines))
            {
                return lines;
            }

            Assert.True(DateTime.UtcNow < deadline, $"not seen within {within.TotalSeconds} s; last status (exit {status.Exit}):\n{status.Stdout}{status.Stderr}");
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        }
    }

    private static int ValueOf(string url) => int.Parse(url[(url.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);

    private static List<(int Port, string Status)> StatusLines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => Regex.Match(line, @"^127\.0\.0\.1:(\d+)@\d+ (\w+) \S+$"))
            .Select(m => m.Success ? (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value) : (0, "unparsed"))
            .ToList();
}
