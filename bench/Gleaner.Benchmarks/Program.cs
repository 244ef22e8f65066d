using BenchmarkDotNet.Running;
using Gleaner.Benchmarks.Dashboard;

// dotnet run -c Release --project bench/Gleaner.Benchmarks -- --filter '*' --job short
// dotnet run -c Release --project bench/Gleaner.Benchmarks -- dashboard [options]   (bench/dashboard/run.sh)
if (args is ["dashboard", .. var rest])
{
    return await DashboardBench.RunAsync(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
