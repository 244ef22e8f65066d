using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Gleaner.Cli.Options;
using Gleaner.Tests.Fetching.Tls;
using Microsoft.AspNetCore.Builder;

namespace Gleaner.Tests.Cli;

/// <summary>
/// --ca-cert, ca_cert and --insecure as a user runs them against a local HTTPS server with the test's own
/// certificates: what is printed, exactly, and what is refused before anything is fetched.
/// </summary>
public sealed class TlsCommandTests : IDisposable
{
    private static readonly X509Certificate2 CaCertificate = TestPki.Ca();
    private readonly string _dir = Directory.CreateTempSubdirectory("gleaner-tls-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Get_LeafOfAPrivateCa_IsTlsWithoutCaCertAndTheValueWithIt()
    {
        using var leaf = TestPki.Leaf(CaCertificate);
        await using var server = await TestPki.ServeAsync(leaf);
        var ca = TestPki.WritePem(_dir, CaCertificate);

        var without = await GleanerProcess.RunAsync("get", server.BaseUri.ToString());
        var with = await GleanerProcess.RunAsync("get", server.BaseUri.ToString(), "--ca-cert", ca);

        Assert.Equal(
            (3, "", $"tls: the certificate of 127.0.0.1 is not trusted (issued by CN=Gleaner Test CA, an unknown CA; add that CA with ca_cert / --ca-cert) ({server.BaseUri})\n"),
            (without.ExitCode, without.Stdout, without.Stderr));
        Assert.Equal((0, "45\n", ""), (with.ExitCode, with.Stdout, with.Stderr));
    }

    [Fact]
    public async Task Get_ExpiredLeafWithItsCa_NamesTheDay()
    {
        using var leaf = TestPki.Leaf(CaCertificate, notBefore: TestPki.ExpiredOn.AddDays(-90), notAfter: TestPki.ExpiredOn);
        await using var server = await TestPki.ServeAsync(leaf);

        var run = await GleanerProcess.RunAsync("get", server.BaseUri.ToString(), "--ca-cert", TestPki.WritePem(_dir, CaCertificate));

        Assert.Equal((3, $"tls: the certificate of 127.0.0.1 expired on 2024-11-01 ({server.BaseUri})\n"), (run.ExitCode, run.Stderr));
    }

    [Fact]
    public async Task Get_LeafForAnotherNameWithItsCa_NamesBothNames()
    {
        using var leaf = TestPki.Leaf(CaCertificate, "other.test");
        await using var server = await TestPki.ServeAsync(leaf);

        var run = await GleanerProcess.RunAsync("get", server.BaseUri.ToString(), "--ca-cert", TestPki.WritePem(_dir, CaCertificate), "--format", "json");

        Assert.Equal((3, $"tls: the certificate is for other.test, not 127.0.0.1 ({server.BaseUri})\n"), (run.ExitCode, run.Stderr));
        Assert.Contains("\"outcome\":\"tls\"", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Insecure_FetchesASelfSignedServerAndWarns()
    {
        using var leaf = TestPki.Leaf(issuer: null);
        await using var server = await TestPki.ServeAsync(leaf);

        var run = await GleanerProcess.RunAsync("get", server.BaseUri.ToString(), "--insecure");

        Assert.Equal((0, "45\n", ConnectionOptions.InsecureWarning + "\n"), (run.ExitCode, run.Stdout, run.Stderr));
    }

    [Fact]
    public async Task Get_CaCertFileMissingOrNotPem_IsAUsageErrorNamingTheFlag()
    {
        var missing = Path.Combine(_dir, "missing.pem");
        var notPem = Path.Combine(_dir, "ca.der");
        await File.WriteAllBytesAsync(notPem, CaCertificate.RawData, TestContext.Current.CancellationToken);

        var first = await GleanerProcess.RunAsync("get", "https://127.0.0.1:9/", "--ca-cert", missing);
        var second = await GleanerProcess.RunAsync("get", "https://127.0.0.1:9/", "--ca-cert", notPem);

        Assert.Equal((2, $"usage: --ca-cert {missing}: no such file\n"), (first.ExitCode, first.Stderr));
        Assert.Equal(
            (2, $"usage: --ca-cert {notPem}: the file holds no PEM certificate (a block from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----)\n"),
            (second.ExitCode, second.Stderr));
    }

    [Fact]
    public async Task Run_JobFileCaCertRelativeToTheJob_TrustsTheCaForThatTargetOnly()
    {
        using var leaf = TestPki.Leaf(CaCertificate);
        await using var server = await TestPki.ServeAsync(leaf);
        File.Move(TestPki.WritePem(_dir, CaCertificate), Path.Combine(_dir, "internal-ca.pem"));
        var job = Path.Combine(_dir, "job.yaml");
        await File.WriteAllTextAsync(job, $"""
            defaults: {"{"} robots: false {"}"}
            targets:
              - {"{"} name: trusted, url: '{server.BaseUri}', ca_cert: internal-ca.pem {"}"}
              - {"{"} name: plain, url: '{server.BaseUri}' {"}"}
            """, TestContext.Current.CancellationToken);

        var run = await GleanerProcess.RunAsync("run", job);

        var records = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(r => r.Contains("\"trusted\"", StringComparison.Ordinal) ? "trusted" : "plain");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"outcome\":\"ok\"", records["trusted"], StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"tls\"", records["plain"], StringComparison.Ordinal);
        Assert.DoesNotContain("--insecure", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_JobFileCaCertMissingOrInsecure_NamesFileLineAndColumnAndFetchesNothing()
    {
        var job = Path.Combine(_dir, "job.yaml");
        await File.WriteAllTextAsync(job, """
            defaults:
              ca_cert: certs/ca.pem
            targets:
              - name: a
                url: https://127.0.0.1:9/
                insecure: true
            """, TestContext.Current.CancellationToken);

        var run = await GleanerProcess.RunAsync("run", job);

        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.Equal(
            $"{job}:2:12: ca_cert: certs/ca.pem ({Path.Combine(_dir, "certs", "ca.pem")}): no such file\n"
            + $"{job}:6:5: insecure: certificate checks cannot be turned off in a job file; for a private CA set ca_cert: FILE "
            + "(for a test, the --insecure flag turns them off for one command)\n"
            + "2 problem(s); nothing was run.\n",
            run.Stderr);
    }

    [Fact]
    public async Task Run_Insecure_WarnsAndFetches()
    {
        using var leaf = TestPki.Leaf(issuer: null);
        await using var server = await TestPki.ServeAsync(leaf);
        var list = Path.Combine(_dir, "urls.txt");
        await File.WriteAllTextAsync(list, server.BaseUri + "\n", TestContext.Current.CancellationToken);

        var run = await GleanerProcess.RunAsync("run", "--urls", list, "--insecure", "--ignore-robots");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith(ConnectionOptions.InsecureWarning + "\n", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"ok\"", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_Insecure_WarnsBeforeWatchingAndFetches()
    {
        using var leaf = TestPki.Leaf(issuer: null);
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestPki.ServeAsync(leaf, app => app.MapGet("/", () =>
        {
            answered.TrySetResult();
            return "45";
        }));
        var job = Path.Combine(_dir, "watch.yaml");
        await File.WriteAllTextAsync(job, $"""
            defaults: {"{"} every: 1s, robots: false {"}"}
            targets:
              - {"{"} name: t, url: '{server.BaseUri}' {"}"}
            """, TestContext.Current.CancellationToken);

        var run = await GleanerProcess.RunAsync(
            p => _ = answered.Task.ContinueWith(
                _ => Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit(), TaskScheduler.Default),
            "watch", job, "--store", Path.Combine(_dir, "watch.db"), "--insecure");

        Assert.Equal(143, run.ExitCode);
        Assert.StartsWith(ConnectionOptions.InsecureWarning + "\nwatching 1 target(s)", run.Stderr, StringComparison.Ordinal);
    }
}
