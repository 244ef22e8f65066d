using System.Reflection;

namespace Gleaner.Cluster.Tests.Processes;

/// <summary>The built <c>gleaner-cluster</c> and <c>gleaner</c> (their dlls, run by <c>dotnet</c>, as the project references build them).</summary>
internal static class GleanerCluster
{
    private static readonly string Dll = typeof(GleanerCluster).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "GleanerClusterDll").Value!;

    // The test host is its own executable; dotnet test names the dotnet that runs it.
    private static readonly string Dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    private static readonly string CliDll = typeof(GleanerCluster).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "GleanerCliDll").Value!;

    /// <summary>Starts <c>gleaner-cluster ARGS</c> and leaves it running.</summary>
    public static ChildProcess Start(params string[] arguments) => ChildProcess.Start(Dotnet, [Dll, .. arguments]);

    /// <summary>Starts <c>gleaner ARGS</c> (the one-node tool, its JIT build) and leaves it running.</summary>
    public static ChildProcess StartGleaner(params string[] arguments) => ChildProcess.Start(Dotnet, [CliDll, .. arguments]);

    /// <summary>Runs <c>gleaner-cluster ARGS</c> to its end (at most 30 s).</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        await using var process = Start(arguments);
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (exit, process.Stdout, process.Stderr);
    }

    /// <summary>A silo on free loopback ports, started and observed until it prints "silo up" (at most 30 s).</summary>
    public static async Task<(ChildProcess Process, int Port, int GatewayPort)> StartSiloAsync(params string[] membership)
    {
        var (port, gatewayPort) = (FreePort.Next(), FreePort.Next());
        var silo = Start(["silo", "--port", $"{port}", "--gateway-port", $"{gatewayPort}", .. membership]);
        try
        {
            await silo.WaitForLineAsync("silo up: ", TimeSpan.FromSeconds(30));
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        return (silo, port, gatewayPort);
    }
}
