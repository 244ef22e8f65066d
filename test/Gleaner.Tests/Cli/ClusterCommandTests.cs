namespace Gleaner.Tests.Cli;

/// <summary><c>gleaner cluster …</c> becomes <c>gleaner-cluster …</c>: the same arguments, its output and exit code.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ClusterCommandTests
{
    [Fact]
    public async Task Cluster_GleanerClusterOnThePath_RunsItWithTheSameArguments()
    {
        using var bin = new Storage.TempFolder();
        var fake = bin.File("gleaner-cluster");
        // A stand-in that prints each argument it got in brackets and exits 7.
        await File.WriteAllTextAsync(fake, "#!/bin/sh\nprintf '[%s]\\n' \"$@\"\nexit 7\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var run = await GleanerProcess.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["PATH"] = $"{bin.Path}:{Environment.GetEnvironmentVariable("PATH")}" },
            "cluster", "run", "jobs/a b.yaml", "@file", "--redis", "127.0.0.1:6379", "--css", "p; rm -rf /");

        Assert.Equal(7, run.ExitCode);
        Assert.Equal("[run]\n[jobs/a b.yaml]\n[@file]\n[--redis]\n[127.0.0.1:6379]\n[--css]\n[p; rm -rf /]\n", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Cluster_NoGleanerClusterAnywhere_IsAUsageErrorSayingHowToGetIt()
    {
        using var empty = new Storage.TempFolder();

        var run = await GleanerProcess.RunWithEnvironmentAsync(new Dictionary<string, string> { ["PATH"] = empty.Path }, "cluster", "status");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("usage: gleaner cluster needs gleaner-cluster, which is neither beside gleaner (", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("dotnet publish src/Gleaner.Cluster.Host -o ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Cluster_OnlyOnARelativePathEntry_IsNotRun()
    {
        using var bin = new Storage.TempFolder();
        await WriteStandInAsync(bin.File("gleaner-cluster"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        // The same folder, named relative to the working directory gleaner inherits: whatever a checkout holds there.
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, bin.Path);

        var run = await GleanerProcess.RunWithEnvironmentAsync(new Dictionary<string, string> { ["PATH"] = relative }, "cluster", "status");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("usage: gleaner cluster needs gleaner-cluster", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_NotExecutable_IsNotRun()
    {
        using var bin = new Storage.TempFolder();
        await WriteStandInAsync(bin.File("gleaner-cluster"), UnixFileMode.UserRead);

        var run = await GleanerProcess.RunWithEnvironmentAsync(new Dictionary<string, string> { ["PATH"] = bin.Path }, "cluster", "status");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("usage: gleaner cluster needs gleaner-cluster", run.Stderr, StringComparison.Ordinal);
    }

    private static async Task WriteStandInAsync(string path, UnixFileMode mode)
    {
        await File.WriteAllTextAsync(path, "#!/bin/sh\necho ran\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(path, mode);
    }

    [Fact]
    public async Task Help_ListsTheClusterCommand()
    {
        var run = await GleanerProcess.RunAsync("--help");

        Assert.Contains("  cluster ", run.Stdout, StringComparison.Ordinal);
    }
}
