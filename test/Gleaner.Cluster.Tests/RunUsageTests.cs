using Gleaner.Cluster.Tests.Processes;
using Gleaner.Tests.Storage;

namespace Gleaner.Cluster.Tests;

/// <summary><c>gleaner-cluster run</c> refuses what it cannot do before it submits anything, one line per problem.</summary>
public sealed class RunUsageTests
{
    [Fact]
    public async Task Run_TargetsThatSendASecretOrABody_AreRefusedByFileLineAndName()
    {
        // A variable of this test's own: the job reads it from the environment gleaner-cluster inherits.
        Environment.SetEnvironmentVariable("GLEANER_CLUSTER_TEST_KEY", "k-123");
        using var dir = new TempFolder();
        var job = dir.File("job.yaml");
        await File.WriteAllTextAsync(job, """
            targets:
              - name: plain
                url: http://127.0.0.1:9/a
                extract: { css: p }
              - name: with-agent
                url: http://127.0.0.1:9/b
                user_agent: probe/1.0
                extract: { css: p }
              - name: with-key
                url: http://127.0.0.1:9/k
                headers: { X-Api-Key: "${GLEANER_CLUSTER_TEST_KEY}" }
                extract: { css: p }
              - name: posted
                url: http://127.0.0.1:9/c
                method: POST
                body: "x=1"
                extract: { css: p }
            """, TestContext.Current.CancellationToken);

        var run = await GleanerCluster.RunAsync("run", job, "--out", dir.File("out.jsonl"));

        Assert.Equal(2, run.Exit);
        Assert.Equal(
            $"usage: {job}:9:5: target 'with-key': the secret header X-Api-Key (a ${{VAR}} value, auth:, Authorization or Cookie: secrets do not cross the silo network): cluster mode does not carry it yet; run this target with gleaner run\n"
            + $"usage: {job}:13:5: target 'posted': method POST: cluster mode does not carry it yet; run this target with gleaner run\n"
            + "Nothing was submitted.",
            run.Stderr.TrimEnd('\n'));
        Assert.False(File.Exists(dir.File("out.jsonl")));
        Assert.DoesNotContain("k-123", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadFlagsAndABadFile_AreReportedTogether()
    {
        using var dir = new TempFolder();
        await File.WriteAllTextAsync(dir.File("urls.txt"), "http://127.0.0.1:9/a\nnot a url\n", TestContext.Current.CancellationToken);

        var run = await GleanerCluster.RunAsync("run", "--urls", dir.File("urls.txt"), "--per-host", "0", "--redis", "nowhere");

        Assert.Equal(2, run.Exit);
        Assert.StartsWith("usage: --redis nowhere: expected HOST:PORT", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("per_host.concurrency must be between 1 and 1000, not 0", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"usage: {dir.File("urls.txt")}:2:1: URL 'not a url' is not absolute", run.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("3 problem(s); nothing was submitted.", run.Stderr.TrimEnd('\n'), StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }
}
